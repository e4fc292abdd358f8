import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "~/utils/validation.server";
import { Money } from "~/components/ui/Money";
import { chinaMonth, chinaYear } from "~/domain/china-time";
import { formatShare } from "~/domain/welfare-share";
import { dashboard } from "~/models/welfare/reports.server";
import { useLocale, useT } from "~/utils/i18n";
import { notFound, requireRole } from "~/utils/permissions.server";
import { orgIdParam, reportYear } from "~/forms/report-year.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const orgId = orgIdParam.safeParse(params.orgId);
  if (!orgId.success) notFound();
  const year = reportYear(request);
  const now = new Date();
  const defaultMonth = year === chinaYear(now) ? chinaMonth(now) : 12;
  const month = z.coerce.number().int().min(1).max(12).catch(defaultMonth).parse(new URL(request.url).searchParams.get("month") ?? defaultMonth);
  const data = await dashboard(user, orgId.data, year);
  const monthFen = data.monthly[month - 1].certifiedFen;
  const yearToDateFen = data.monthly.slice(0, month).reduce((sum, m) => sum + m.certifiedFen, 0);
  return json({ data, month, monthFen, yearToDateFen });
}

/** A printable one-page bulletin: the month's and the year's assistance procurement, by organisation, and who lags. */
export default function Bulletin() {
  const t = useT();
  const locale = useLocale();
  const { data, month, monthFen, yearToDateFen } = useLoaderData<typeof loader>();
  return (
    <article className="container-page flex flex-col gap-4 print:max-w-none">
      <div className="no-print flex gap-2">
        <button type="button" className="btn-secondary" onClick={() => window.print()}>{t.actions.print}</button>
      </div>
      <h1>{t.reports.bulletinTitle(data.org.name, data.year, month)}</h1>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <div><dt className="text-xs text-stone-600">{t.reports.bulletinMonth}</dt><dd className="text-lg font-semibold"><Money fen={monthFen} /></dd></div>
        <div><dt className="text-xs text-stone-600">{t.reports.bulletinYtd}</dt><dd className="text-lg font-semibold"><Money fen={yearToDateFen} /></dd></div>
        <div><dt className="text-xs text-stone-600">{t.reports.figures.share}</dt><dd className="text-lg font-semibold">{formatShare(data.headline.share, locale)}</dd></div>
        <div><dt className="text-xs text-stone-600">{t.reports.figures.gap}</dt><dd className="text-lg font-semibold"><Money fen={data.headline.gapFen} /></dd></div>
      </dl>
      <p className="text-sm">
        {t.reports.counts.registered} {data.counts.registered} · {t.reports.counts.bought} {data.counts.bought} · {t.reports.counts.budgetButNoPurchases} {data.counts.budgetButNoPurchases}
      </p>
      {data.children.length ? (
        <table className="table">
          <thead><tr><th>{t.reports.units}</th><th className="num">{t.reports.figures.procurement}</th><th className="num">{t.reports.figures.share}</th><th>{t.reports.figures.grade}</th></tr></thead>
          <tbody>
            {data.children.map((c) => (
              <tr key={c.orgId}><td>{c.name}</td><td className="num"><Money fen={c.figures.assistanceProcurementFen} /></td><td className="num">{formatShare(c.figures.share, locale)}</td><td>{c.figures.grade ?? "—"}</td></tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>{t.reports.lagging}</h2>
      <ol className="list-decimal pl-6 text-sm">
        {data.lagging.slice(0, 10).map(({ unit, figures }) => (
          <li key={unit.orgId}>{unit.name} — {formatShare(figures.share, locale)}, {t.reports.figures.gap} <Money fen={figures.gapFen} /></li>
        ))}
      </ol>
    </article>
  );
}
