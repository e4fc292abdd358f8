// The 30% rule (shared/docs/domain.md, "The 30% rule, precisely"). Pure and exact: ratios are computed from
// integer fen and only rounded for display; roll-ups sum P and B first and divide once.
import type { Fen } from "./money";

export const DEFAULT_TARGET_BASIS_POINTS = 3000;

export type Grade = "A+" | "A" | "B" | "C" | "D" | "F";

export interface ShareInputs {
  /** B: the welfare budget */
  budgetFen: Fen;
  /** P: certified, paid, minus refunds */
  assistanceProcurementFen: Fen;
  /** W: all welfare spending, when known (P + non-certified platform + off-platform) */
  welfareSpendingFen?: Fen | null;
  /** T in basis points: 3000 = 30% */
  targetBasisPoints: number;
}

export interface ShareFigures {
  budgetFen: Fen;
  assistanceProcurementFen: Fen;
  welfareSpendingFen: Fen | null;
  targetBasisPoints: number;
  /** T×B in fen, rounded up: a union meets the target only with P ≥ the full amount */
  targetFen: Fen;
  /** P/B as a fraction, null without a budget */
  share: number | null;
  /** P/W as a fraction, null when W is unknown or zero */
  shareOfSpending: number | null;
  /** P/(T×B), null without a budget */
  completion: number | null;
  /** max(0, T×B − P) */
  gapFen: Fen;
  grade: Grade | null;
}

export function targetAmountFen(budgetFen: Fen, targetBasisPoints: number): Fen {
  return Math.ceil((budgetFen * targetBasisPoints) / 10000);
}

/** A+ ≥120%, A 100–119%, B 90–99%, C 80–89%, D 70–79%, F <70% — compared in exact integers. */
export function gradeFor(assistanceProcurementFen: Fen, targetFen: Fen): Grade | null {
  if (targetFen <= 0) return null;
  const p100 = assistanceProcurementFen * 100;
  if (p100 >= targetFen * 120) return "A+";
  if (p100 >= targetFen * 100) return "A";
  if (p100 >= targetFen * 90) return "B";
  if (p100 >= targetFen * 80) return "C";
  if (p100 >= targetFen * 70) return "D";
  return "F";
}

export function welfareShare(inputs: ShareInputs): ShareFigures {
  const { budgetFen, assistanceProcurementFen: p, targetBasisPoints } = inputs;
  const w = inputs.welfareSpendingFen ?? null;
  const targetFen = targetAmountFen(budgetFen, targetBasisPoints);
  return {
    budgetFen,
    assistanceProcurementFen: p,
    welfareSpendingFen: w,
    targetBasisPoints,
    targetFen,
    share: budgetFen > 0 ? p / budgetFen : null,
    shareOfSpending: w && w > 0 ? p / w : null,
    completion: targetFen > 0 ? p / targetFen : null,
    gapFen: Math.max(0, targetFen - p),
    grade: gradeFor(p, targetFen),
  };
}

/** Roll-up: ΣP / ΣB over the members, never the mean of their ratios. */
export function rollUp(
  members: Array<{ budgetFen: Fen; assistanceProcurementFen: Fen; welfareSpendingFen?: Fen | null }>,
  targetBasisPoints: number,
): ShareFigures {
  let budgetFen = 0;
  let p = 0;
  let w = 0;
  let wKnown = false;
  for (const m of members) {
    budgetFen += m.budgetFen;
    p += m.assistanceProcurementFen;
    if (m.welfareSpendingFen != null) {
      w += m.welfareSpendingFen;
      wKnown = true;
    }
  }
  return welfareShare({ budgetFen, assistanceProcurementFen: p, welfareSpendingFen: wKnown ? w : null, targetBasisPoints });
}

const shareFormatters = new Map<string, Intl.NumberFormat>();

/** "31%" style percentage for display (one decimal below 10%). Formatters are cached: a dashboard formats hundreds. */
export function formatShare(fraction: number | null, locale: string): string {
  if (fraction == null) return "—";
  const digits = fraction < 0.1 ? 1 : 0;
  const key = `${locale}|${digits}`;
  let formatter = shareFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: digits });
    shareFormatters.set(key, formatter);
  }
  return formatter.format(fraction);
}

const pointFormatters = new Map<string, Intl.NumberFormat>();

/** The size of a change in share as percentage points, "3.5" (at most one decimal), without its sign. */
export function formatSharePoints(change: number, locale: string): string {
  let formatter = pointFormatters.get(locale);
  if (!formatter) pointFormatters.set(locale, (formatter = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })));
  return formatter.format(Math.abs(change * 100));
}

/** A share for exports and spreadsheets: "12.34%", two decimals, locale-free. */
export function shareForExport(fraction: number | null): string {
  return fraction == null ? "" : `${(Math.round(fraction * 1_000_000) / 10_000).toFixed(2)}%`;
}

/** Kinds of welfare spending a union records outside the platform, so W is complete. */
export const OFF_PLATFORM_CATEGORIES = ["FESTIVAL", "ACTIVITY", "CONDOLENCE", "HEALTH", "OTHER"] as const;

/**
 * A union's place in the lagging list and the ranking, kept in an index: its gap and its completion under the
 * governing target. Only units with a budget have a standing (the lists leave the others out).
 */
export function unitStanding(budgetFen: Fen, assistanceProcurementFen: Fen, targetBasisPoints: number): { gapFen: Fen; completion: number | null } | null {
  if (budgetFen <= 0) return null;
  const figures = welfareShare({ budgetFen, assistanceProcurementFen, targetBasisPoints });
  return { gapFen: figures.gapFen, completion: figures.completion };
}
