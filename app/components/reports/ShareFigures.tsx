import { Money } from "~/components/ui/Money";
import { formatShare, type ShareFigures } from "~/domain/welfare-share";
import { useLocale, useT } from "~/utils/i18n";
import { reportsArea } from "~/locales/area/reports";

/** The headline figures of the 30% rule for one organisation or union. */
export function ShareFiguresGrid({ figures }: { figures: ShareFigures }) {
  const t = useT(reportsArea);
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
    // On a phone: one card of label–value rows; from 640 px: a grid of cards.
    <dl
      className="grid grid-cols-1 rounded-lg border border-stone-200 bg-white sm:grid-cols-3 sm:gap-3 sm:border-0 sm:bg-transparent lg:grid-cols-5"
      data-testid="share-figures"
    >
      {items.map(([label, value]) => (
        <div
          key={label}
          className="flex min-w-0 items-baseline justify-between gap-3 border-b border-stone-100 px-3 py-2 last:border-0 sm:block sm:rounded-lg sm:border sm:border-stone-200 sm:bg-white sm:p-4 sm:shadow-sm"
        >
          <dt className="text-xs text-stone-600">{label}</dt>
          <dd className="text-base font-semibold tabular-nums break-all sm:mt-1 sm:text-lg">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
