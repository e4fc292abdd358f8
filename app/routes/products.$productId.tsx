import { isUnionRole } from "~/domain/roles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { idParam } from "~/utils/validation.server";
import { CountsBadge, MarketFlag, TierList } from "~/components/catalog/ProductCard";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { getProductPageFor } from "~/models/catalog/products.server";
import { ListingStateNotice } from "~/components/catalog/ListingStateNotice";
import { draftItemCount } from "~/models/orders/draft-pack.server";
import { AddToDraftButton, DraftNotice } from "~/components/orders/AddToDraft";
import { useLocale, useT } from "~/utils/i18n";
import { notFound } from "~/utils/permissions.server";
import { getCurrentUser } from "~/utils/session.server";
import { catalogArea } from "~/locales/area/catalog";
import { complaintsArea } from "~/locales/area/complaints";
import { listingsArea } from "~/locales/area/listings";
import { formatRating } from "~/domain/order-state";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.product.title} · 帮扶集采` : "帮扶集采" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam.safeParse(params.productId);
  if (!id.success) notFound();
  const user = await getCurrentUser(request);
  // Buyers see live listings only; the owning cooperative also sees its withdrawn or pending one, marked so.
  const product = await getProductPageFor(id.data, user?.role === "SUPPLIER" ? user.org.id : null);
  if (!product) notFound();
  const canAdd = user != null && isUnionRole(user.role);
  const added = new URL(request.url).searchParams.has("added");
  return json({
    product,
    canOrder: user?.role === "BUYER" && product.active && !product.belowMinimumOrder,
    canAdd,
    draftCount: canAdd && added && user ? await draftItemCount(user) : null,
  });
}

export default function ProductPage() {
  const t = useT(catalogArea, complaintsArea, listingsArea);
  const locale = useLocale();
  const { product, canOrder, canAdd, draftCount } = useLoaderData<typeof loader>();
  const cert = product.certificate;
  return (
    <div className="container-page grid gap-4 md:grid-cols-2">
      {!product.active ? (
        <div className="flex flex-col gap-2 md:col-span-2">
          <p className="badge-muted self-start" data-testid="owner-only">
            {t.listings.withdrawnNotice}
          </p>
          <ListingStateNotice product={product} />
        </div>
      ) : null}
      <div className="flex flex-col gap-2">
        {product.photos.length ? (
          product.photos.map((photo, i) => (
            <img
              key={photo}
              src={`/files/${photo}`}
              alt={t.photoAlt(product.title)}
              className="w-full rounded-lg object-cover"
              loading={i ? "lazy" : "eager"}
            />
          ))
        ) : (
          <div className="flex aspect-[4/3] items-center justify-center rounded-lg bg-brand-50 text-5xl text-brand-700">
            <span aria-hidden="true">{labelOf(t.categories, product.category)}</span>
            <span className="sr-only">{t.catalog.noPhoto}</span>
          </div>
        )}
      </div>
      <div className="flex flex-col gap-3">
        <div>
          <p className="text-sm text-stone-600">
            {labelOf(t.categories, product.category)} · {product.code}
          </p>
          <h1>{product.title}</h1>
        </div>
        <div className="flex flex-wrap gap-2" data-testid="badges">
          {product.countsTowardTarget ? <CountsBadge /> : null}
          {cert?.state === "EXPIRED" ? <span className="badge-muted">{t.catalog.expiredBadge}</span> : null}
          {cert?.state === "SUBMITTED" ? <span className="badge-muted">{t.catalog.pendingBadge}</span> : null}
          <MarketFlag priceFen={product.priceFen} marketPriceFen={product.marketPriceFen} />
        </div>
        <p className="text-2xl font-semibold text-brand-700">
          <Money fen={product.priceFen} /> <span className="text-sm font-normal text-stone-600">{t.perUnit(product.unit)}</span>
        </p>
        <TierList tiers={product.tiers} unit={product.unit} />
        {product.marketPriceFen ? (
          <p className="text-sm text-stone-600">
            {t.catalog.marketPrice}: <Money fen={product.marketPriceFen} />
          </p>
        ) : null}
        <dl className="grid grid-cols-2 gap-2 text-sm">
          <div>
            <dt className="text-stone-600">{t.stock}</dt>
            <dd>{product.stock > 0 ? t.units.quantity(product.stock, product.unit) : t.catalog.outOfStock}</dd>
          </div>
          <div>
            <dt className="text-stone-600">{t.catalog.minOrder}</dt>
            <dd>{t.units.quantity(product.minOrderQty, product.unit)}</dd>
          </div>

          <div>
            <dt className="text-stone-600">{t.catalog.leadTime}</dt>
            <dd>{t.catalog.leadTimeDays(product.leadTimeDays)}</dd>
          </div>
          <div>
            <dt className="text-stone-600">{t.catalog.shelfLife}</dt>
            <dd>{product.shelfLifeDays ? t.catalog.shelfLifeDays(product.shelfLifeDays) : "—"}</dd>
          </div>
          <div className="col-span-2">
            <dt className="text-stone-600">{t.catalog.origin}</dt>
            <dd>
              {product.village ? `${product.village.county}${product.village.township}${product.village.name}` : "—"}
              {product.village?.households ? ` · ${t.catalog.households(product.village.households)}` : ""}
            </dd>
          </div>
          <div className="col-span-2">
            <dt className="text-stone-600">{t.catalog.supplier}</dt>
            <dd>
              {product.supplier.name} · {labelOf(t.supplierKinds, product.supplier.kind)} · {labelOf(t.tradeRoles, product.supplier.tradeRole)}
              <br />
              {product.supplier.ratingAverage != null
                ? t.catalog.rating(formatRating(product.supplier.ratingAverage, locale), product.supplier.ratingCount)
                : t.catalog.noRating}
              {" · "}
              <span data-testid="supplier-complaints">{t.complaints.stats(product.supplier.complaintCount)}</span>
            </dd>
          </div>
        </dl>
        {product.stock > 0 && product.belowMinimumOrder ? (
          <p className="field-error" role="status" data-testid="below-minimum">
            {t.listings.belowMinimum(product.stock, product.minOrderQty, product.unit)}
          </p>
        ) : null}
        <section className="card" aria-labelledby="cert">
          <h2 id="cert">{t.catalog.certificate}</h2>
          {cert && cert.state !== "SUBMITTED" && cert.state !== "REJECTED" ? (
            <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
              <div>
                <dt className="text-stone-600">{t.catalog.certificateNumber}</dt>
                <dd>{cert.number}</dd>
              </div>
              <div>
                <dt className="text-stone-600">{t.catalog.certificateLevel}</dt>
                <dd>{labelOf(t.certificateLevels, cert.level)}</dd>
              </div>
              <div>
                <dt className="text-stone-600">{t.catalog.issuer}</dt>
                <dd>{cert.issuer}</dd>
              </div>
              <div>
                <dt className="text-stone-600">{t.catalog.validity}</dt>
                <dd>
                  <DateText value={cert.validFrom} /> – <DateText value={cert.validTo} />
                </dd>
              </div>
            </dl>
          ) : (
            <p className="mt-2 text-sm">{t.catalog.noCertificate}</p>
          )}
        </section>
        {draftCount != null ? <DraftNotice count={draftCount} /> : null}
        <div className="flex flex-wrap gap-2">
          {canAdd ? <AddToDraftButton productId={product.id} redirectTo={`/products/${product.id}`} label={product.title} /> : null}
          {canOrder ? (
            <Link to={`/union/orders/new?product=${product.id}`} className="btn-primary self-start">
              {t.catalog.order}
            </Link>
          ) : null}
        </div>
        <section aria-labelledby="desc">
          <h2 id="desc">{t.catalog.description}</h2>
          <p className="mt-1 whitespace-pre-line text-stone-700">{product.description}</p>
        </section>
      </div>
    </div>
  );
}
