// How money that changes state moves the kept-current report aggregates (ProcurementTotal and
// ProcurementBreakdown). Pure: the same function serves the app's writes, the data generator, and
// `npm run report:verify`, which recomputes everything from order lines and compares.
import { chinaMonth, chinaYear } from "./china-time";
import type { Fen } from "./money";

export const BREAKDOWN_DIMENSIONS = ["MONTH", "CATEGORY", "COUNTY", "VILLAGE", "SUPPLIER", "TRADE_ROLE"] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

/** What a line contributes, as snapshotted on the order line. */
export interface LedgerLine {
  amountFen: Fen;
  certifiedOnOrderDate: boolean;
  category: string;
  originCounty: string;
  originVillageId: number | null;
  supplierId: number;
  supplierTradeRole: string;
}

export interface TotalDelta {
  orgId: number;
  year: number;
  certifiedFen: Fen;
  otherPlatformFen: Fen;
  paidLineCount: number;
}

export interface BreakdownDelta {
  orgId: number;
  year: number;
  dimension: BreakdownDimension;
  key: string;
  certifiedFen: Fen;
  lineCount: number;
}

/**
 * The organisations whose figures include a union's purchases: the union and its ancestors up to and including
 * the nearest federation or partner group. Partner unions roll up into their partner group, not into the city,
 * so the city's own figure never contains them.
 * `ancestry` is the union's path as ids from the root, e.g. [2, 5, 17]; `kinds` gives each id's kind.
 */
export function reportingOrgIds(ancestry: number[], kinds: ReadonlyMap<number, string>): number[] {
  const result: number[] = [];
  for (let i = ancestry.length - 1; i >= 0; i--) {
    const id = ancestry[i];
    result.push(id);
    const kind = kinds.get(id);
    if (kind === "FEDERATION" || kind === "PARTNER_GROUP") break;
  }
  return result;
}

export function breakdownKeys(line: LedgerLine, paidAt: Date): Array<[BreakdownDimension, string]> {
  return [
    ["MONTH", String(chinaMonth(paidAt)).padStart(2, "0")],
    ["CATEGORY", line.category],
    ["COUNTY", line.originCounty],
    ["VILLAGE", line.originVillageId == null ? "-" : String(line.originVillageId)],
    ["SUPPLIER", String(line.supplierId)],
    ["TRADE_ROLE", line.supplierTradeRole],
  ];
}

/**
 * The aggregate changes when lines are paid (sign +1) or refunded (sign −1, with the refunded amounts).
 * A refund moves the figures of the year the line was paid in, since a line counts in its payment year.
 */
export function ledgerDeltas(lines: LedgerLine[], paidAt: Date, sign: 1 | -1, orgIds: number[]): { totals: TotalDelta[]; breakdowns: BreakdownDelta[] } {
  const year = chinaYear(paidAt);
  let certifiedFen = 0;
  let otherPlatformFen = 0;
  const byKey = new Map<string, BreakdownDelta>();
  for (const line of lines) {
    const amount = sign * line.amountFen;
    if (line.certifiedOnOrderDate) certifiedFen += amount;
    else otherPlatformFen += amount;
    if (!line.certifiedOnOrderDate) continue;
    for (const [dimension, key] of breakdownKeys(line, paidAt)) {
      for (const orgId of orgIds) {
        const mapKey = `${orgId}|${dimension}|${key}`;
        const existing = byKey.get(mapKey);
        if (existing) {
          existing.certifiedFen += amount;
          existing.lineCount += sign;
        } else {
          byKey.set(mapKey, { orgId, year, dimension, key, certifiedFen: amount, lineCount: sign });
        }
      }
    }
  }
  const totals = orgIds.map((orgId) => ({ orgId, year, certifiedFen, otherPlatformFen, paidLineCount: sign * lines.length }));
  return { totals, breakdowns: [...byKey.values()] };
}

/** Kinds of organisation that buy: each is one unit in the counts leaders ask for. */
export const UNIT_KINDS = ["GRASSROOTS", "PARTNER_UNION"] as const;

export function isUnitKind(kind: string): boolean {
  return (UNIT_KINDS as readonly string[]).includes(kind);
}

/** The per-node figures kept for each report node and year (a union's own row holds its own figures). */
export interface NodeFigures {
  budgetFen: Fen;
  certifiedFen: Fen;
  otherPlatformFen: Fen;
  offPlatformFen: Fen;
  paidLineCount: number;
}

export const ZERO_FIGURES: NodeFigures = { budgetFen: 0, certifiedFen: 0, otherPlatformFen: 0, offPlatformFen: 0, paidLineCount: 0 };

export interface UnitFlags {
  unitsWithBudget: number;
  unitsBought: number;
  unitsBudgetNoPurchases: number;
}

/**
 * What one union adds to the unit counts of every node above it: 0 or 1 each. "Bought" means any paid platform
 * purchase that year (certified or not) that refunds have not fully reversed.
 */
export function unitFlags(f: Pick<NodeFigures, "budgetFen" | "certifiedFen" | "otherPlatformFen">): UnitFlags {
  const withBudget = f.budgetFen > 0 ? 1 : 0;
  const bought = f.certifiedFen + f.otherPlatformFen > 0 ? 1 : 0;
  return { unitsWithBudget: withBudget, unitsBought: bought, unitsBudgetNoPurchases: withBudget && !bought ? 1 : 0 };
}

export function addFigures(a: NodeFigures, b: Partial<NodeFigures>): NodeFigures {
  return {
    budgetFen: a.budgetFen + (b.budgetFen ?? 0),
    certifiedFen: a.certifiedFen + (b.certifiedFen ?? 0),
    otherPlatformFen: a.otherPlatformFen + (b.otherPlatformFen ?? 0),
    offPlatformFen: a.offPlatformFen + (b.offPlatformFen ?? 0),
    paidLineCount: a.paidLineCount + (b.paidLineCount ?? 0),
  };
}

/** One month of a union's year-to-date flags: P from January through the month above zero, and that with a budget. */
export interface PeriodFlags {
  bought: number;
  budgetBought: number;
}

/**
 * A union's year-to-date flags for months 1–12 (index 0 = January) from its budget and its certified P per month
 * (the MONTH breakdown): what it adds to the ReportPeriodCount rows of every node above it.
 */
export function periodFlags(budgetFen: Fen, monthly: ReadonlyArray<{ month: number; certifiedFen: Fen }>): PeriodFlags[] {
  const byMonth = new Array<number>(12).fill(0);
  for (const m of monthly) if (m.month >= 1 && m.month <= 12) byMonth[m.month - 1] += m.certifiedFen;
  let cumulative = 0;
  return byMonth.map((fen) => {
    cumulative += fen;
    const bought = cumulative > 0 ? 1 : 0;
    return { bought, budgetBought: bought && budgetFen > 0 ? 1 : 0 };
  });
}

/** The change in every month's counts when a union's flags go from `before` to `after` (months with no change left out). */
export function periodCountDeltas(before: readonly PeriodFlags[], after: readonly PeriodFlags[]): Array<{ month: number } & PeriodFlags> {
  const out: Array<{ month: number } & PeriodFlags> = [];
  for (let i = 0; i < 12; i++) {
    const bought = (after[i]?.bought ?? 0) - (before[i]?.bought ?? 0);
    const budgetBought = (after[i]?.budgetBought ?? 0) - (before[i]?.budgetBought ?? 0);
    if (bought !== 0 || budgetBought !== 0) out.push({ month: i + 1, bought, budgetBought });
  }
  return out;
}

export const NO_PERIOD_FLAGS: readonly PeriodFlags[] = Array.from({ length: 12 }, () => ({ bought: 0, budgetBought: 0 }));
