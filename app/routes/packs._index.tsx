import { isUnionRole } from "~/domain/roles";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { PackCards } from "~/components/catalog/PackCard";
import { AddToDraftButton, DraftNotice } from "~/components/orders/AddToDraft";
import { draftItemCount } from "~/models/orders/draft-pack.server";
import { approvedPacks } from "~/models/campaigns/gift-packs.server";
import { useT } from "~/utils/i18n";
import { getCurrentUser } from "~/utils/session.server";
import { yuanField } from "~/utils/validation.server";
import { useStorefrontT } from "~/utils/storefront-i18n";
import { catalogArea } from "~/locales/area/catalog";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const user = await getCurrentUser(request);
  const canAdd = user != null && isUnionRole(user.role);
  // A mistyped budget is dropped, as in the catalog's other filters.
  const pm = yuanField("")
    .optional()
    .catch(undefined)
    .parse(url.searchParams.get("pm") || undefined);
  return json({
    packs: await approvedPacks({ maxPerMemberFen: pm }),
    canAdd,
    draftCount: canAdd && user && url.searchParams.has("added") ? await draftItemCount(user) : null,
  });
}

export default function Packs() {
  const t = useT(catalogArea);
  const s = useStorefrontT();
  const p = s.packs;
  const { packs, canAdd, draftCount } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const here = params.get("pm") ? `/packs?pm=${encodeURIComponent(params.get("pm")!)}` : "/packs";
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{p.title}</h1>
      <p className="text-sm text-stone-600">{p.intro}</p>
      <Form method="get" className="card flex flex-wrap items-end gap-2">
        <div className="field">
          <label htmlFor="pm" className="field-label">
            {s.catalog.perMemberFilter}
          </label>
          <input id="pm" name="pm" inputMode="decimal" defaultValue={params.get("pm") ?? ""} className="input" />
        </div>
        <button type="submit" className="btn-secondary">
          {t.catalog.apply}
        </button>
      </Form>
      {draftCount != null ? <DraftNotice count={draftCount} /> : null}
      {packs.length ? (
        <PackCards packs={packs} action={canAdd ? (pack) => <AddToDraftButton packId={pack.id} redirectTo={here} label={pack.name} /> : undefined} />
      ) : (
        <p className="card">{p.none}</p>
      )}
    </div>
  );
}
