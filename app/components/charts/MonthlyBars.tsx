// A bar chart drawn as SVG on the server: readable without JavaScript, with a title, a description and the
// figures themselves as the text alternative.
import { formatMoney } from "~/domain/money";

export function MonthlyBars({ values, title, monthLabel, locale }: { values: Array<{ month: number; certifiedFen: number }>; title: string; monthLabel: (m: number) => string; locale: string }) {
  const width = 640;
  const height = 200;
  const pad = { top: 16, bottom: 28, left: 8, right: 8 };
  const max = Math.max(1, ...values.map((v) => v.certifiedFen));
  const slot = (width - pad.left - pad.right) / values.length;
  const description = values.map((v) => `${monthLabel(v.month)} ${formatMoney(v.certifiedFen, locale)}`).join("; ");
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="h-auto w-full" role="img" aria-labelledby="monthly-title monthly-desc">
      <title id="monthly-title">{title}</title>
      <desc id="monthly-desc">{description}</desc>
      {values.map((v, i) => {
        const h = Math.round(((height - pad.top - pad.bottom) * v.certifiedFen) / max);
        const x = pad.left + i * slot + slot * 0.15;
        return (
          <g key={v.month}>
            <rect x={x} y={height - pad.bottom - h} width={slot * 0.7} height={h} rx={2} fill="#2f7d3a" />
            <text x={x + slot * 0.35} y={height - 10} textAnchor="middle" fontSize="11" fill="#57534e">{monthLabel(v.month)}</text>
          </g>
        );
      })}
      <line x1={pad.left} x2={width - pad.right} y1={height - pad.bottom} y2={height - pad.bottom} stroke="#a8a29e" />
    </svg>
  );
}

/** Completion against the target as a horizontal bar, with the target line at 100%. */
export function CompletionBar({ completion, label }: { completion: number | null; label: string }) {
  const pct = Math.max(0, Math.min(150, (completion ?? 0) * 100));
  return (
    <svg viewBox="0 0 150 10" className="h-2.5 w-28" role="img" aria-label={label} preserveAspectRatio="none">
      <rect x="0" y="0" width="150" height="10" fill="#e7e5e4" />
      <rect x="0" y="0" width={pct} height="10" fill={pct >= 100 ? "#2f7d3a" : pct >= 70 ? "#ca8a04" : "#b91c1c"} />
      <line x1="100" x2="100" y1="0" y2="10" stroke="#1c1917" strokeWidth="1.5" />
    </svg>
  );
}
