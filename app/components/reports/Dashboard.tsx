import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { CompletionBar, MonthlyBars } from "~/components/charts/MonthlyBars";
import { Money } from "~/components/ui/Money";
import { formatShare } from "~/domain/welfare-share";
import { labelOf } from "~/locales/label";
import type { Dashboard as DashboardData } from "~/models/welfare/reports.server";
import type { SerializeFrom } from "@remix-run/node";
import { useLocale, useT } from "~/utils/i18n";
import { ShareFiguresGrid } from "./ShareFigures";
import { YearOverYearSection } from "./YearOverYear";
import { complaintsArea } from "~/locales/area/complaints";
import { remindersArea } from "~/locales/area/reminders";
import { reportsArea } from "~/locales/area/reports";
import { formatRating } from "~/domain/order-state";

type Data = SerializeFrom<DashboardData>;

function Section({
  id,
  title,
  exportTable,
  orgId,
  year,
  children,
}: {
  id: string;
  title: string;
  exportTable?: string;
  orgId: number;
  year: number;
  children: ReactNode;
}) {
  const t = useT(complaintsArea, remindersArea, reportsArea);
  return (
    <section className="card min-w-0" aria-labelledby={id}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id={id}>{title}</h2>
        {exportTable ? (
          <div className="no-print flex gap-2 text-sm">
            <a href={`/reports/${orgId}/export?table=${exportTable}&format=csv&year=${year}`} download>
              {t.actions.exportCsv}
            </a>
            <a href={`/reports/${orgId}/export?table=${exportTable}&format=xlsx&year=${year}`} download>
              {t.actions.exportXlsx}
            </a>
          </div>
        ) : null}
      </div>
      {children}
    </section>
  );
}

/** Previous / next through the children table's pages; the page stays at the table (#children). */
function ChildrenPager({ paging, year }: { paging: Data["childrenPage"]; year: number }) {
  const t = useT(reportsArea);
  const { page, pageCount, total } = paging;
  const to = (p: number) => `?year=${year}&children=${p}#children`;
  return (
    <nav className="no-print mt-2 flex flex-wrap items-center justify-between gap-2 text-sm" aria-label={t.reports.childrenPages} data-testid="children-pager">
      <p className="text-stone-600">{t.reports.childrenPaged(page, pageCount, total)}</p>
      <div className="flex gap-3">
        {page > 1 ? (
          <Link to={to(page - 1)} rel="prev" preventScrollReset className="inline-block py-1">
            ← {t.actions.previous}
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link to={to(page + 1)} rel="next" preventScrollReset className="inline-block py-1" data-testid="children-next">
            {t.actions.next} →
          </Link>
        ) : null}
      </div>
    </nav>
  );
}

export function Dashboard({ data, years }: { data: Data; years: number[] }) {
  const t = useT(complaintsArea, remindersArea, reportsArea);
  const locale = useLocale();
  const { org, year } = data;
  return (
    <div className="container-page flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          {data.org.parentId ? (
            <Link to={`/reports/${data.org.parentId}?year=${year}`} className="no-print text-sm" data-testid="up-link">
              ← {t.reports.up}
            </Link>
          ) : null}
          <h1>{t.reports.title(org.name, year)}</h1>
        </div>
        <Form method="get" className="no-print flex flex-wrap items-end gap-2">
          <label className="field">
            <span className="field-label">{t.reports.year}</span>
            <select name="year" defaultValue={year} className="input min-w-28">
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn-secondary">
            {t.reports.show}
          </button>
          <Link to={`/reports/${org.id}/bulletin?year=${year}`} className="btn-secondary">
            {t.reports.bulletin}
          </Link>
          {org.kind === "FEDERATION" ? (
            <Link to={`/reports/policy?year=${year}`} className="btn-secondary">
              {t.reports.policy.title}
            </Link>
          ) : null}
        </Form>
      </div>

      <ShareFiguresGrid figures={data.headline} />

      <YearOverYearSection yoy={data.yearOverYear} />

      <section className="card" aria-labelledby="counts">
        <h2 id="counts">{t.reports.counts.title}</h2>
        <dl className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4">
          {(["registered", "withBudget", "bought", "budgetButNoPurchases"] as const).map((key) => (
            <div key={key}>
              <dt className="text-xs text-stone-600">{t.reports.counts[key]}</dt>
              <dd className="text-xl font-semibold tabular-nums" data-testid={`count-${key}`}>
                {data.counts[key]}
              </dd>
            </div>
          ))}
        </dl>
      </section>

      {data.isUnion ? (
        <p className="card">
          <Link to={`/reports/${org.id}/orders?year=${year}`}>{t.reports.orders} →</Link>
        </p>
      ) : (
        <Section id="children" title={t.reports.children} exportTable="children" orgId={org.id} year={year}>
          <FiguresTable rows={data.children} year={year} testId="children-table" completionTestId="completion" />
          {data.childrenPage.pageCount > 1 ? <ChildrenPager paging={data.childrenPage} year={year} /> : null}
        </Section>
      )}

      {data.partners.length ? (
        <Section id="partners" title={t.reports.partners} exportTable="partners" orgId={org.id} year={year}>
          <p className="mb-2 text-sm text-stone-600">{t.reports.partnerHint}</p>
          <FiguresTable rows={data.partners} year={year} testId="partners-table" />
        </Section>
      ) : null}

      {!data.isUnion ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <Section id="lagging" title={t.reports.lagging} exportTable="lagging" orgId={org.id} year={year}>
            {data.lagging.length ? (
              <>
                <p className="mb-2 text-sm text-stone-600">
                  {t.reports.laggingHint}{" "}
                  <Link to={`/reports/${org.id}/reminders?year=${year}`} data-testid="reminders-link">
                    {t.reminders.link}
                  </Link>
                </p>
                <table className="table table-cards" data-testid="lagging-table">
                  <thead>
                    <tr>
                      <th>{t.reports.units}</th>
                      <th className="num">{t.reports.figures.share}</th>
                      <th className="num">{t.reports.figures.gap}</th>
                      <th>{t.reports.contact}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.lagging.map(({ unit, figures }) => (
                      <tr key={unit.orgId}>
                        <td>
                          <Link to={`/reports/${unit.orgId}?year=${year}`}>{unit.name}</Link>
                        </td>
                        <td className="num" data-label={t.reports.figures.share}>
                          {formatShare(figures.share, locale)}
                        </td>
                        <td className="num" data-label={t.reports.figures.gap}>
                          <Money fen={figures.gapFen} />
                        </td>
                        <td className="sm:whitespace-nowrap" data-label={t.reports.contact}>
                          {unit.contactName ?? "—"}
                          {unit.contactPhone ? (
                            <>
                              <br />
                              <a href={`tel:${unit.contactPhone}`}>{unit.contactPhone}</a>
                            </>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : (
              <p>{t.reports.noLagging}</p>
            )}
          </Section>
          <Section id="ranking" title={t.reports.ranking} exportTable="units" orgId={org.id} year={year}>
            <ol className="flex flex-col gap-1 text-sm">
              {data.ranking.map(({ unit, figures }, i) => (
                <li key={unit.orgId} className="flex items-center justify-between gap-2">
                  <span>
                    {i + 1}. <Link to={`/reports/${unit.orgId}?year=${year}`}>{unit.name}</Link>
                  </span>
                  <span className="tabular-nums">
                    {formatShare(figures.completion, locale)} · {figures.grade}
                  </span>
                </li>
              ))}
            </ol>
          </Section>
        </div>
      ) : null}

      <Section id="monthly" title={t.reports.monthly} exportTable="monthly" orgId={org.id} year={year}>
        <MonthlyBars
          values={data.monthly}
          lastYear={data.monthlyLastYear}
          year={year}
          title={t.reports.monthlyChartTitle(year)}
          labels={{
            thisYear: t.reports.chart.thisYear(year),
            lastYear: t.reports.chart.lastYear(year - 1),
            axis: t.reports.chart.axis,
            asTable: t.reports.chart.asTable,
            month: t.reports.bulletinPage.month,
          }}
          monthLabel={t.reports.month}
          locale={locale}
        />
      </Section>

      <div className="grid gap-4 lg:grid-cols-2">
        {(["CATEGORY", "COUNTY", "VILLAGE", "SUPPLIER", "TRADE_ROLE"] as const).map((dimension) => (
          <Section
            key={dimension}
            id={`by-${dimension}`}
            title={t.reports.breakdowns[dimension]}
            exportTable={dimension.toLowerCase()}
            orgId={org.id}
            year={year}
          >
            {data.breakdowns[dimension].length ? (
              <table className="table table-cards">
                <thead>
                  <tr>
                    <th>{t.reports.breakdowns[dimension]}</th>
                    <th className="num">{t.reports.amount}</th>
                    {dimension === "VILLAGE" || dimension === "SUPPLIER" ? <th className="num">{t.reports.households}</th> : null}
                    {dimension === "SUPPLIER" ? (
                      <>
                        <th className="num">{t.reports.supplierRating}</th>
                        <th className="num">{t.complaints.title}</th>
                      </>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {data.breakdowns[dimension].map((row) => (
                    <tr key={row.key}>
                      <td>
                        {dimension === "CATEGORY" ? labelOf(t.categories, row.key) : dimension === "TRADE_ROLE" ? labelOf(t.tradeRoles, row.key) : row.label}
                      </td>
                      <td className="num" data-label={t.reports.amount}>
                        <Money fen={row.certifiedFen} />
                      </td>
                      {dimension === "VILLAGE" || dimension === "SUPPLIER" ? (
                        <td className="num" data-label={t.reports.households}>
                          {row.householdsBenefited ?? "—"}
                        </td>
                      ) : null}
                      {dimension === "SUPPLIER" ? (
                        <>
                          <td className="num">{formatRating(row.ratingAverage, locale)}</td>
                          <td className="num" data-testid="supplier-complaint-count">
                            {row.complaints ?? 0}
                          </td>
                        </>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="text-sm text-stone-600">{t.reports.empty}</p>
            )}
          </Section>
        ))}
      </div>
    </div>
  );
}

/** Organisations' figures side by side, each linking to its own dashboard (children and partner groups). */
function FiguresTable({
  rows,
  year,
  testId,
  completionTestId,
}: {
  rows: Data["children"] | Data["partners"];
  year: number;
  testId: string;
  completionTestId?: string;
}) {
  const t = useT(complaintsArea, remindersArea, reportsArea);
  const locale = useLocale();
  const f = t.reports.figures;
  return (
    <table className="table table-cards" data-testid={testId}>
      <thead>
        <tr>
          <th>{t.reports.units}</th>
          <th className="num">{f.budget}</th>
          <th className="num">{f.procurement}</th>
          <th className="num">{f.share}</th>
          <th>{f.completion}</th>
          <th className="num">{f.gap}</th>
          <th>{f.grade}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.orgId}>
            <td>
              <Link to={`/reports/${c.orgId}?year=${year}`}>{c.name}</Link>
            </td>
            <td className="num" data-label={f.budget}>
              <Money fen={c.figures.budgetFen} />
            </td>
            <td className="num" data-label={f.procurement}>
              <Money fen={c.figures.assistanceProcurementFen} />
            </td>
            <td className="num" data-label={f.share}>
              {formatShare(c.figures.share, locale)}
            </td>
            <td data-label={f.completion} data-testid={completionTestId}>
              <CompletionBar
                completion={c.figures.completion}
                label={`${f.completion} ${formatShare(c.figures.completion, locale)}`}
                text={formatShare(c.figures.completion, locale)}
              />
            </td>
            <td className="num" data-label={f.gap}>
              <Money fen={c.figures.gapFen} />
            </td>
            <td data-label={f.grade}>{c.figures.grade ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
