import { formatMoney, type Fen } from "~/domain/money";
import { useLocale } from "~/utils/i18n";

/** The one component that shows money; formatting lives in domain/money. */
export function Money({ fen, compact, className }: { fen: number | Fen; compact?: boolean; className?: string }) {
  const locale = useLocale();
  return <span className={["tabular-nums whitespace-nowrap", className].filter(Boolean).join(" ")}>{formatMoney(fen, locale, { compact })}</span>;
}
