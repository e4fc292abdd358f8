import type { SerializeFrom } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { CompletionBar } from "~/components/charts/MonthlyBars";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { formatShare } from "~/domain/welfare-share";
import type { Bulletin } from "~/models/welfare/bulletin.server";
import { useLocale, useT } from "~/utils/i18n";
import { reportsArea } from "~/locales/area/reports";

type Data = SerializeFrom<Bulletin>;

/** The bulletin as one page: read on screen, printed from the browser, or rendered to PDF by the server. */
export function BulletinView({ data, years }: { data: Data; years: number[] }) {
  const t = useT(reportsArea);
  const b = t.reports.bulletinPage;
  const f = t.reports.figures;
  const locale = useLocale();
  const share = (x: number | null) => formatShare(x, locale);
  const { period } = data;
  const query = `year=${data.year}&month=${data.month}`;
  const headline: Array<[string, React.ReactNode, string]> = [
    [t.reports.bulletinMonth, <Money key="m" fen={data.monthFen} />, "month"],
    [t.reports.bulletinYtd, <Money key="y" fen={period.figures.assistanceProcurementFen} />, "ytd"],
    [f.budget, <Money key="b" fen={period.figures.budgetFen} />, "budget"],
    [f.share, share(period.figures.share), "share"],
    [b.target, share(data.targetBasisPoints / 10000), "target"],
    [f.completion, share(period.figures.completion), "completion"],
    [f.gap, <Money key="g" fen={period.figures.gapFen} />, "gap"],
    [f.grade, period.figures.grade ?? "—", "grade"],
  ];
  return (
    <article className="bulletin container-page flex flex-col gap-4" data-testid="bulletin">
      <Form method="get" className="no-print flex flex-wrap items-end gap-2">
        <label className="field">
          <span className="field-label">{t.reports.year}</span>
          <select name="year" defaultValue={data.year} className="input min-w-28">
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{b.month}</span>
          <select name="month" defaultValue={data.month} className="input min-w-24">
            {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
              <option key={m} value={m}>
                {b.monthColumn(m)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn-secondary">
          {t.reports.show}
        </button>
        <button type="button" className="btn-secondary" onClick={() => window.print()}>
          {t.actions.print}
        </button>
        <a href={`/reports/${data.org.id}/bulletin.pdf?${query}`} className="btn-primary" download data-testid="bulletin-pdf">
          {b.pdf}
        </a>
        <a href={`/reports/${data.org.id}?year=${data.year}`} className="btn-secondary">
          {t.actions.back}
        </a>
      </Form>

      <header className="print-keep border-b-2 border-brand-700 pb-2">
        <h1>{t.reports.bulletinTitle(data.org.name, data.year, data.month)}</h1>
        <p className="mt-1 text-sm text-stone-700" data-testid="bulletin-issuer">
          {b.issuer}: <span translate="no">{data.org.name}</span> · {b.issuedOn}: <DateText value={`${data.issuedOn}T12:00:00+08:00`} />
        </p>
      </header>

      <dl className="print-keep grid grid-cols-2 gap-3 sm:grid-cols-4">
        {headline.map(([label, value, key]) => (
          <div key={key} className="rounded border border-stone-200 bg-white p-2">
            <dt className="text-xs text-stone-600">{label}</dt>
            <dd className="text-base font-semibold tabular-nums" data-testid={`bulletin-${key}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-sm">
        {t.reports.counts.registered} {period.registered} · {t.reports.yoy.bought} {period.bought} · {t.reports.counts.budgetButNoPurchases}{" "}
        {period.budgetButNoPurchases}
      </p>

      {data.children.length ? (
        <section aria-labelledby="bulletin-children">
          <h2 id="bulletin-children" className="mb-2">
            {data.org.kind === "FEDERATION" ? b.byCounty : b.byUnit}
          </h2>
          <table className="table table-cards" data-testid="bulletin-children">
            <thead>
              <tr>
                <th>{t.reports.units}</th>
                <th className="num">{b.monthColumn(data.month)}</th>
                <th className="num">{b.ytdColumn}</th>
                <th className="num">{f.budget}</th>
                <th className="num">{f.share}</th>
                <th>{f.completion}</th>
                <th className="num">{f.gap}</th>
                <th>{f.grade}</th>
              </tr>
            </thead>
            <tbody>
              {data.children.map((c) => (
                <tr key={c.orgId}>
                  <td>{c.name}</td>
                  <td className="num" data-label={b.monthColumn(data.month)}>
                    <Money fen={c.monthFen} />
                  </td>
                  <td className="num" data-label={b.ytdColumn}>
                    <Money fen={c.figures.assistanceProcurementFen} />
                  </td>
                  <td className="num" data-label={f.budget}>
                    <Money fen={c.figures.budgetFen} />
                  </td>
                  <td className="num" data-label={f.share}>
                    {share(c.figures.share)}
                  </td>
                  <td data-label={f.completion}>
                    <CompletionBar
                      completion={c.figures.completion}
                      label={`${f.completion} ${share(c.figures.completion)}`}
                      text={share(c.figures.completion)}
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
        </section>
      ) : null}

      <div className="grid gap-4 sm:grid-cols-2 print:grid-cols-2">
        <section aria-labelledby="bulletin-ranking" className="print-keep">
          <h2 id="bulletin-ranking" className="mb-2">
            {b.ranking}
          </h2>
          <ol className="flex flex-col gap-1 text-sm" data-testid="bulletin-ranking">
            {data.ranking.map((r, i) => (
              <li key={r.orgId} className="flex justify-between gap-2">
                <span>
                  {i + 1}. {r.name}
                </span>
                <span className="tabular-nums">
                  {share(r.figures.completion)} · {r.figures.grade}
                </span>
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="bulletin-lagging" className="print-keep">
          <h2 id="bulletin-lagging" className="mb-2">
            {b.lagging}
          </h2>
          {data.lagging.length ? (
            <table className="table" data-testid="bulletin-lagging">
              <thead>
                <tr>
                  <th>{t.reports.units}</th>
                  <th className="num">{f.share}</th>
                  <th className="num">{f.gap}</th>
                  <th>{f.grade}</th>
                </tr>
              </thead>
              <tbody>
                {data.lagging.map((u) => (
                  <tr key={u.orgId}>
                    <td>{u.name}</td>
                    <td className="num">{share(u.figures.share)}</td>
                    <td className="num">
                      <Money fen={u.figures.gapFen} />
                    </td>
                    <td>{u.figures.grade ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-sm">{b.noLagging}</p>
          )}
        </section>
      </div>

      {data.partners.map((group) => (
        <section key={group.orgId} aria-labelledby={`bulletin-partner-${group.orgId}`} className="print-keep" data-testid="bulletin-partners">
          <h2 id={`bulletin-partner-${group.orgId}`}>
            {t.reports.partners}: <span translate="no">{group.name}</span>
          </h2>
          <p className="mb-2 text-sm text-stone-600">
            {t.reports.partnerHint} {b.target}: {share(group.targetBasisPoints / 10000)} · {t.reports.bulletinYtd}:{" "}
            <Money fen={group.figures.assistanceProcurementFen} /> · {f.share}: {share(group.figures.share)} · {f.grade}: {group.figures.grade ?? "—"}
          </p>
          <table className="table table-cards">
            <thead>
              <tr>
                <th>{t.reports.units}</th>
                <th className="num">{b.monthColumn(data.month)}</th>
                <th className="num">{b.ytdColumn}</th>
                <th className="num">{f.share}</th>
                <th className="num">{f.gap}</th>
                <th>{f.grade}</th>
              </tr>
            </thead>
            <tbody>
              {group.unions.map((u) => (
                <tr key={u.orgId}>
                  <td>{u.name}</td>
                  <td className="num" data-label={b.monthColumn(data.month)}>
                    <Money fen={u.monthFen} />
                  </td>
                  <td className="num" data-label={b.ytdColumn}>
                    <Money fen={u.figures.assistanceProcurementFen} />
                  </td>
                  <td className="num" data-label={f.share}>
                    {share(u.figures.share)}
                  </td>
                  <td className="num" data-label={f.gap}>
                    <Money fen={u.figures.gapFen} />
                  </td>
                  <td data-label={f.grade}>{u.figures.grade ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </article>
  );
}
