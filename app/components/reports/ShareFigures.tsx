import { Money } from "~/components/ui/Money";
import { formatShare, type ShareFigures } from "~/domain/welfare-share";
import { useLocale, useT } from "~/utils/i18n";

/** The headline figures of the 30% rule for one organisation or union. */
export function ShareFiguresGrid({ figures }: { figures: ShareFigures }) {
  const t = useT();
  const locale = useLocale();
  const items: Array<[string, React.ReactNode]> = [
    [t.reports.figures.budget, <Money key="b" fen={figures.budgetFen} />],
    [t.reports.figures.procurement, <Money key="p" fen={figures.assistanceProcurementFen} />],
    [t.reports.figures.spending, figures.welfareSpendingFen == null ? "—" : <Money key="w" fen={figures.welfareSpendingFen} />],
    [t.reports.figures.share, formatShare(figures.share, locale)],
    [t.reports.figures.shareOfSpending, formatShare(figures.shareOfSpending, locale)],
    [t.reports.figures.target, formatShare(figures.targetBasisPoints / 10000, locale)],
    [t.reports.figures.completion, formatShare(figures.completion, locale)],
    [t.reports.figures.gap, <Money key="g" fen={figures.gapFen} />],
    [t.reports.figures.grade, figures.grade ?? "—"],
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" data-testid="share-figures">
      {items.map(([label, value]) => (
        <div key={label} className="card">
          <dt className="text-xs text-stone-600">{label}</dt>
          <dd className="mt-1 text-base font-semibold tabular-nums break-all sm:text-lg">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
