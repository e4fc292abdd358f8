// Pure report logic over per-union figures: counts, roll-ups per child organisation, ranking and the lagging
// list. Inputs come from the kept-current aggregates; nothing here touches order lines.
import type { Fen } from "./money";
import { rollUp, welfareShare, type ShareFigures } from "./welfare-share";

export interface UnitFigures {
  orgId: number;
  name: string;
  path: string;
  contactName: string | null;
  contactPhone: string | null;
  budgetFen: Fen; // 0 when no budget was entered
  hasBudget: boolean;
  assistanceProcurementFen: Fen;
  otherPlatformFen: Fen;
  offPlatformFen: Fen;
}

export interface UnitCounts {
  registered: number;
  withBudget: number;
  bought: number;
  budgetButNoPurchases: number;
}

export function unitCounts(units: readonly UnitFigures[]): UnitCounts {
  let withBudget = 0;
  let bought = 0;
  let budgetButNoPurchases = 0;
  for (const u of units) {
    const purchased = u.assistanceProcurementFen + u.otherPlatformFen > 0;
    if (u.hasBudget) withBudget++;
    if (purchased) bought++;
    if (u.hasBudget && !purchased) budgetButNoPurchases++;
  }
  return { registered: units.length, withBudget, bought, budgetButNoPurchases };
}

export function welfareSpendingOf(u: Pick<UnitFigures, "assistanceProcurementFen" | "otherPlatformFen" | "offPlatformFen">): Fen {
  return u.assistanceProcurementFen + u.otherPlatformFen + u.offPlatformFen;
}

export function unitShare(u: UnitFigures, targetBasisPoints: number): ShareFigures {
  return welfareShare({
    budgetFen: u.budgetFen,
    assistanceProcurementFen: u.assistanceProcurementFen,
    welfareSpendingFen: welfareSpendingOf(u),
    targetBasisPoints,
  });
}

/** ΣP/ΣB over a set of units (never a mean of their ratios). */
export function rollUpUnits(units: readonly UnitFigures[], targetBasisPoints: number): ShareFigures {
  return rollUp(
    units.map((u) => ({ budgetFen: u.budgetFen, assistanceProcurementFen: u.assistanceProcurementFen, welfareSpendingFen: welfareSpendingOf(u) })),
    targetBasisPoints,
  );
}

export interface ChildOrg {
  orgId: number;
  name: string;
  kind: string;
  path: string;
}

/** Each child organisation with the roll-up of the units under it (a union child is its own only unit). */
export function childRollUps(children: readonly ChildOrg[], units: readonly UnitFigures[], targetBasisPoints: number) {
  // Children share one depth in the tree, so a unit's child is the prefix of its path at that depth: one pass.
  const byPath = new Map<string, UnitFigures[]>(children.map((c) => [c.path, []]));
  const depth = children[0]?.path.split("/").length ?? 0;
  for (const unit of units) {
    const prefix =
      unit.path
        .split("/")
        .slice(0, depth - 1)
        .join("/") + "/";
    byPath.get(prefix)?.push(unit);
  }
  return children.map((child) => {
    const members = byPath.get(child.path) ?? [];
    return { ...child, unitCount: members.length, counts: unitCounts(members), figures: rollUpUnits(members, targetBasisPoints) };
  });
}

/** At most `limit` children for the on-screen table, biggest gap first; the export always has them all. */
export function childrenForDisplay<T extends { figures: { gapFen: number }; name: string }>(
  children: readonly T[],
  limit = 100,
): { shown: T[]; hidden: number } {
  if (children.length <= limit) return { shown: [...children], hidden: 0 };
  const shown = [...children].sort((a, b) => b.figures.gapFen - a.figures.gapFen || a.name.localeCompare(b.name, "zh-CN")).slice(0, limit);
  return { shown, hidden: children.length - limit };
}

/** Units with a budget that are short of the target, biggest gap first: who a leader should call. */
export function laggingUnits(units: readonly UnitFigures[], targetBasisPoints: number, limit = 20) {
  return units
    .filter((u) => u.hasBudget)
    .map((u) => ({ unit: u, figures: unitShare(u, targetBasisPoints) }))
    .filter((r) => r.figures.gapFen > 0)
    .sort((a, b) => b.figures.gapFen - a.figures.gapFen || a.unit.orgId - b.unit.orgId)
    .slice(0, limit);
}

/** Units with a budget ranked by completion, best first; ties broken by name for a stable order. */
export function rankUnits(units: readonly UnitFigures[], targetBasisPoints: number) {
  return units
    .filter((u) => u.hasBudget)
    .map((u) => ({ unit: u, figures: unitShare(u, targetBasisPoints) }))
    .sort((a, b) => (b.figures.completion ?? 0) - (a.figures.completion ?? 0) || a.unit.name.localeCompare(b.unit.name, "zh-CN"));
}

/** A report node's kept row for a year (its own figures summed over its units, and its unit counts). */
export interface NodeRow {
  budgetFen: Fen;
  certifiedFen: Fen;
  otherPlatformFen: Fen;
  offPlatformFen: Fen;
  unitsWithBudget: number;
  unitsBought: number;
  unitsBudgetNoPurchases: number;
}

/** A node's share figures from its kept row: the same ΣP/ΣB as rolling up its units (report:verify proves it). */
export function nodeShare(
  row: Omit<NodeRow, "unitsWithBudget" | "unitsBought" | "unitsBudgetNoPurchases">,
  registered: number,
  targetBasisPoints: number,
): ShareFigures {
  return welfareShare({
    budgetFen: row.budgetFen,
    assistanceProcurementFen: row.certifiedFen,
    welfareSpendingFen: registered > 0 ? row.certifiedFen + row.otherPlatformFen + row.offPlatformFen : null,
    targetBasisPoints,
  });
}

export function nodeCounts(row: Pick<NodeRow, "unitsWithBudget" | "unitsBought" | "unitsBudgetNoPurchases">, registered: number): UnitCounts {
  return { registered, withBudget: row.unitsWithBudget, bought: row.unitsBought, budgetButNoPurchases: row.unitsBudgetNoPurchases };
}
