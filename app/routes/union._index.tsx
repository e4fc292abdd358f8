import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AddToDraftButton, DraftNotice } from "~/components/orders/AddToDraft";
import { Money } from "~/components/ui/Money";
import { chinaYear } from "~/domain/china-time";
import { formatMoney } from "~/domain/money";
import { formatShare, welfareShare } from "~/domain/welfare-share";
import { unionYearFigures } from "~/models/access/organizations.server";
import { governingPolicy } from "~/models/welfare/welfare.server";
import { campaignItems, campaignsForUnion } from "~/models/campaigns/campaigns.server";
import { draftItemCount } from "~/models/orders/draft-pack.server";
import { useLocale, useT } from "~/utils/i18n";
import { useStorefrontT } from "~/utils/storefront-i18n";
import { requireRole } from "~/utils/permissions.server";
import { unionHomeArea } from "~/locales/area/union-home";
import { homeArea } from "~/locales/area/home";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const year = chinaYear(new Date());
  const [figures, policy] = await Promise.all([unionYearFigures(user.org.id, year), governingPolicy(user.org.path, year)]);
  const share =
    figures.budgetFen == null
      ? null
      : welfareShare({
          budgetFen: figures.budgetFen,
          assistanceProcurementFen: figures.assistanceProcurementFen,
          welfareSpendingFen: figures.welfareSpendingFen,
          targetBasisPoints: policy.targetBasisPoints,
        });
  const campaigns = await Promise.all(
    (await campaignsForUnion(user)).map(async (c) => ({ ...c, items: c.state === "open" ? await campaignItems(c.id) : { products: [], packs: [] } })),
  );
  const draftCount = new URL(request.url).searchParams.has("added") ? await draftItemCount(user) : null;
  return json({
    year,
    orgName: user.org.name,
    userName: user.name,
    headcount: figures.headcount,
    procurementFen: figures.assistanceProcurementFen,
    share,
    campaigns,
    draftCount,
  });
}

export default function UnionHome() {
  const t = useT(homeArea, unionHomeArea);
  const locale = useLocale();
  const { year, orgName, userName, headcount, procurementFen, share, campaigns, draftCount } = useLoaderData<typeof loader>();
  const c = useStorefrontT();
  return (
    <div className="container-page flex flex-col gap-4">
      <div>
        <p className="text-sm text-stone-600">
          {t.home.welcome(userName)} · {orgName}
        </p>
        <h1>{t.unionHome.title(year)}</h1>
      </div>
      {share ? (
        <section className="card" aria-labelledby="progress-heading">
          <h2 id="progress-heading" className="sr-only">
            {t.unionHome.title(year)}
          </h2>
          <p className="text-lg font-medium" data-testid="progress-sentence">
            {share.gapFen > 0
              ? t.unionHome.remainingToTarget(formatMoney(share.gapFen, locale), formatShare(share.targetBasisPoints / 10000, locale))
              : t.unionHome.targetMet}
          </p>
          <div
            className="mt-3 h-3 w-full overflow-hidden rounded-full bg-stone-200"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.min(100, Math.round((share.completion ?? 0) * 100))}
            aria-label={t.unionHome.share}
          >
            <div className="h-full bg-leaf-600" style={{ width: `${Math.min(100, (share.completion ?? 0) * 100)}%` }} />
          </div>
          <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-5">
            <div>
              <dt className="text-sm text-stone-600">{t.unionHome.budget}</dt>
              <dd className="font-semibold">
                <Money fen={share.budgetFen} />
              </dd>
            </div>
            <div>
              <dt className="text-sm text-stone-600">{t.unionHome.procurement}</dt>
              <dd className="font-semibold">
                <Money fen={procurementFen} />
              </dd>
            </div>
            <div>
              <dt className="text-sm text-stone-600">{t.unionHome.share}</dt>
              <dd className="font-semibold">{formatShare(share.share, locale)}</dd>
            </div>
            <div>
              <dt className="text-sm text-stone-600">{t.unionHome.gap}</dt>
              <dd className="font-semibold">
                <Money fen={share.gapFen} />
              </dd>
            </div>
            <div>
              <dt className="text-sm text-stone-600">{t.unionHome.grade}</dt>
              <dd className="font-semibold">{share.grade ?? "—"}</dd>
            </div>
          </dl>
          {headcount != null ? (
            <p className="mt-2 text-sm text-stone-600">
              {t.unionHome.headcount}: {headcount}
            </p>
          ) : null}
        </section>
      ) : (
        <p className="card">{t.unionHome.noBudget}</p>
      )}
      {draftCount != null ? <DraftNotice count={draftCount} /> : null}
      {campaigns.length ? (
        <section className="flex flex-col gap-3" aria-labelledby="campaigns-heading">
          <h2 id="campaigns-heading">{c.home.openCampaigns}</h2>
          {campaigns.map((campaign) => (
            <article key={campaign.id} className="card flex flex-col gap-2" data-testid="union-campaign">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h3 className="text-lg font-semibold">{campaign.name}</h3>
                <span className={campaign.state === "open" ? "badge-certified" : "badge-muted"} data-testid="days-left">
                  {campaign.state === "open" ? c.home.daysLeft(campaign.daysLeft) : c.home.opensOn(campaign.opensOn)}
                </span>
              </div>
              <p className="text-sm text-stone-700">
                {t.occasions[campaign.occasion as keyof typeof t.occasions] ?? campaign.occasion} · {campaign.organiserName} · {c.home.until(campaign.closesOn)}{" "}
                · {c.home.guidance} <Money fen={campaign.guidancePerMemberFen} /> · {c.home.cap} <Money fen={campaign.capPerMemberFen} />
              </p>
              {campaign.items.packs.length || campaign.items.products.length ? (
                <ul className="flex flex-col divide-y divide-stone-200" aria-label={c.home.recommended}>
                  {campaign.items.packs.map((p) => (
                    <li key={`pack-${p.id}`} className="flex flex-wrap items-center gap-2 py-2">
                      <span className="min-w-0 flex-1 basis-48">
                        <span className="badge-muted mr-1">{c.home.pack}</span>
                        <Link to={`/packs/${p.id}`}>{p.name}</Link>{" "}
                        <span className="text-xs text-stone-600">
                          <Money fen={p.priceFen} /> {c.home.perPack}
                        </span>
                      </span>
                      <AddToDraftButton packId={p.id} redirectTo="/union" label={p.name} />
                    </li>
                  ))}
                  {campaign.items.products.map((p) => (
                    <li key={`product-${p.id}`} className="flex flex-wrap items-center gap-2 py-2">
                      <span className="min-w-0 flex-1 basis-48">
                        <Link to={`/products/${p.id}`}>{p.title}</Link>{" "}
                        <span className="text-xs text-stone-600">
                          <Money fen={p.priceFen} /> / {t.units.name(p.unit)} · {p.supplierName}
                        </span>
                      </span>
                      <AddToDraftButton productId={p.id} redirectTo="/union" label={p.title} />
                    </li>
                  ))}
                </ul>
              ) : null}
            </article>
          ))}
        </section>
      ) : null}
    </div>
  );
}
