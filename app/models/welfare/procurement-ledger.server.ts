// The ledger: keeps every report node's figures current inside the same synchronous write transaction as the
// event that changes them (docs/decisions/0180-report-nodes.md). One function per event:
//   recordOrderPaid, recordRefundSucceeded          — P and the platform part of W, breakdowns
//   recordBudgetChanged, recordOffPlatformChanged   — B, the off-platform part of W
//   recordTargetChanged                              — the standings (gap, completion) under a federation
//   recordUnionAdded, detachUnionFigures, attachUnionFigures, recordUnionsMerged — the tree changing
// Each moves the union's own row, every ancestor's row up to its federation or partner group, the unit counts and
// the union's standings. Call only inside a transaction (transaction() in app/utils/db.server.ts).
import { expressionBuilder, sql, type AliasableExpression, type Expression } from "kysely";
import type { DB } from "~/generated/db-types";
import { all, first, prepared, q, run, type Connection } from "~/utils/sql.server";
import { chinaMonthOfSql, chinaYearOfSql } from "~/models/rules-sql.server";
import {
  addFigures,
  BREAKDOWN_DIMENSIONS,
  ledgerDeltas,
  NO_PERIOD_FLAGS,
  periodCountDeltas,
  periodFlags,
  reportingOrgIds,
  unitFlags,
  ZERO_FIGURES,
  type BreakdownDimension,
  type LedgerLine,
  type NodeFigures,
  type PeriodFlags,
} from "~/domain/procurement-ledger";
import { DEFAULT_TARGET_BASIS_POINTS, unitStanding } from "~/domain/welfare-share";

const LINE_COLUMNS = [
  "l.amountFen",
  "l.certifiedOnOrderDate",
  "l.category",
  "l.originCounty",
  "l.originVillageId",
  "l.supplierId",
  "l.supplierTradeRole",
] as const;

/** An order line as LINE_COLUMNS reads it. */
interface LineRow {
  amountFen: number;
  certifiedOnOrderDate: number;
  category: string;
  originCounty: string;
  originVillageId: number | null;
  supplierId: number;
  supplierTradeRole: string;
}

function toLedgerLine(row: LineRow, amountFen = Number(row.amountFen)): LedgerLine {
  return {
    amountFen,
    certifiedOnOrderDate: row.certifiedOnOrderDate === 1,
    category: row.category,
    originCounty: row.originCounty,
    originVillageId: row.originVillageId,
    supplierId: row.supplierId,
    supplierTradeRole: row.supplierTradeRole,
  };
}

/** The union's reporting organisations (itself and ancestors up to its federation or partner group), with kinds. */
async function reportingChain(connection: Connection, unionId: number): Promise<{ orgIds: number[]; kinds: Map<number, string> }> {
  const union = await first(connection, q.selectFrom("Organization").select("path").where("id", "=", unionId));
  if (!union) throw new Error(`Unknown union ${unionId}`);
  const ancestry = union.path.split("/").filter(Boolean).map(Number);
  const rows = await all(connection, q.selectFrom("Organization").select(["id", "kind"]).where("id", "in", ancestry));
  const kinds = new Map(rows.map((r) => [r.id, r.kind]));
  return { orgIds: reportingOrgIds(ancestry, kinds), kinds };
}

export async function reportingOrgIdsForUnion(connection: Connection, unionId: number): Promise<number[]> {
  return (await reportingChain(connection, unionId)).orgIds;
}

/** The target governing a union's figures for a year: its federation's or partner group's policy, else 30%. */
async function governingTarget(connection: Connection, chain: { orgIds: number[]; kinds: Map<number, string> }, year: number): Promise<number> {
  const top = chain.orgIds[chain.orgIds.length - 1];
  const kind = chain.kinds.get(top);
  if (kind !== "FEDERATION" && kind !== "PARTNER_GROUP") return DEFAULT_TARGET_BASIS_POINTS;
  const row = await first(connection, q.selectFrom("WelfarePolicy").select("targetBasisPoints").where("orgId", "=", top).where("year", "=", year));
  return row?.targetBasisPoints ?? DEFAULT_TARGET_BASIS_POINTS;
}

async function ownFigures(connection: Connection, orgId: number, year: number): Promise<NodeFigures> {
  const row = await first(
    connection,
    q
      .selectFrom("ProcurementTotal")
      .select(["budgetFen", "certifiedFen", "otherPlatformFen", "offPlatformFen", "paidLineCount"])
      .where("orgId", "=", orgId)
      .where("year", "=", year),
  );
  if (!row) return { ...ZERO_FIGURES };
  return {
    budgetFen: Number(row.budgetFen),
    certifiedFen: Number(row.certifiedFen),
    otherPlatformFen: Number(row.otherPlatformFen),
    offPlatformFen: Number(row.offPlatformFen),
    paidLineCount: Number(row.paidLineCount),
  };
}

/**
 * Adds `delta` (figures and unit counts) to each node's row for the year. Update first, insert when there is no
 * row yet: the CHECKs (no negative B or counts) then hold for every stored row, and a negative first row fails.
 */
async function addToNodes(connection: Connection, orgIds: readonly number[], year: number, delta: NodeFigures, counts: ReturnType<typeof unitFlags>) {
  for (const orgId of orgIds) {
    const values = { ...delta, ...counts, orgId, year };
    if ((await run(connection, addToNode(values))).changes === 0) await run(connection, insertNode(values));
  }
}

/** What addToNodes adds to one node's row (a type literal: prepared() takes a record of values). */
type NodeDelta = { [K in keyof NodeFigures | keyof ReturnType<typeof unitFlags>]: number } & { orgId: number; year: number };
// The ledger's writes, compiled once (prepared): each money event runs them for every node above a union.
const addToNode = prepared((p: NodeDelta) =>
  q
    .updateTable("ProcurementTotal")
    .set((eb) => ({
      budgetFen: eb("budgetFen", "+", p.budgetFen),
      certifiedFen: eb("certifiedFen", "+", p.certifiedFen),
      otherPlatformFen: eb("otherPlatformFen", "+", p.otherPlatformFen),
      offPlatformFen: eb("offPlatformFen", "+", p.offPlatformFen),
      paidLineCount: eb("paidLineCount", "+", p.paidLineCount),
      unitsWithBudget: eb("unitsWithBudget", "+", p.unitsWithBudget),
      unitsBought: eb("unitsBought", "+", p.unitsBought),
      unitsBudgetNoPurchases: eb("unitsBudgetNoPurchases", "+", p.unitsBudgetNoPurchases),
    }))
    .where("orgId", "=", p.orgId)
    .where("year", "=", p.year),
);
const insertNode = prepared((p: NodeDelta) =>
  q.insertInto("ProcurementTotal").values({
    budgetFen: p.budgetFen,
    certifiedFen: p.certifiedFen,
    otherPlatformFen: p.otherPlatformFen,
    offPlatformFen: p.offPlatformFen,
    paidLineCount: p.paidLineCount,
    unitsWithBudget: p.unitsWithBudget,
    unitsBought: p.unitsBought,
    unitsBudgetNoPurchases: p.unitsBudgetNoPurchases,
    orgId: p.orgId,
    year: p.year,
  }),
);

/** Rewrites the union's standings for a year under every node above it (none without a budget). */
async function refreshStanding(
  connection: Connection,
  unionId: number,
  year: number,
  chain: { orgIds: number[]; kinds: Map<number, string> },
  figures: NodeFigures,
) {
  await run(connection, q.deleteFrom("ReportStanding").where("unitId", "=", unionId).where("year", "=", year));
  const standing = unitStanding(figures.budgetFen, figures.certifiedFen, await governingTarget(connection, chain, year));
  if (!standing) return;
  for (const [i, nodeId] of chain.orgIds.slice(1).entries())
    await run(connection, insertStanding({ nodeId, year, unitId: unionId, direct: i === 0 ? 1 : 0, gapFen: standing.gapFen, completion: standing.completion }));
}

const insertStanding = prepared((p: { nodeId: number; year: number; unitId: number; direct: number; gapFen: number; completion: number | null }) =>
  q.insertInto("ReportStanding").values({ nodeId: p.nodeId, year: p.year, unitId: p.unitId, direct: p.direct, gapFen: p.gapFen, completion: p.completion }),
);

/** A union's year-to-date flags per month for a year, from its kept budget and MONTH breakdown. */
async function periodState(connection: Connection, unionId: number, year: number): Promise<PeriodFlags[]> {
  const monthly = await all(
    connection,
    q.selectFrom("ProcurementBreakdown").select(["key", "certifiedFen"]).where("orgId", "=", unionId).where("year", "=", year).where("dimension", "=", "MONTH"),
  );
  return periodFlags(
    (await ownFigures(connection, unionId, year)).budgetFen,
    monthly.map((m) => ({ month: Number(m.key), certifiedFen: Number(m.certifiedFen) })),
  );
}

/** Moves the year-to-date counts of `orgIds` (the nodes above a union) by the change in the union's flags. */
async function addPeriodCounts(connection: Connection, orgIds: readonly number[], year: number, before: readonly PeriodFlags[], after: readonly PeriodFlags[]) {
  for (const d of periodCountDeltas(before, after)) {
    for (const orgId of orgIds) {
      const updated = await run(
        connection,
        q
          .updateTable("ReportPeriodCount")
          .set((eb) => ({
            unitsBought: eb("unitsBought", "+", d.bought),
            unitsBudgetBought: eb("unitsBudgetBought", "+", d.budgetBought),
          }))
          .where("orgId", "=", orgId)
          .where("year", "=", year)
          .where("month", "=", d.month),
      );
      if (updated.changes === 0)
        await run(
          connection,
          q.insertInto("ReportPeriodCount").values({ orgId, year, month: d.month, unitsBought: d.bought, unitsBudgetBought: d.budgetBought }),
        );
    }
  }
}

/** Runs `change` (which moves a union's budget or monthly P for `year`) and carries its effect into the period counts. */
async function withPeriodCounts(connection: Connection, unionId: number, year: number, change: () => Promise<void>) {
  const before = await periodState(connection, unionId, year);
  await change();
  const after = await periodState(connection, unionId, year);
  if (periodCountDeltas(before, after).length === 0) return;
  await addPeriodCounts(connection, (await reportingChain(connection, unionId)).orgIds.slice(1), year, before, after);
}

/**
 * The one place a union's figures for a year change: its own row and every ancestor's row move by `delta`, the
 * unit counts move when the union's 0/1 counts change, and its standings are rewritten.
 */
async function changeUnionFigures(connection: Connection, unionId: number, year: number, delta: Partial<NodeFigures>) {
  const chain = await reportingChain(connection, unionId);
  const before = await ownFigures(connection, unionId, year);
  const after = addFigures(before, delta);
  const was = unitFlags(before);
  const is = unitFlags(after);
  await addToNodes(connection, chain.orgIds, year, addFigures(ZERO_FIGURES, delta), {
    unitsWithBudget: is.unitsWithBudget - was.unitsWithBudget,
    unitsBought: is.unitsBought - was.unitsBought,
    unitsBudgetNoPurchases: is.unitsBudgetNoPurchases - was.unitsBudgetNoPurchases,
  });
  await refreshStanding(connection, unionId, year, chain, after);
}

async function applyBreakdowns(
  connection: Connection,
  breakdowns: ReadonlyArray<{ orgId: number; year: number; dimension: string; key: string; certifiedFen: number; lineCount: number }>,
) {
  for (const d of breakdowns) await run(connection, addBreakdown(d));
}

const addBreakdown = prepared((p: { orgId: number; year: number; dimension: string; key: string; certifiedFen: number; lineCount: number }) =>
  q
    .insertInto("ProcurementBreakdown")
    .values({ orgId: p.orgId, year: p.year, dimension: p.dimension, key: p.key, certifiedFen: p.certifiedFen, lineCount: p.lineCount })
    .onConflict((oc) =>
      oc.columns(["orgId", "year", "dimension", "key"]).doUpdateSet((eb) => ({
        certifiedFen: eb("ProcurementBreakdown.certifiedFen", "+", eb.ref("excluded.certifiedFen")),
        lineCount: eb("ProcurementBreakdown.lineCount", "+", eb.ref("excluded.lineCount")),
      })),
    ),
);

async function applyLedger(connection: Connection, unionId: number, deltas: ReturnType<typeof ledgerDeltas>) {
  const own = deltas.totals.find((t) => t.orgId === unionId);
  if (!own) {
    await applyBreakdowns(connection, deltas.breakdowns);
    return;
  }
  await withPeriodCounts(connection, unionId, own.year, async () => {
    await applyBreakdowns(connection, deltas.breakdowns);
    await changeUnionFigures(connection, unionId, own.year, {
      certifiedFen: own.certifiedFen,
      otherPlatformFen: own.otherPlatformFen,
      paidLineCount: own.paidLineCount,
    });
  });
}

/** An order has just become paid at `paidAt`: add all its lines to the figures. */
export async function recordOrderPaid(connection: Connection, orderId: number, paidAt: Date) {
  const order = await first(connection, q.selectFrom("Order").select("unionId").where("id", "=", orderId));
  if (!order) throw new Error(`Unknown order ${orderId}`);
  const rows = await all(connection, q.selectFrom("OrderLine as l").select(LINE_COLUMNS).where("l.orderId", "=", orderId));
  await applyLedger(
    connection,
    order.unionId,
    ledgerDeltas(
      rows.map((r) => toLedgerLine(r)),
      paidAt,
      1,
      await reportingOrgIdsForUnion(connection, order.unionId),
    ),
  );
}

/**
 * A refund has just succeeded: subtract its RefundLine amounts, in the year the order was paid.
 * The order must have been paid (a refund needs a payment).
 */
export async function recordRefundSucceeded(connection: Connection, refundId: number) {
  const order = await first(
    connection,
    q.selectFrom("Refund as r").innerJoin("Order as o", "o.id", "r.orderId").select(["o.unionId", "o.paidAt"]).where("r.id", "=", refundId),
  );
  if (!order || order.paidAt == null) throw new Error(`Refund ${refundId} has no paid order`);
  const rows = await all(
    connection,
    q
      .selectFrom("RefundLine as rl")
      .innerJoin("OrderLine as l", "l.id", "rl.orderLineId")
      .select([...LINE_COLUMNS, "rl.amountFen as refundFen"])
      .where("rl.refundId", "=", refundId),
  );
  await applyLedger(
    connection,
    order.unionId,
    ledgerDeltas(
      rows.map((r) => toLedgerLine(r, Number(r.refundFen))),
      new Date(order.paidAt),
      -1,
      await reportingOrgIdsForUnion(connection, order.unionId),
    ),
  );
}

/** The union's WelfareBudget row for the year was written (created, changed, or removed): move B to match it. */
export async function recordBudgetChanged(connection: Connection, unionId: number, year: number) {
  const row = await first(connection, q.selectFrom("WelfareBudget").select("budgetFen").where("orgId", "=", unionId).where("year", "=", year));
  await withPeriodCounts(connection, unionId, year, async () =>
    changeUnionFigures(connection, unionId, year, { budgetFen: Number(row?.budgetFen ?? 0) - (await ownFigures(connection, unionId, year)).budgetFen }),
  );
}

/** The union's off-platform spending for the year changed (a record added, edited or removed): move W to match. */
export async function recordOffPlatformChanged(connection: Connection, unionId: number, year: number) {
  const row = await first(
    connection,
    q
      .selectFrom("OffPlatformSpending")
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("amountFen"), sql.lit(0)).as("fen"))
      .where("orgId", "=", unionId)
      .where("year", "=", year),
  );
  await changeUnionFigures(connection, unionId, year, { offPlatformFen: Number(row?.fen ?? 0) - (await ownFigures(connection, unionId, year)).offPlatformFen });
}

/** A federation's (or partner group's) target for a year changed: rewrite the standings of every union under it. */
export async function recordTargetChanged(connection: Connection, governingOrgId: number, year: number) {
  const units = await all(connection, q.selectFrom("ReportStanding").select("unitId").where("nodeId", "=", governingOrgId).where("year", "=", year));
  for (const { unitId } of units)
    await refreshStanding(connection, unitId, year, await reportingChain(connection, unitId), await ownFigures(connection, unitId, year));
}

async function addRegistered(connection: Connection, orgIds: readonly number[], delta: number) {
  for (const orgId of orgIds)
    if ((await run(connection, addToUnitCount({ registered: delta, orgId }))).changes === 0)
      await run(connection, insertUnitCount({ registered: delta, orgId }));
}

const addToUnitCount = prepared((p: { registered: number; orgId: number }) =>
  q
    .updateTable("ReportUnitCount")
    .set((eb) => ({ registered: eb("registered", "+", p.registered) }))
    .where("orgId", "=", p.orgId),
);
const insertUnitCount = prepared((p: { registered: number; orgId: number }) =>
  q.insertInto("ReportUnitCount").values({ registered: p.registered, orgId: p.orgId }),
);

/** A buying union was just created (its path written): it counts as registered in every node above it. */
export async function recordUnionAdded(connection: Connection, unionId: number) {
  await addRegistered(connection, await reportingOrgIdsForUnion(connection, unionId), 1);
}

/** Adds (sign 1) or removes (sign −1) everything a union's own rows hold to or from its current ancestors. */
async function moveOwnFiguresInAncestors(connection: Connection, unionId: number, sign: 1 | -1) {
  const chain = await reportingChain(connection, unionId);
  const ancestors = chain.orgIds.slice(1);
  const years = await all(connection, q.selectFrom("ProcurementTotal").select("year").where("orgId", "=", unionId));
  for (const { year } of years) {
    const own = await ownFigures(connection, unionId, year);
    const flags = unitFlags(own);
    await addToNodes(
      connection,
      ancestors,
      year,
      {
        budgetFen: sign * own.budgetFen,
        certifiedFen: sign * own.certifiedFen,
        otherPlatformFen: sign * own.otherPlatformFen,
        offPlatformFen: sign * own.offPlatformFen,
        paidLineCount: sign * own.paidLineCount,
      },
      { unitsWithBudget: sign * flags.unitsWithBudget, unitsBought: sign * flags.unitsBought, unitsBudgetNoPurchases: sign * flags.unitsBudgetNoPurchases },
    );
    if (sign === 1) await refreshStanding(connection, unionId, year, chain, own);
    const months = await periodState(connection, unionId, year);
    await addPeriodCounts(connection, ancestors, year, sign === 1 ? NO_PERIOD_FLAGS : months, sign === 1 ? months : NO_PERIOD_FLAGS);
  }
  if (sign === -1) await run(connection, q.deleteFrom("ReportStanding").where("unitId", "=", unionId));
  const breakdowns = await all(
    connection,
    q.selectFrom("ProcurementBreakdown").select(["year", "dimension", "key", "certifiedFen", "lineCount"]).where("orgId", "=", unionId),
  );
  await applyBreakdowns(
    connection,
    breakdowns.flatMap((b) =>
      ancestors.map((orgId) => ({
        orgId,
        year: b.year,
        dimension: b.dimension,
        key: b.key,
        certifiedFen: sign * Number(b.certifiedFen),
        lineCount: sign * b.lineCount,
      })),
    ),
  );
  await addRegistered(connection, ancestors, sign);
}

/**
 * Moving a union to another parent: call detachUnionFigures BEFORE its parentId/path change (its figures, unit
 * counts, breakdowns and standings leave every old ancestor) and attachUnionFigures AFTER, in the same transaction
 * transaction (they join every new ancestor, standings under the new governing target).
 */
export async function detachUnionFigures(connection: Connection, unionId: number) {
  await moveOwnFiguresInAncestors(connection, unionId, -1);
}

export async function attachUnionFigures(connection: Connection, unionId: number) {
  await moveOwnFiguresInAncestors(connection, unionId, 1);
}

/**
 * Merging union `fromId` into `intoId`: call AFTER the source's orders, budgets and off-platform spending were
 * reassigned to the target, in the same transaction. The source leaves every ancestor and keeps no figures; the
 * target's own rows are recomputed from its (now larger) sources and re-added above it. The source must stop
 * being a buying unit (kind or deletion), since it no longer counts as registered.
 */
export async function recordUnionsMerged(connection: Connection, fromId: number, intoId: number) {
  await detachUnionFigures(connection, fromId);
  await detachUnionFigures(connection, intoId);
  for (const table of ["ProcurementTotal", "ProcurementBreakdown"] as const) {
    await run(connection, q.deleteFrom(table).where("orgId", "in", [fromId, intoId]));
  }
  await run(connection, q.deleteFrom("ReportUnitCount").where("orgId", "=", fromId));
  await writeOwnFiguresFromSources(connection, intoId);
  await attachUnionFigures(connection, intoId);
}

/** A union's own rows (totals and breakdowns, every year) recomputed from its order lines, budgets and spending. */
async function writeOwnFiguresFromSources(connection: Connection, unionId: number) {
  const recomputed = await recomputeUnionFigures(connection, [unionId]);
  for (const [year, f] of recomputed.totals.get(unionId) ?? new Map()) {
    const flags = unitFlags(f);
    await addToNodes(connection, [unionId], year, f, flags);
  }
  await applyBreakdowns(
    connection,
    (recomputed.breakdowns.get(unionId) ?? []).map((b) => ({ ...b, orgId: unionId })),
  );
}

/** Columns of a paid order line (l) and its order (o), as the recomputing queries below alias them. */
const line = expressionBuilder<{ l: DB["OrderLine"]; o: DB["Order"] }, "l" | "o">();
// The China year and month of the payment, each rule's SQL from its one home (rules-sql.server.ts).
const PAID_YEAR = sql.raw<number>(chinaYearOfSql(`o."paidAt"`));

const DIMENSION_KEY: Record<BreakdownDimension, AliasableExpression<string>> = {
  MONTH: sql.raw<string>(chinaMonthOfSql(`o."paidAt"`)),
  CATEGORY: line.ref("l.category"),
  COUNTY: line.ref("l.originCounty"),
  VILLAGE: line.fn.coalesce(line.cast<string>(line.ref("l.originVillageId"), "text"), sql.lit("-")),
  SUPPLIER: line.cast<string>(line.ref("l.supplierId"), "text"),
  TRADE_ROLE: line.ref("l.supplierTradeRole"),
};

export interface RecomputedBreakdown {
  year: number;
  dimension: BreakdownDimension;
  key: string;
  certifiedFen: number;
  lineCount: number;
}

/**
 * Every union's own figures recomputed from the sources, independently of the kept rows: paid order lines minus
 * succeeded refund lines (in the China year of payment), budgets and off-platform spending. `unionIds` limits it
 * to some unions; without it, all (npm run report:verify). Grouping runs in SQL, so the output is bounded by
 * unions × years × keys, never by lines.
 */
export async function recomputeUnionFigures(connection: Connection, unionIds?: number[]) {
  const totals = new Map<number, Map<number, NodeFigures>>();
  const add = (unionId: number, year: number, delta: Partial<NodeFigures>) => {
    const years = totals.get(unionId) ?? new Map<number, NodeFigures>();
    years.set(year, addFigures(years.get(year) ?? { ...ZERO_FIGURES }, delta));
    totals.set(unionId, years);
  };
  // Paid order lines (l of order o), and refunded parts of them (rl of a succeeded refund r), in the year of payment.
  const paidLines = () => {
    const lines = q.selectFrom("OrderLine as l").innerJoin("Order as o", "o.id", "l.orderId").where("o.paidAt", "is not", null);
    return unionIds ? lines.where("o.unionId", "in", unionIds) : lines;
  };
  const refundedLines = () => {
    const lines = q
      .selectFrom("RefundLine as rl")
      .innerJoin("Refund as r", "r.id", "rl.refundId")
      .innerJoin("OrderLine as l", "l.id", "rl.orderLineId")
      .innerJoin("Order as o", "o.id", "l.orderId")
      .where("r.status", "=", "SUCCEEDED")
      .where("o.paidAt", "is not", null);
    return unionIds ? lines.where("o.unionId", "in", unionIds) : lines;
  };
  const certifiedPart = (amount: Expression<number>) => line.case().when("l.certifiedOnOrderDate", "=", 1).then(amount).else(sql.lit(0)).end();
  const otherPart = (amount: Expression<number>) => line.case().when("l.certifiedOnOrderDate", "=", 1).then(sql.lit(0)).else(amount).end();
  const paid = await all(
    connection,
    paidLines()
      .select((eb) => [
        "o.unionId as unionId",
        PAID_YEAR.as("year"),
        eb.fn.sum<number>(certifiedPart(eb.ref("l.amountFen"))).as("certified"),
        eb.fn.sum<number>(otherPart(eb.ref("l.amountFen"))).as("other"),
        eb.fn.countAll<number>().as("lines"),
      ])
      .groupBy(["o.unionId", PAID_YEAR]),
  );
  for (const r of paid) add(r.unionId, r.year, { certifiedFen: r.certified, otherPlatformFen: r.other, paidLineCount: r.lines });
  const refunded = await all(
    connection,
    refundedLines()
      .select((eb) => [
        "o.unionId as unionId",
        PAID_YEAR.as("year"),
        eb.fn.sum<number>(certifiedPart(eb.ref("rl.amountFen"))).as("certified"),
        eb.fn.sum<number>(otherPart(eb.ref("rl.amountFen"))).as("other"),
        eb.fn.countAll<number>().as("lines"),
      ])
      .groupBy(["o.unionId", PAID_YEAR]),
  );
  for (const r of refunded) add(r.unionId, r.year, { certifiedFen: -r.certified, otherPlatformFen: -r.other, paidLineCount: -r.lines });
  // A union merged into another (its pointer set) is no longer a buying unit (models/access/org-admin.server.ts).
  const buyingUnits = q.selectFrom("Organization").select("id").where("kind", "in", ["GRASSROOTS", "PARTNER_UNION"]).where("mergedIntoId", "is", null);
  let budgetRows = q.selectFrom("WelfareBudget").select(["orgId", "year", "budgetFen"]).where("orgId", "in", buyingUnits);
  if (unionIds) budgetRows = budgetRows.where("orgId", "in", unionIds);
  const budgets = await all(connection, budgetRows);
  for (const b of budgets) add(b.orgId, b.year, { budgetFen: Number(b.budgetFen) });
  let spendingRows = q
    .selectFrom("OffPlatformSpending")
    .select((eb) => ["orgId", "year", eb.fn.sum<number>("amountFen").as("fen")])
    .where("orgId", "in", buyingUnits);
  if (unionIds) spendingRows = spendingRows.where("orgId", "in", unionIds);
  const spending = await all(connection, spendingRows.groupBy(["orgId", "year"]));
  for (const s of spending) add(s.orgId, s.year, { offPlatformFen: Number(s.fen) });

  const breakdowns = new Map<number, RecomputedBreakdown[]>();
  for (const dimension of BREAKDOWN_DIMENSIONS) {
    const key = DIMENSION_KEY[dimension];
    const signed = paidLines()
      .select(["o.unionId as unionId", PAID_YEAR.as("year"), key.as("key"), "l.amountFen as amount", sql.lit<number>(1).as("lines")])
      .where("l.certifiedOnOrderDate", "=", 1)
      .unionAll(
        refundedLines()
          .select((eb) => [
            "o.unionId as unionId",
            PAID_YEAR.as("year"),
            key.as("key"),
            eb.neg(eb.ref("rl.amountFen")).as("amount"),
            sql.lit<number>(-1).as("lines"),
          ])
          .where("l.certifiedOnOrderDate", "=", 1),
      );
    const rows = await all(
      connection,
      q
        .selectFrom(signed.as("signed"))
        .select((eb) => ["unionId", "year", "key", eb.fn.sum<number>("amount").as("amount"), eb.fn.sum<number>("lines").as("lines")])
        .groupBy(["unionId", "year", "key"]),
    );
    for (const r of rows) {
      const list = breakdowns.get(r.unionId) ?? [];
      list.push({ year: r.year, dimension, key: r.key, certifiedFen: Number(r.amount), lineCount: r.lines });
      breakdowns.set(r.unionId, list);
    }
  }
  return { totals, breakdowns };
}

/**
 * Rebuilds every node's budget, off-platform spending, unit counts, registered units and standings from the
 * sources and the P already kept on the union rows, in SQL (the seed and the data generator write in bulk; the
 * migration that introduced these columns ran the same statements). Never used by the app's own writes.
 */
export async function rebuildReportNodes(connection: Connection) {
  await connection.script(REBUILD_REPORT_NODES_SQL);
}

/**
 * The rebuild as one script in SQL both engines run (no boolean arithmetic, no two-argument MAX, the temporary
 * table unqualified); tests/postgres/report-rebuild.test.ts runs it on PostgreSQL.
 */
export const REBUILD_REPORT_NODES_SQL = `
-- Union rows: budget, off-platform spending and the 0/1 unit counts from their sources.
UPDATE "ProcurementTotal" SET "budgetFen" = 0, "offPlatformFen" = 0, "unitsWithBudget" = 0, "unitsBought" = 0, "unitsBudgetNoPurchases" = 0;
INSERT INTO "ProcurementTotal" ("orgId", "year", "budgetFen")
  SELECT b."orgId", b."year", b."budgetFen" FROM "WelfareBudget" b JOIN "Organization" o ON o."id" = b."orgId"
  WHERE o."kind" IN ('GRASSROOTS', 'PARTNER_UNION') AND o."mergedIntoId" IS NULL
  ON CONFLICT ("orgId", "year") DO UPDATE SET "budgetFen" = excluded."budgetFen";
INSERT INTO "ProcurementTotal" ("orgId", "year", "offPlatformFen")
  SELECT s."orgId", s."year", SUM(s."amountFen") FROM "OffPlatformSpending" s JOIN "Organization" o ON o."id" = s."orgId"
  WHERE o."kind" IN ('GRASSROOTS', 'PARTNER_UNION') AND o."mergedIntoId" IS NULL GROUP BY s."orgId", s."year"
  ON CONFLICT ("orgId", "year") DO UPDATE SET "offPlatformFen" = excluded."offPlatformFen";
UPDATE "ProcurementTotal" SET
    "unitsWithBudget" = CASE WHEN "budgetFen" > 0 THEN 1 ELSE 0 END,
    "unitsBought" = CASE WHEN "certifiedFen" + "otherPlatformFen" > 0 THEN 1 ELSE 0 END,
    "unitsBudgetNoPurchases" = CASE WHEN "budgetFen" > 0 AND "certifiedFen" + "otherPlatformFen" <= 0 THEN 1 ELSE 0 END
  WHERE "orgId" IN (SELECT "id" FROM "Organization" WHERE "kind" IN ('GRASSROOTS', 'PARTNER_UNION') AND "mergedIntoId" IS NULL);
-- Each union with each node its figures roll into: itself, then ancestors up to and including the nearest
-- federation or partner group (the rule of reportingOrgIds in app/domain/procurement-ledger.ts).
DROP TABLE IF EXISTS "ReportReach";
CREATE TEMP TABLE "ReportReach" AS
  WITH RECURSIVE up("unitId", "nodeId", "kind", "depth") AS (
    SELECT "id", "id", "kind", 0 FROM "Organization" WHERE "kind" IN ('GRASSROOTS', 'PARTNER_UNION') AND "mergedIntoId" IS NULL
    UNION ALL
    SELECT up."unitId", p."id", p."kind", up."depth" + 1
    FROM up JOIN "Organization" c ON c."id" = up."nodeId" JOIN "Organization" p ON p."id" = c."parentId"
    WHERE up."kind" NOT IN ('FEDERATION', 'PARTNER_GROUP')
  )
  SELECT "unitId", "nodeId", "kind", "depth" FROM up;
-- Nodes above unions: sums of their unions' rows.
INSERT INTO "ProcurementTotal" ("orgId", "year", "budgetFen", "offPlatformFen", "unitsWithBudget", "unitsBought", "unitsBudgetNoPurchases")
  SELECT r."nodeId", t."year", SUM(t."budgetFen"), SUM(t."offPlatformFen"), SUM(t."unitsWithBudget"), SUM(t."unitsBought"), SUM(t."unitsBudgetNoPurchases")
  FROM "ReportReach" r JOIN "ProcurementTotal" t ON t."orgId" = r."unitId"
  WHERE r."depth" > 0 GROUP BY r."nodeId", t."year"
  ON CONFLICT ("orgId", "year") DO UPDATE SET "budgetFen" = excluded."budgetFen", "offPlatformFen" = excluded."offPlatformFen",
    "unitsWithBudget" = excluded."unitsWithBudget", "unitsBought" = excluded."unitsBought", "unitsBudgetNoPurchases" = excluded."unitsBudgetNoPurchases";
DELETE FROM "ReportUnitCount";
INSERT INTO "ReportUnitCount" ("orgId", "registered") SELECT "nodeId", COUNT(*) FROM "ReportReach" GROUP BY "nodeId";
-- Standings: gap = max(0, ceil(B × T / 10000) − P), completion = P / ceil(B × T / 10000), as in welfareShare.
DELETE FROM "ReportStanding";
INSERT INTO "ReportStanding" ("nodeId", "year", "unitId", "direct", "gapFen", "completion")
  SELECT s."nodeId", s."year", s."unitId", s."direct",
         CASE WHEN s."targetFen" > s."certifiedFen" THEN s."targetFen" - s."certifiedFen" ELSE 0 END,
         CASE WHEN s."targetFen" > 0 THEN CAST(s."certifiedFen" AS DOUBLE PRECISION) / s."targetFen" END
  FROM (
    SELECT r."nodeId", t."year", r."unitId", r."depth" = 1 AS "direct", t."certifiedFen",
           (t."budgetFen" * COALESCE(wp."targetBasisPoints", 3000) + 9999) / 10000 AS "targetFen"
    FROM "ReportReach" r
    JOIN "ProcurementTotal" t ON t."orgId" = r."unitId" AND t."budgetFen" > 0
    LEFT JOIN "ReportReach" g ON g."unitId" = r."unitId" AND g."kind" IN ('FEDERATION', 'PARTNER_GROUP')
    LEFT JOIN "WelfarePolicy" wp ON wp."orgId" = g."nodeId" AND wp."year" = t."year"
    WHERE r."depth" > 0
  ) s;
-- Year-to-date counts per node and month: units whose P from January through the month is above zero (and of
-- those, units with a budget), from the unions' MONTH breakdowns.
DELETE FROM "ReportPeriodCount";
INSERT INTO "ReportPeriodCount" ("orgId", "year", "month", "unitsBought", "unitsBudgetBought")
  WITH RECURSIVE "months"("m") AS (SELECT 1 UNION ALL SELECT "m" + 1 FROM "months" WHERE "m" < 12),
  "cumulative" AS (
    SELECT b."orgId" AS "unitId", b."year" AS "year", mo."m" AS "month", SUM(b."certifiedFen") AS "fen"
    FROM "ProcurementBreakdown" b JOIN "months" mo ON CAST(b."key" AS INTEGER) <= mo."m"
    WHERE b."dimension" = 'MONTH' AND b."orgId" IN (SELECT "unitId" FROM "ReportReach" WHERE "depth" = 0)
    GROUP BY b."orgId", b."year", mo."m"
  )
  SELECT r."nodeId", c."year", c."month", SUM(CASE WHEN c."fen" > 0 THEN 1 ELSE 0 END),
         SUM(CASE WHEN c."fen" > 0 AND COALESCE(t."budgetFen", 0) > 0 THEN 1 ELSE 0 END)
  FROM "cumulative" c JOIN "ReportReach" r ON r."unitId" = c."unitId" AND r."depth" > 0
  LEFT JOIN "ProcurementTotal" t ON t."orgId" = c."unitId" AND t."year" = c."year"
  GROUP BY r."nodeId", c."year", c."month"
  HAVING SUM(CASE WHEN c."fen" > 0 THEN 1 ELSE 0 END) > 0;
DROP TABLE "ReportReach";
`;
