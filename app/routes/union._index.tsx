import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Money } from "~/components/ui/Money";
import { chinaYear } from "~/domain/china-time";
import { formatMoney } from "~/domain/money";
import { formatShare, welfareShare } from "~/domain/welfare-share";
import { unionYearFigures } from "~/models/access/organizations.server";
import { governingPolicy } from "~/models/welfare/welfare.server";
import { useLocale, useT } from "~/utils/i18n";
import { requireRole } from "~/utils/permissions.server";

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
  return json({ year, orgName: user.org.name, userName: user.name, headcount: figures.headcount, procurementFen: figures.assistanceProcurementFen, share });
}

export default function UnionHome() {
  const t = useT();
  const locale = useLocale();
  const { year, orgName, userName, headcount, procurementFen, share } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <div>
        <p className="text-sm text-stone-600">{t.home.welcome(userName)} · {orgName}</p>
        <h1>{t.unionHome.title(year)}</h1>
      </div>
      {share ? (
        <section className="card" aria-labelledby="progress-heading">
          <h2 id="progress-heading" className="sr-only">{t.unionHome.title(year)}</h2>
          <p className="text-lg font-medium" data-testid="progress-sentence">
            {share.gapFen > 0
              ? t.unionHome.remainingToTarget(formatMoney(share.gapFen, locale), formatShare(share.targetBasisPoints / 10000, locale))
              : t.unionHome.targetMet}
          </p>
          <div className="mt-3 h-3 w-full overflow-hidden rounded-full bg-stone-200" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, Math.round((share.completion ?? 0) * 100))} aria-label={t.unionHome.share}>
            <div className="h-full bg-leaf-600" style={{ width: `${Math.min(100, (share.completion ?? 0) * 100)}%` }} />
          </div>
          <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-5">
            <div><dt className="text-sm text-stone-600">{t.unionHome.budget}</dt><dd className="font-semibold"><Money fen={share.budgetFen} /></dd></div>
            <div><dt className="text-sm text-stone-600">{t.unionHome.procurement}</dt><dd className="font-semibold"><Money fen={procurementFen} /></dd></div>
            <div><dt className="text-sm text-stone-600">{t.unionHome.share}</dt><dd className="font-semibold">{formatShare(share.share, locale)}</dd></div>
            <div><dt className="text-sm text-stone-600">{t.unionHome.gap}</dt><dd className="font-semibold"><Money fen={share.gapFen} /></dd></div>
            <div><dt className="text-sm text-stone-600">{t.unionHome.grade}</dt><dd className="font-semibold">{share.grade ?? "—"}</dd></div>
          </dl>
          {headcount != null ? <p className="mt-2 text-sm text-stone-600">{t.unionHome.headcount}: {headcount}</p> : null}
        </section>
      ) : (
        <p className="card">{t.unionHome.noBudget}</p>
      )}
    </div>
  );
}
