import { isUnionRole } from "~/domain/roles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AddToDraftButton, DraftNotice } from "~/components/orders/AddToDraft";
import { Money } from "~/components/ui/Money";
import { formatMoney } from "~/domain/money";
import { labelOf } from "~/locales/label";
import { draftItemCount } from "~/models/orders/draft-pack.server";
import { packForViewer } from "~/models/campaigns/gift-packs.server";
import { useLocale } from "~/utils/i18n";
import { notFound } from "~/utils/permissions.server";
import { getCurrentUser } from "~/utils/session.server";
import { idParam } from "~/utils/validation.server";
import { useStorefrontT } from "~/utils/storefront-i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.pack.name} · 帮扶集采` : "帮扶集采" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam.safeParse(params.packId);
  if (!id.success) notFound();
  const user = await getCurrentUser(request);
  const pack = await packForViewer(user, id.data);
  if (!pack) notFound();
  const canAdd = user != null && isUnionRole(user.role) && pack.status === "APPROVED";
  return json({ pack, canAdd, draftCount: canAdd && user && new URL(request.url).searchParams.has("added") ? await draftItemCount(user) : null });
}

export default function PackPage() {
  const s = useStorefrontT();
  const locale = useLocale();
  const p = s.packs;
  const { pack, canAdd, draftCount } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <div>
        <p className="text-sm text-stone-600">
          {pack.code} · {labelOf(p.statuses, pack.status)}
        </p>
        <h1>{pack.name}</h1>
      </div>
      <p className="text-2xl font-semibold text-brand-700" data-testid="pack-price">
        <Money fen={pack.priceFen} /> <span className="text-sm font-normal text-stone-600">{p.perMember(formatMoney(pack.priceFen, locale))}</span>
      </p>
      {pack.certifiedFen ? <p className="text-sm text-leaf-600">{p.certifiedPart(formatMoney(pack.certifiedFen, locale))}</p> : null}
      {draftCount != null ? <DraftNotice count={draftCount} /> : null}
      {canAdd ? (
        <div>
          <AddToDraftButton packId={pack.id} redirectTo={`/packs/${pack.id}`} label={pack.name} />
        </div>
      ) : null}
      {pack.description ? <p className="whitespace-pre-line text-stone-700">{pack.description}</p> : null}
      <section className="card" aria-labelledby="contents">
        <h2 id="contents">{p.contents}</h2>
        <div className="overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th>{s.home.product}</th>
                <th className="num">{p.quantity}</th>
                <th className="num">{p.packPrice}</th>
                <th className="num">{p.listPrice}</th>
              </tr>
            </thead>
            <tbody>
              {pack.items.map((i) => (
                <tr key={i.productId}>
                  <td>
                    <Link to={`/products/${i.productId}`}>{i.title}</Link>
                    <div className="text-xs text-stone-600">
                      {i.code} · {i.supplierName}
                    </div>
                  </td>
                  <td className="num">
                    {i.quantity} {i.unit}
                  </td>
                  <td className="num">
                    <Money fen={i.unitPriceFen} />
                  </td>
                  <td className="num">
                    <Money fen={i.listPriceFen} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="mt-2 text-sm text-stone-600">
          {p.proposer}: {pack.proposerName}
        </p>
      </section>
    </div>
  );
}
