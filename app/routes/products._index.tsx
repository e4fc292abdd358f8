import { isUnionRole } from "~/domain/roles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CatalogResults } from "~/components/catalog/ProductCard";
import { PackCards } from "~/components/catalog/PackCard";
import { AddToDraftButton, DraftNotice } from "~/components/orders/AddToDraft";
import { SelectField } from "~/components/ui/SelectField";
import { PRODUCT_CATEGORIES, SUPPLIER_KINDS, TRADE_ROLES } from "~/domain/catalog";
import { catalogFacets, searchCatalog } from "~/models/catalog/catalog-search.server";
import { draftItemCount } from "~/models/orders/draft-pack.server";
import { approvedPacks } from "~/models/campaigns/gift-packs.server";
import { getCurrentUser } from "~/utils/session.server";
import { useT } from "~/utils/i18n";
import { parseCatalogParams } from "~/forms/catalog-params.server";
import { catalogArea } from "~/locales/area/catalog";
import { giftPackArea } from "~/locales/area/gift-pack";

export const meta: MetaFunction = () => [{ title: "帮扶产品 · 帮扶集采" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters = parseCatalogParams(url.searchParams);
  const user = await getCurrentUser(request);
  const canAdd = user != null && isUnionRole(user.role);
  // Ready packs lead the first page when no search narrows the catalog, or when a budget per member is given.
  const showPacks = filters.page === 1 && (!filters.q || filters.perMemberMaxFen != null);
  return json({
    result: await searchCatalog(filters),
    facets: await catalogFacets(),
    page: filters.page,
    sort: filters.sort,
    packs: showPacks ? (await approvedPacks({ maxPerMemberFen: filters.perMemberMaxFen })).slice(0, 4) : [],
    canAdd,
    draftCount: canAdd && url.searchParams.has("added") && user ? await draftItemCount(user) : null,
  });
}

export default function Catalog() {
  const t = useT(catalogArea, giftPackArea);
  const { result, facets, page, sort, packs, canAdd, draftCount } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const here = (() => {
    const next = new URLSearchParams(params);
    next.delete("added");
    const search = next.toString();
    return `/products${search ? `?${search}` : ""}`;
  })();
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next.toString()}`;
  };
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{t.catalog.title}</h1>
      <Form method="get" className="card flex flex-col gap-3" role="search">
        <div className="flex gap-2">
          <label htmlFor="q" className="sr-only">
            {t.catalog.searchLabel}
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={params.get("q") ?? ""}
            placeholder={t.catalog.searchPlaceholder}
            className="input"
            translate="no"
          />
          <button type="submit" className="btn-primary shrink-0">
            {t.actions.search}
          </button>
        </div>
        <details open={[...params.keys()].some((k) => k !== "q" && k !== "page")}>
          <summary className="cursor-pointer text-sm font-medium text-brand-700">{t.catalog.filters}</summary>
          <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4">
            <SelectField id="county" name="county" label={t.catalog.county} defaultValue={params.get("county") ?? ""}>
              <option value="">{t.catalog.any}</option>
              {facets.counties.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </SelectField>
            <SelectField id="village" name="village" label={t.catalog.village} defaultValue={params.get("village") ?? ""}>
              <option value="">{t.catalog.any}</option>
              {facets.villages.map((v) => (
                <option key={v.id} value={v.id}>{`${v.county} ${v.name}`}</option>
              ))}
            </SelectField>
            <SelectField id="category" name="category" label={t.catalog.category} defaultValue={params.get("category") ?? ""}>
              <option value="">{t.catalog.any}</option>
              {PRODUCT_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t.categories[c]}
                </option>
              ))}
            </SelectField>
            <SelectField id="kind" name="kind" label={t.catalog.supplierKind} defaultValue={params.get("kind") ?? ""}>
              <option value="">{t.catalog.any}</option>
              {SUPPLIER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t.supplierKinds[k]}
                </option>
              ))}
            </SelectField>
            <SelectField id="role" name="role" label={t.catalog.tradeRole} defaultValue={params.get("role") ?? ""}>
              <option value="">{t.catalog.any}</option>
              {TRADE_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t.tradeRoles[r]}
                </option>
              ))}
            </SelectField>
            <div className="field">
              <label htmlFor="min" className="field-label">
                {t.catalog.minPrice}
              </label>
              <input id="min" name="min" inputMode="decimal" defaultValue={params.get("min") ?? ""} className="input" />
            </div>
            <div className="field">
              <label htmlFor="max" className="field-label">
                {t.catalog.maxPrice}
              </label>
              <input id="max" name="max" inputMode="decimal" defaultValue={params.get("max") ?? ""} className="input" />
            </div>
            <div className="field">
              <label htmlFor="pm" className="field-label">
                {t.giftPack.perMemberFilter}
              </label>
              <input id="pm" name="pm" inputMode="decimal" defaultValue={params.get("pm") ?? ""} className="input" />
            </div>
            <SelectField id="sort" name="sort" label={t.catalog.sort} defaultValue={sort}>
              {(["relevance", "price_asc", "price_desc", "newest", "rating"] as const).map((s) => (
                <option key={s} value={s}>
                  {t.catalog.sorts[s]}
                </option>
              ))}
            </SelectField>
            <label className="col-span-2 flex items-center gap-2 text-sm">
              <input type="checkbox" name="certified" value="1" defaultChecked={params.get("certified") === "1"} className="h-5 w-5" />{" "}
              {t.catalog.certifiedOnly}
            </label>
            <label className="col-span-2 flex items-center gap-2 text-sm">
              <input type="checkbox" name="stock" value="1" defaultChecked={params.get("stock") === "1"} className="h-5 w-5" /> {t.catalog.inStock}
            </label>
          </div>
          <div className="mt-3 flex gap-2">
            <button type="submit" className="btn-secondary">
              {t.catalog.apply}
            </button>
            <Link to="/products" className="btn-secondary">
              {t.catalog.clear}
            </Link>
          </div>
        </details>
      </Form>
      {draftCount != null ? <DraftNotice count={draftCount} /> : null}
      {packs.length ? (
        <section className="flex flex-col gap-2" aria-labelledby="packs-heading">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="packs-heading">{t.giftPack.packsTitle}</h2>
            <Link to="/packs">{t.giftPack.morePacks} →</Link>
          </div>
          <PackCards packs={packs} action={canAdd ? (p) => <AddToDraftButton packId={p.id} redirectTo={here} label={p.name} /> : undefined} />
        </section>
      ) : null}
      <p className="text-sm text-stone-600" aria-live="polite" data-testid="result-count">
        {t.catalog.results(result.total)}
      </p>
      {result.items.length ? (
        <CatalogResults items={result.items} action={canAdd ? (p) => <AddToDraftButton productId={p.id} redirectTo={here} label={p.title} /> : undefined} />
      ) : (
        <p className="card">{t.catalog.noResults}</p>
      )}
      {result.pageCount > 1 ? (
        <nav className="flex items-center justify-center gap-3" aria-label={t.catalog.page(page, result.pageCount)}>
          {page > 1 ? (
            <Link to={pageLink(page - 1)} className="btn-secondary">
              {t.actions.previous}
            </Link>
          ) : null}
          <span className="text-sm">{t.catalog.page(page, result.pageCount)}</span>
          {page < result.pageCount ? (
            <Link to={pageLink(page + 1)} className="btn-secondary">
              {t.actions.next}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
