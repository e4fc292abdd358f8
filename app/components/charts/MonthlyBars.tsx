// A bar chart drawn as SVG on the server: readable without JavaScript, with a title, a description, a value on
// every bar, a labelled axis, last year's months beside this year's, and the same figures as a table.
import { Money } from "~/components/ui/Money";
import { formatMoney } from "~/domain/money";

interface Month {
  month: number;
  certifiedFen: number;
}

/** Round axis steps: 1, 2 or 5 × 10^n yuan in fen, so the gridlines read as plain numbers. */
function niceStep(maxFen: number, lines: number): number {
  const raw = Math.max(1, maxFen / lines);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  return Math.max(100, step);
}

export function MonthlyBars({
  values,
  lastYear,
  year,
  title,
  labels,
  monthLabel,
  locale,
}: {
  values: Month[];
  lastYear: Month[];
  year: number;
  title: string;
  labels: { thisYear: string; lastYear: string; axis: string; asTable: string; month: string };
  monthLabel: (m: number) => string;
  locale: string;
}) {
  const width = 720;
  const height = 280;
  const pad = { top: 34, bottom: 28, left: 64, right: 8 };
  const plotHeight = height - pad.top - pad.bottom;
  const step = niceStep(Math.max(1, ...values.map((v) => v.certifiedFen), ...lastYear.map((v) => v.certifiedFen)), 4);
  const top = step * Math.max(1, Math.ceil(Math.max(1, ...values.map((v) => v.certifiedFen), ...lastYear.map((v) => v.certifiedFen)) / step));
  const y = (fen: number) => height - pad.bottom - Math.round((plotHeight * fen) / top);
  const slot = (width - pad.left - pad.right) / values.length;
  const compact = (fen: number) => formatMoney(fen, locale, { compact: true });
  const description = values
    .map(
      (v, i) =>
        `${monthLabel(v.month)}: ${labels.thisYear} ${formatMoney(v.certifiedFen, locale)}, ${labels.lastYear} ${formatMoney(lastYear[i]?.certifiedFen ?? 0, locale)}`,
    )
    .join("; ");
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  return (
    <figure className="flex flex-col gap-2">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="h-auto w-full"
        role="img"
        aria-labelledby={`monthly-title-${year} monthly-desc-${year}`}
        data-testid="monthly-chart"
      >
        <title id={`monthly-title-${year}`}>{title}</title>
        <desc id={`monthly-desc-${year}`}>{description}</desc>
        <text x={pad.left} y={12} fontSize="12" fill="#44403c">
          {labels.axis}
        </text>
        <g fontSize="12">
          <rect x={width - 250} y={3} width={12} height={12} fill="#2f7d3a" />
          <text x={width - 234} y={13} fill="#1c1917">
            {labels.thisYear}
          </text>
          <rect x={width - 150} y={3} width={12} height={12} fill="#a8a29e" />
          <text x={width - 134} y={13} fill="#1c1917">
            {labels.lastYear}
          </text>
        </g>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} stroke={tick === 0 ? "#78716c" : "#e7e5e4"} />
            <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end" fontSize="11" fill="#57534e">
              {compact(tick)}
            </text>
          </g>
        ))}
        {values.map((v, i) => {
          const x = pad.left + i * slot;
          const previous = lastYear[i]?.certifiedFen ?? 0;
          return (
            <g key={v.month}>
              <rect x={x + slot * 0.12} y={y(previous)} width={slot * 0.3} height={height - pad.bottom - y(previous)} fill="#a8a29e" />
              <rect x={x + slot * 0.44} y={y(v.certifiedFen)} width={slot * 0.44} height={height - pad.bottom - y(v.certifiedFen)} fill="#2f7d3a" />
              {v.certifiedFen > 0 ? (
                <text x={x + slot * 0.66} y={y(v.certifiedFen) - 4} textAnchor="middle" fontSize="10" fill="#14532d">
                  {compact(v.certifiedFen)}
                </text>
              ) : null}
              <text x={x + slot / 2} y={height - 10} textAnchor="middle" fontSize="11" fill="#57534e">
                {monthLabel(v.month)}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="text-sm">
        <summary className="cursor-pointer text-brand-700">{labels.asTable}</summary>
        <table className="table mt-2" data-testid="monthly-table">
          <thead>
            <tr>
              <th>{labels.month}</th>
              <th className="num">{labels.thisYear}</th>
              <th className="num">{labels.lastYear}</th>
            </tr>
          </thead>
          <tbody>
            {values.map((v, i) => (
              <tr key={v.month}>
                <td>{monthLabel(v.month)}</td>
                <td className="num" data-month={v.month}>
                  <Money fen={v.certifiedFen} />
                </td>
                <td className="num">
                  <Money fen={lastYear[i]?.certifiedFen ?? 0} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/**
 * Completion against the target as a horizontal bar, with the target line at 100% and the number beside it. Two
 * spans and a CSS line (app.css `.completion-bar`) rather than an SVG: a county's table draws fifty of them, and
 * the page's render time follows its markup (docs/performance.md).
 */
export function CompletionBar({ completion, label, text }: { completion: number | null; label: string; text: string }) {
  const pct = Math.max(0, Math.min(150, (completion ?? 0) * 100));
  const tone = pct >= 100 ? "completion-good" : pct >= 70 ? "completion-near" : "completion-short";
  return (
    <span className="inline-flex items-center gap-2 whitespace-nowrap">
      <span className="completion-bar" role="img" aria-label={label}>
        <span className={tone} style={{ width: `${Math.round(pct * 66.667) / 100}%` }} />
      </span>
      <span className="tabular-nums" aria-hidden="true">
        {text}
      </span>
    </span>
  );
}
