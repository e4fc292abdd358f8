// "Are we better than last year?": this year to date against the same months of last year. Pure; the inputs are
// per-unit figures whose P covers January to the same month in both years (see docs/decisions/0170).
import { rollUpUnits, type UnitFigures } from "./report";
import { welfareShare, type ShareFigures } from "./welfare-share";

export interface PeriodFigures {
  year: number;
  throughMonth: number;
  figures: ShareFigures;
  registered: number;
  withBudget: number;
  /** Units whose P in the period is above zero. */
  bought: number;
  budgetButNoPurchases: number;
}

export function periodFigures(units: readonly UnitFigures[], year: number, throughMonth: number, targetBasisPoints: number): PeriodFigures {
  let withBudget = 0;
  let bought = 0;
  let budgetButNoPurchases = 0;
  for (const u of units) {
    if (u.hasBudget) withBudget++;
    if (u.assistanceProcurementFen > 0) bought++;
    if (u.hasBudget && u.assistanceProcurementFen <= 0) budgetButNoPurchases++;
  }
  return { year, throughMonth, figures: rollUpUnits(units, targetBasisPoints), registered: units.length, withBudget, bought, budgetButNoPurchases };
}

/**
 * The same figures from a report node's kept rows: its budget, its P from January through the month (MONTH
 * breakdown), its registered and budgeted units, and its year-to-date counts (ReportPeriodCount). W is not known
 * by month, so it is P when the node has units, as the per-unit roll-up above gives.
 */
export function periodFiguresOfNode(
  node: { budgetFen: number; certifiedThroughFen: number; registered: number; withBudget: number; bought: number; budgetBought: number },
  year: number,
  throughMonth: number,
  targetBasisPoints: number,
): PeriodFigures {
  return {
    year,
    throughMonth,
    figures: welfareShare({
      budgetFen: node.budgetFen,
      assistanceProcurementFen: node.certifiedThroughFen,
      welfareSpendingFen: node.registered > 0 ? node.certifiedThroughFen : null,
      targetBasisPoints,
    }),
    registered: node.registered,
    withBudget: node.withBudget,
    bought: node.bought,
    budgetButNoPurchases: node.withBudget - node.budgetBought,
  };
}

export interface Change {
  /** this − last */
  delta: number;
  /** this / last − 1; null when last year had nothing to compare with */
  ratio: number | null;
}

export function change(current: number, previous: number): Change {
  return { delta: current - previous, ratio: previous !== 0 ? current / previous - 1 : null };
}

/** Share points moved: 0.05 = five percentage points; null when either year has no budget. */
export function sharePoints(current: number | null, previous: number | null): number | null {
  return current == null || previous == null ? null : current - previous;
}
