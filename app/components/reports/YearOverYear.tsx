import type { SerializeFrom } from "@remix-run/node";
import type { ReactNode } from "react";
import { Money } from "~/components/ui/Money";
import { formatShare, formatSharePoints } from "~/domain/welfare-share";
import { change, sharePoints } from "~/domain/year-over-year";
import type { YearOverYear } from "~/models/welfare/report-periods.server";
import { useLocale, useT } from "~/utils/i18n";
import { reportsArea } from "~/locales/area/reports";

/** This year to date against the same months of last year: B, P, share and unit counts, with the change. */
export function YearOverYearSection({ yoy }: { yoy: SerializeFrom<YearOverYear> }) {
  const t = useT(reportsArea);
  const y = t.reports.yoy;
  const locale = useLocale();
  const { current, previous } = yoy;
  const sign = (n: number) => (n > 0 ? "+" : n < 0 ? "−" : "");
  const percent = (ratio: number | null) => (ratio == null ? "—" : `${sign(ratio)}${formatShare(Math.abs(ratio), locale)}`);
  const moneyRow = (key: string, label: string, now: number, before: number): [string, string, ReactNode, ReactNode, ReactNode] => {
    const c = change(now, before);
    return [
      key,
      label,
      <Money key="n" fen={now} />,
      <Money key="b" fen={before} />,
      <>
        {sign(c.delta)}
        <Money fen={Math.abs(c.delta)} /> ({percent(c.ratio)})
      </>,
    ];
  };
  const countRow = (key: "registered" | "withBudget" | "bought" | "budgetButNoPurchases", label: string): [string, string, ReactNode, ReactNode, ReactNode] => {
    const delta = current[key] - previous[key];
    return [key, label, current[key], previous[key], `${sign(delta)}${Math.abs(delta)}`];
  };
  const points = sharePoints(current.figures.share, previous.figures.share);
  const rows: Array<[string, string, ReactNode, ReactNode, ReactNode]> = [
    moneyRow("procurement", y.procurement, current.figures.assistanceProcurementFen, previous.figures.assistanceProcurementFen),
    moneyRow("budget", y.budget, current.figures.budgetFen, previous.figures.budgetFen),
    [
      "share",
      y.share,
      formatShare(current.figures.share, locale),
      formatShare(previous.figures.share, locale),
      points == null ? "—" : y.points(`${sign(points)}${formatSharePoints(points, locale)}`),
    ],
    countRow("bought", y.bought),
    countRow("budgetButNoPurchases", y.budgetButNoPurchases),
    countRow("withBudget", y.withBudget),
    countRow("registered", y.registered),
  ];
  return (
    <section className="card" aria-labelledby="yoy">
      <h2 id="yoy">{y.title}</h2>
      {current.throughMonth > 0 ? (
        <>
          <p className="mb-2 text-sm text-stone-600" data-testid="yoy-period">
            {y.period(current.throughMonth, current.year, previous.year)}
          </p>
          <table className="table table-cards" data-testid="yoy-table">
            <thead>
              <tr>
                <th>{y.metric}</th>
                <th className="num">{current.year}</th>
                <th className="num">{previous.year}</th>
                <th className="num">{y.change}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([key, label, now, before, delta]) => (
                <tr key={key} data-testid={`yoy-${key}`}>
                  <td>{label}</td>
                  <td className="num" data-label={String(current.year)} data-testid="now">
                    {now}
                  </td>
                  <td className="num" data-label={String(previous.year)} data-testid="before">
                    {before}
                  </td>
                  <td className="num" data-label={y.change}>
                    {delta}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-stone-600">{y.note}</p>
        </>
      ) : (
        <p className="text-sm text-stone-600">{y.noPeriod}</p>
      )}
    </section>
  );
}
