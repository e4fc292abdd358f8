// Recomputes every kept report figure from the sources — order lines, refund lines, budgets, off-platform
// spending and the organisation tree — and compares it with what the ledger kept: every node's figures and unit
// counts, breakdowns, registered units, the standings behind the lagging list and the ranking, and each node's
// target, gap, completion and grade; and the union-year order totals the triggers on "Order" keep
// (report-verify-order-totals.server.ts). Takes a connection so it can check any database file.
import { isBuyingUnion } from "~/domain/roles";
import { all, q, type Connection } from "~/utils/sql.server";
import { periodFlags, reportingOrgIds, unitFlags, ZERO_FIGURES, addFigures, type NodeFigures, type UnitFlags } from "~/domain/procurement-ledger";
import { nodeShare } from "~/domain/report";
import { DEFAULT_TARGET_BASIS_POINTS, rollUp, unitStanding } from "~/domain/welfare-share";
import { recomputeUnionFigures } from "./procurement-ledger.server";
import { verifyUnionOrderTotals, type OrderTotalDifference } from "./report-verify-order-totals.server";

export type Difference = ReportDifference | OrderTotalDifference;

interface ReportDifference {
  table: "ProcurementTotal" | "ProcurementBreakdown" | "ReportUnitCount" | "ReportStanding" | "ReportPeriodCount" | "Headline";
  orgId: number;
  year?: number;
  unitId?: number;
  dimension?: string;
  key?: string;
  field: string;
  expected: number | string | null;
  stored: number | string | null;
}

type NodeRow = NodeFigures & UnitFlags;
const FIELDS = [
  "budgetFen",
  "certifiedFen",
  "otherPlatformFen",
  "offPlatformFen",
  "paidLineCount",
  "unitsWithBudget",
  "unitsBought",
  "unitsBudgetNoPurchases",
] as const;

export async function verifyReportAggregates(connection: Connection) {
  const orgs = await all(connection, q.selectFrom("Organization").select(["id", "kind", "path", "mergedIntoId"]));
  const kinds = new Map(orgs.map((o) => [o.id, o.kind]));
  const paths = new Map(orgs.map((o) => [o.id, o.path]));
  const ancestry = (id: number) => (paths.get(id) ?? `/${id}/`).split("/").filter(Boolean).map(Number);
  const policies = new Map(
    (await all(connection, q.selectFrom("WelfarePolicy").select(["orgId", "year", "targetBasisPoints"]))).map((p) => [
      `${p.orgId}|${p.year}`,
      p.targetBasisPoints,
    ]),
  );
  /** The target of the nearest federation or partner group at or above an organisation. */
  const targetOf = (orgId: number, year: number) => {
    const governing = [...ancestry(orgId)].reverse().find((id) => kinds.get(id) === "FEDERATION" || kinds.get(id) === "PARTNER_GROUP");
    return governing == null ? DEFAULT_TARGET_BASIS_POINTS : (policies.get(`${governing}|${year}`) ?? DEFAULT_TARGET_BASIS_POINTS);
  };
  // A union merged into another keeps only its pointer: it is no longer a buying unit.
  const units = orgs.filter((o) => isBuyingUnion(o.kind) && o.mergedIntoId == null);
  const recomputed = await recomputeUnionFigures(connection);

  // Expected node rows, registered units, members (for the roll-up check) and standings.
  const expectedRows = new Map<string, NodeRow>();
  const members = new Map<string, NodeFigures[]>();
  const expectedRegistered = new Map<number, number>();
  const expectedStandings = new Map<string, { gapFen: number; completion: number | null; direct: number }>();
  for (const unit of units) {
    const reporting = reportingOrgIds(ancestry(unit.id), kinds);
    for (const orgId of reporting) expectedRegistered.set(orgId, (expectedRegistered.get(orgId) ?? 0) + 1);
    for (const [year, f] of recomputed.totals.get(unit.id) ?? new Map<number, NodeFigures>()) {
      const flags = unitFlags(f);
      for (const orgId of reporting) {
        const key = `${orgId}|${year}`;
        const row = expectedRows.get(key) ?? { ...ZERO_FIGURES, unitsWithBudget: 0, unitsBought: 0, unitsBudgetNoPurchases: 0 };
        expectedRows.set(key, {
          ...addFigures(row, f),
          unitsWithBudget: row.unitsWithBudget + flags.unitsWithBudget,
          unitsBought: row.unitsBought + flags.unitsBought,
          unitsBudgetNoPurchases: row.unitsBudgetNoPurchases + flags.unitsBudgetNoPurchases,
        });
        const list = members.get(key);
        if (list) list.push(f);
        else members.set(key, [f]);
      }
      const standing = unitStanding(f.budgetFen, f.certifiedFen, targetOf(unit.id, year));
      if (standing) reporting.slice(1).forEach((nodeId, i) => expectedStandings.set(`${nodeId}|${year}|${unit.id}`, { ...standing, direct: i === 0 ? 1 : 0 }));
    }
  }

  const differences: Difference[] = [];
  // Node rows, and each node's headline from its kept row against the ratio of sums over its units.
  const stored = await all(connection, q.selectFrom("ProcurementTotal").select(["orgId", "year", ...FIELDS]));
  const registered = new Map((await all(connection, q.selectFrom("ReportUnitCount").select(["orgId", "registered"]))).map((r) => [r.orgId, r.registered]));
  const seen = new Set<string>();
  for (const s of stored) {
    const key = `${s.orgId}|${s.year}`;
    seen.add(key);
    const e = expectedRows.get(key) ?? { ...ZERO_FIGURES, unitsWithBudget: 0, unitsBought: 0, unitsBudgetNoPurchases: 0 };
    for (const field of FIELDS) {
      if (Number(e[field]) !== Number(s[field]))
        differences.push({ table: "ProcurementTotal", orgId: s.orgId, year: s.year, field, expected: e[field], stored: Number(s[field]) });
    }
    const target = targetOf(s.orgId, s.year);
    const kept = nodeShare(
      {
        ...s,
        certifiedFen: Number(s.certifiedFen),
        budgetFen: Number(s.budgetFen),
        otherPlatformFen: Number(s.otherPlatformFen),
        offPlatformFen: Number(s.offPlatformFen),
      },
      registered.get(s.orgId) ?? 0,
      target,
    );
    const unitsOfNode = members.get(key) ?? [];
    const fromUnits = rollUp(
      unitsOfNode.map((u) => ({
        budgetFen: u.budgetFen,
        assistanceProcurementFen: u.certifiedFen,
        welfareSpendingFen: u.certifiedFen + u.otherPlatformFen + u.offPlatformFen,
      })),
      target,
    );
    if (unitsOfNode.length === 0) continue; // nothing to roll up: the figures themselves are checked above
    for (const field of ["targetFen", "gapFen", "completion", "grade"] as const) {
      if (kept[field] !== fromUnits[field])
        differences.push({ table: "Headline", orgId: s.orgId, year: s.year, field, expected: fromUnits[field], stored: kept[field] });
    }
  }
  for (const [key, e] of expectedRows) {
    if (seen.has(key) || FIELDS.every((f) => e[f] === 0)) continue;
    const [orgId, year] = key.split("|").map(Number);
    differences.push({ table: "ProcurementTotal", orgId, year, field: "row", expected: "present", stored: null });
  }

  // Registered units.
  for (const [orgId, n] of expectedRegistered) {
    if ((registered.get(orgId) ?? 0) !== n)
      differences.push({ table: "ReportUnitCount", orgId, field: "registered", expected: n, stored: registered.get(orgId) ?? 0 });
  }
  for (const [orgId, n] of registered) {
    if (!expectedRegistered.has(orgId) && n !== 0) differences.push({ table: "ReportUnitCount", orgId, field: "registered", expected: 0, stored: n });
  }

  // Standings: the same set, with the same gap, completion and direct flag.
  const storedStandings = await all(connection, q.selectFrom("ReportStanding").select(["nodeId", "year", "unitId", "direct", "gapFen", "completion"]));
  const seenStandings = new Set<string>();
  for (const s of storedStandings) {
    const key = `${s.nodeId}|${s.year}|${s.unitId}`;
    seenStandings.add(key);
    const e = expectedStandings.get(key);
    if (!e) {
      differences.push({ table: "ReportStanding", orgId: s.nodeId, year: s.year, unitId: s.unitId, field: "row", expected: null, stored: "present" });
      continue;
    }
    for (const field of ["gapFen", "completion", "direct"] as const) {
      if (e[field] !== (field === "gapFen" ? Number(s[field]) : s[field]))
        differences.push({ table: "ReportStanding", orgId: s.nodeId, year: s.year, unitId: s.unitId, field, expected: e[field], stored: s[field] });
    }
  }
  for (const key of expectedStandings.keys()) {
    if (seenStandings.has(key)) continue;
    const [orgId, year, unitId] = key.split("|").map(Number);
    differences.push({ table: "ReportStanding", orgId, year, unitId, field: "row", expected: "present", stored: null });
  }

  // Breakdowns.
  const expectedBreakdowns = new Map<string, { certifiedFen: number; lineCount: number }>();
  for (const [unionId, rows] of recomputed.breakdowns) {
    const reporting = reportingOrgIds(ancestry(unionId), kinds);
    for (const r of rows) {
      for (const orgId of reporting) {
        const key = `${orgId}|${r.year}|${r.dimension}|${r.key}`;
        const row = expectedBreakdowns.get(key) ?? { certifiedFen: 0, lineCount: 0 };
        row.certifiedFen += r.certifiedFen;
        row.lineCount += r.lineCount;
        expectedBreakdowns.set(key, row);
      }
    }
  }
  const storedBreakdowns = await all(
    connection,
    q.selectFrom("ProcurementBreakdown").select(["orgId", "year", "dimension", "key", "certifiedFen", "lineCount"]),
  );
  const seenBreakdowns = new Set<string>();
  for (const s of storedBreakdowns) {
    const key = `${s.orgId}|${s.year}|${s.dimension}|${s.key}`;
    seenBreakdowns.add(key);
    const e = expectedBreakdowns.get(key) ?? { certifiedFen: 0, lineCount: 0 };
    for (const field of ["certifiedFen", "lineCount"] as const) {
      if (e[field] !== Number(s[field]))
        differences.push({
          table: "ProcurementBreakdown",
          orgId: s.orgId,
          year: s.year,
          dimension: s.dimension,
          key: s.key,
          field,
          expected: e[field],
          stored: Number(s[field]),
        });
    }
  }
  for (const [key, e] of expectedBreakdowns) {
    if (seenBreakdowns.has(key) || (e.certifiedFen === 0 && e.lineCount === 0)) continue;
    const [orgId, year, dimension, k] = key.split("|");
    differences.push({
      table: "ProcurementBreakdown",
      orgId: Number(orgId),
      year: Number(year),
      dimension,
      key: k,
      field: "certifiedFen",
      expected: e.certifiedFen,
      stored: 0,
    });
  }
  // Year-to-date counts of every node above unions, per month: from each union's recomputed MONTH breakdown and budget.
  const expectedPeriods = new Map<string, { unitsBought: number; unitsBudgetBought: number }>();
  const unitIds = new Set(units.map((u) => u.id));
  const unionYears = new Set<string>();
  for (const [unionId, rows] of recomputed.breakdowns) for (const r of rows) if (r.dimension === "MONTH") unionYears.add(`${unionId}|${r.year}`);
  for (const unionYear of unionYears) {
    const [unionId, year] = unionYear.split("|").map(Number);
    if (!unitIds.has(unionId)) continue;
    const monthly = (recomputed.breakdowns.get(unionId) ?? [])
      .filter((r) => r.year === year && r.dimension === "MONTH")
      .map((r) => ({ month: Number(r.key), certifiedFen: r.certifiedFen }));
    const flags = periodFlags(recomputed.totals.get(unionId)?.get(year)?.budgetFen ?? 0, monthly);
    for (const nodeId of reportingOrgIds(ancestry(unionId), kinds).slice(1)) {
      flags.forEach((f, i) => {
        if (!f.bought) return;
        const key = `${nodeId}|${year}|${i + 1}`;
        const row = expectedPeriods.get(key) ?? { unitsBought: 0, unitsBudgetBought: 0 };
        row.unitsBought += f.bought;
        row.unitsBudgetBought += f.budgetBought;
        expectedPeriods.set(key, row);
      });
    }
  }
  const storedPeriods = await all(connection, q.selectFrom("ReportPeriodCount").select(["orgId", "year", "month", "unitsBought", "unitsBudgetBought"]));
  const seenPeriods = new Set<string>();
  for (const s of storedPeriods) {
    const key = `${s.orgId}|${s.year}|${s.month}`;
    seenPeriods.add(key);
    const e = expectedPeriods.get(key) ?? { unitsBought: 0, unitsBudgetBought: 0 };
    for (const field of ["unitsBought", "unitsBudgetBought"] as const) {
      if (e[field] !== s[field])
        differences.push({ table: "ReportPeriodCount", orgId: s.orgId, year: s.year, key: String(s.month), field, expected: e[field], stored: s[field] });
    }
  }
  for (const [key, e] of expectedPeriods) {
    if (seenPeriods.has(key)) continue;
    const [orgId, year, month] = key.split("|").map(Number);
    differences.push({ table: "ReportPeriodCount", orgId, year, key: String(month), field: "unitsBought", expected: e.unitsBought, stored: 0 });
  }

  const orderTotals = await verifyUnionOrderTotals(connection);
  differences.push(...orderTotals.differences);

  return {
    differences,
    checkedOrderTotals: orderTotals.checked,
    checkedPeriodCounts: storedPeriods.length,
    checkedTotals: stored.length,
    checkedBreakdowns: storedBreakdowns.length,
    checkedStandings: storedStandings.length,
    checkedNodes: registered.size,
  };
}
