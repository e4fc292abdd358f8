// Keeps ProcurementTotal and ProcurementBreakdown current inside the same synchronous write transaction that
// changes money (an order becoming paid, a refund succeeding). Call only from within writeSql(...).
import type Database from "better-sqlite3";
import { ledgerDeltas, reportingOrgIds, type LedgerLine } from "~/domain/procurement-ledger";

type Connection = Database.Database;

const LINE_COLUMNS = `l."amountFen", l."certifiedOnOrderDate", l."category", l."originCounty", l."originVillageId", l."supplierId", l."supplierTradeRole"`;

interface LineRow {
  amountFen: number | bigint;
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

/** The union's reporting organisations (itself and ancestors up to its federation or partner group). */
export function reportingOrgIdsForUnion(connection: Connection, unionId: number): number[] {
  const union = connection.prepare(`SELECT "path" FROM "Organization" WHERE "id" = ?`).get(unionId) as { path: string } | undefined;
  if (!union) throw new Error(`Unknown union ${unionId}`);
  const ancestry = union.path.split("/").filter(Boolean).map(Number);
  const rows = connection
    .prepare(`SELECT "id", "kind" FROM "Organization" WHERE "id" IN (${ancestry.map(() => "?").join(",")})`)
    .all(...ancestry) as Array<{ id: number; kind: string }>;
  return reportingOrgIds(ancestry, new Map(rows.map((r) => [r.id, r.kind])));
}

export function applyDeltas(connection: Connection, deltas: ReturnType<typeof ledgerDeltas>) {
  const total = connection.prepare(
    `INSERT INTO "ProcurementTotal" ("orgId","year","certifiedFen","otherPlatformFen","paidLineCount") VALUES (?,?,?,?,?)
     ON CONFLICT("orgId","year") DO UPDATE SET "certifiedFen" = "certifiedFen" + excluded."certifiedFen",
       "otherPlatformFen" = "otherPlatformFen" + excluded."otherPlatformFen", "paidLineCount" = "paidLineCount" + excluded."paidLineCount"`,
  );
  const breakdown = connection.prepare(
    `INSERT INTO "ProcurementBreakdown" ("orgId","year","dimension","key","certifiedFen","lineCount") VALUES (?,?,?,?,?,?)
     ON CONFLICT("orgId","year","dimension","key") DO UPDATE SET "certifiedFen" = "certifiedFen" + excluded."certifiedFen",
       "lineCount" = "lineCount" + excluded."lineCount"`,
  );
  for (const d of deltas.totals) total.run(d.orgId, d.year, d.certifiedFen, d.otherPlatformFen, d.paidLineCount);
  for (const d of deltas.breakdowns) breakdown.run(d.orgId, d.year, d.dimension, d.key, d.certifiedFen, d.lineCount);
}

/** An order has just become paid at `paidAt`: add all its lines to the figures. */
export function recordOrderPaid(connection: Connection, orderId: number, paidAt: Date) {
  const order = connection.prepare(`SELECT "unionId" FROM "Order" WHERE "id" = ?`).get(orderId) as { unionId: number } | undefined;
  if (!order) throw new Error(`Unknown order ${orderId}`);
  const rows = connection.prepare(`SELECT ${LINE_COLUMNS} FROM "OrderLine" l WHERE l."orderId" = ?`).all(orderId) as LineRow[];
  applyDeltas(connection, ledgerDeltas(rows.map((r) => toLedgerLine(r)), paidAt, 1, reportingOrgIdsForUnion(connection, order.unionId)));
}

/**
 * A refund has just succeeded: subtract its RefundLine amounts, in the year the order was paid.
 * The order must have been paid (a refund needs a payment).
 */
export function recordRefundSucceeded(connection: Connection, refundId: number) {
  const order = connection
    .prepare(`SELECT o."unionId", o."paidAt" FROM "Refund" r JOIN "Order" o ON o."id" = r."orderId" WHERE r."id" = ?`)
    .get(refundId) as { unionId: number; paidAt: number | null } | undefined;
  if (!order || order.paidAt == null) throw new Error(`Refund ${refundId} has no paid order`);
  const rows = connection
    .prepare(`SELECT ${LINE_COLUMNS}, rl."amountFen" AS "refundFen" FROM "RefundLine" rl JOIN "OrderLine" l ON l."id" = rl."orderLineId" WHERE rl."refundId" = ?`)
    .all(refundId) as Array<LineRow & { refundFen: number | bigint }>;
  applyDeltas(
    connection,
    ledgerDeltas(rows.map((r) => toLedgerLine(r, Number(r.refundFen))), new Date(order.paidAt), -1, reportingOrgIdsForUnion(connection, order.unionId)),
  );
}
