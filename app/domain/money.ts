// Money is integer fen everywhere. The only conversions to and from yuan live here.

export type Fen = number;

const MAX_SAFE_FEN = Number.MAX_SAFE_INTEGER;

/** A database BigInt (or number) as a safe integer number of fen; throws rather than lose a fen. */
export function toFen(value: bigint | number): Fen {
  const n = typeof value === "bigint" ? Number(value) : value;
  if (!Number.isSafeInteger(n) || Math.abs(n) > MAX_SAFE_FEN) throw new RangeError(`Not an exact fen amount: ${value}`);
  return n;
}

/**
 * Parses what a person types ("42", "42.5", "¥1,234.56", "1234.5元") into fen without floating point.
 * Returns null for anything that is not a non-negative amount with at most two decimals.
 */
export function parseYuan(input: string): Fen | null {
  const cleaned = input
    .trim()
    .replace(/^[¥￥]/, "")
    .replace(/元$/, "")
    .replace(/[,，\s]/g, "");
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const yuan = Number(match[1]);
  const fen = Number((match[2] ?? "").padEnd(2, "0"));
  const total = yuan * 100 + fen;
  return Number.isSafeInteger(total) ? total : null;
}

/** "1234.50": yuan with two decimals, exact, for CSV exports and form defaults. */
export function fenToYuanString(fen: Fen): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** The one place money becomes text: "¥1,234.50" in the user's locale. */
export function formatMoney(fen: Fen, locale: string, options: { compact?: boolean } = {}): string {
  const key = `${locale}|${options.compact ? "c" : ""}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: "CNY",
      currencyDisplay: "narrowSymbol",
      // Both bounds, always: a currency's default minimum (2) clashes with the maximum of 1, and Node's ICU and the
      // browser's resolve that clash differently ("¥5.0万" against "¥5万"), which broke hydration of every chart.
      ...(options.compact ? { notation: "compact", minimumFractionDigits: 0, maximumFractionDigits: 1 } : {}),
    });
    formatters.set(key, formatter);
  }
  // Intl takes a number of yuan; a fen amount below 2^53 divided by 100 formats to the exact two decimals.
  return formatter.format(fen / 100);
}

/** unit price × quantity, exactly. */
export function lineAmount(unitPriceFen: Fen, quantity: number): Fen {
  const amount = unitPriceFen * quantity;
  if (!Number.isSafeInteger(amount)) throw new RangeError("Line amount exceeds exact range");
  return amount;
}
