// An order's money: what is due, what arrived (bank transfers accumulate; a card payment pays in full), the order
// becoming paid once the balance is reached — adding it to the 30% figures through the ledger in the same
// transaction, dated the day the balance was reached — and supplier settlement. Bank transfers themselves are
// recorded and placed in bank-transfers.server.ts.
import type Database from "better-sqlite3";
import { db, sqlite, writeSql } from "~/utils/db.server";
import type { Actor } from "~/domain/actor";
import { toCsv } from "~/domain/csv";
import { fenToYuanString, toFen } from "~/domain/money";
import { amountDueFen, isPayable, payableSql, paymentBalance, referenceCodeFor, owedToSupplier, type Balance } from "~/domain/payments";
import { env } from "~/utils/env.server";
import { recordAudit } from "~/models/access/audit.server";
import { recordOrderPaid } from "~/models/welfare/procurement-ledger.server";
import { noticePayment } from "~/models/orders/order-notices.server";

type Connection = Database.Database;

/** Money received for an order: bank transfer allocations and successful card payments that were not duplicates. */
export function receivedFenOf(c: Connection, orderId: number): number[] {
  const rows = c
    .prepare(
      `SELECT "amountFen" FROM "TransferAllocation" WHERE "orderId" = ?
       UNION ALL
       SELECT p."amountFen" FROM "Payment" p WHERE p."orderId" = ? AND p."provider" = 'STRIPE' AND p."status" = 'SUCCEEDED'
         AND NOT EXISTS (SELECT 1 FROM "Refund" r WHERE r."paymentId" = p."id" AND r."kind" = 'DUPLICATE_CHARGE')`,
    )
    .all(orderId, orderId) as Array<{ amountFen: number | bigint }>;
  return rows.map((r) => Number(r.amountFen));
}

/** The order's balance as the database knows it now. */
export function orderBalance(c: Connection, orderId: number): Balance & { order: { unionId: number; status: string; paymentStatus: string } } {
  const order = c.prepare(`SELECT "unionId","status","paymentStatus","totalFen" FROM "Order" WHERE "id" = ?`).get(orderId) as
    { unionId: number; status: string; paymentStatus: string; totalFen: number | bigint } | undefined;
  if (!order) throw new Error(`Unknown order ${orderId}`);
  return { ...paymentBalance(amountDueFen({ totalFen: Number(order.totalFen) }), receivedFenOf(c, orderId)), order };
}

/**
 * Marks a payable order paid when what it received reaches what is due, on `at` (the day the balance was reached),
 * and adds it to the 30% figures. The bank transfer's pending payment (or a new one) becomes the succeeded payment a
 * later refund points at. Returns whether the order became paid now. Call inside writeSql.
 */
export function markPaidIfSettled(c: Connection, orderId: number, at: Date, actorId: number | null): boolean {
  const balance = orderBalance(c, orderId);
  if (!isPayable(balance.order) || !balance.settled) return false;
  const paid = c.prepare(`UPDATE "Order" SET "paymentStatus" = 'PAID', "paidAt" = ? WHERE "id" = ? AND ${payableSql()}`).run(at.getTime(), orderId).changes;
  if (!paid) return false;
  const pending = c
    .prepare(`SELECT "id" FROM "Payment" WHERE "orderId" = ? AND "provider" = 'BANK_TRANSFER' AND "status" = 'PENDING' ORDER BY "id" LIMIT 1`)
    .get(orderId) as { id: number } | undefined;
  if (pending)
    c.prepare(`UPDATE "Payment" SET "status" = 'SUCCEEDED', "succeededAt" = ?, "amountFen" = ? WHERE "id" = ?`).run(at.getTime(), balance.dueFen, pending.id);
  else
    c.prepare(
      `INSERT INTO "Payment" ("orderId","provider","status","amountFen","referenceCode","idempotencyKey","createdAt","succeededAt") VALUES (?,'BANK_TRANSFER','SUCCEEDED',?,?,?,?,?)`,
    ).run(orderId, balance.dueFen, uniqueReference(c, orderId), `bank-${orderId}-paid`, Date.now(), at.getTime());
  recordOrderPaid(c, orderId, at);
  recordAudit(c, {
    actorId,
    orgId: balance.order.unionId,
    action: "payment.succeeded",
    entityType: "Order",
    entityId: orderId,
    detail: { provider: "BANK_TRANSFER", dueFen: balance.dueFen, receivedFen: balance.receivedFen },
  });
  return true;
}

/** A card payment succeeded for a payable order: paid on the day of the charge, counted in the 30% figures. */
export function markCardPaid(c: Connection, orderId: number, paymentId: number, at: Date, eventId: string) {
  const order = c.prepare(`SELECT "unionId" FROM "Order" WHERE "id" = ?`).get(orderId) as { unionId: number };
  const paid = c.prepare(`UPDATE "Order" SET "paymentStatus" = 'PAID', "paidAt" = ? WHERE "id" = ? AND ${payableSql()}`).run(at.getTime(), orderId).changes;
  if (!paid) return false;
  recordOrderPaid(c, orderId, at);
  recordAudit(c, {
    actorId: null,
    orgId: order.unionId,
    action: "payment.succeeded",
    entityType: "Order",
    entityId: orderId,
    detail: { provider: "STRIPE", paymentId, eventId },
  });
  const payment = c.prepare(`SELECT "amountFen" FROM "Payment" WHERE "id" = ?`).get(paymentId) as { amountFen: number | bigint };
  noticePayment(c, orderId, "MATCHED", Number(payment.amountFen));
  return true;
}

/** The order's reference code, unless an older payment row of the same order already carries it. */
function uniqueReference(c: Connection, orderId: number): string | null {
  const code = referenceCodeFor(orderId);
  return c.prepare(`SELECT 1 FROM "Payment" WHERE "referenceCode" = ?`).get(code) ? null : code;
}

/** What the union sees on an order's payment page. Scoped: null for another union's order. */
export async function paymentPanel(unionId: number, orderId: number) {
  const order = await db.order.findFirst({
    where: { id: orderId, unionId },
    select: {
      id: true,
      code: true,
      status: true,
      paymentStatus: true,
      totalFen: true,
      paidAt: true,
      payments: {
        orderBy: { id: "asc" },
        select: { id: true, provider: true, status: true, amountFen: true, referenceCode: true, createdAt: true, succeededAt: true },
      },
      refunds: {
        orderBy: { id: "asc" },
        select: { id: true, amountFen: true, status: true, kind: true, reason: true, createdAt: true, outbox: { select: { status: true, attempts: true } } },
      },
      transferAllocations: {
        orderBy: { id: "asc" },
        select: { id: true, amountFen: true, transfer: { select: { receivedOn: true, payerName: true, bankReference: true } } },
      },
    },
  });
  if (!order) return null;
  const balance = orderBalance(sqlite, order.id);
  // Money that arrived for this order beyond what it needed, and what finance decided to do with it.
  const extra = sqlite
    .prepare(
      `SELECT t."id", t."status", t."amountFen" - t."returnedFen" - COALESCE((SELECT SUM(a."amountFen") FROM "TransferAllocation" a WHERE a."transferId" = t."id"), 0) AS "leftFen", t."returnedFen"
       FROM "BankTransfer" t WHERE t."orderId" = ? AND t."status" IN ('OPEN','HELD','RETURNED')`,
    )
    .all(order.id) as Array<{ id: number; status: string; leftFen: number; returnedFen: number }>;
  const card = order.payments.find((p) => p.provider === "STRIPE" && p.status === "PENDING");
  return {
    id: order.id,
    code: order.code,
    status: order.status,
    paymentStatus: order.paymentStatus,
    totalFen: toFen(order.totalFen),
    paidAt: order.paidAt?.toISOString() ?? null,
    payable: isPayable(order),
    balance: { dueFen: balance.dueFen, receivedFen: balance.receivedFen, missingFen: isPayable(order) ? balance.missingFen : 0 },
    extra: extra
      .filter((x) => x.leftFen > 0 || x.returnedFen > 0)
      .map((x) => ({ id: x.id, status: x.status, leftFen: Number(x.leftFen), returnedFen: Number(x.returnedFen) })),
    openCardAttempt: Boolean(card),
    referenceCode: order.payments.find((p) => p.provider === "BANK_TRANSFER" && p.status === "PENDING")?.referenceCode ?? null,
    payee: { name: env.BANK_PAYEE_NAME, account: env.BANK_PAYEE_ACCOUNT, bank: env.BANK_PAYEE_BANK },
    transfers: order.transferAllocations.map((a) => ({
      id: a.id,
      amountFen: toFen(a.amountFen),
      receivedOn: a.transfer.receivedOn.toISOString(),
      payerName: a.transfer.payerName,
    })),
    payments: order.payments.map((p) => ({
      ...p,
      amountFen: toFen(p.amountFen),
      createdAt: p.createdAt.toISOString(),
      succeededAt: p.succeededAt?.toISOString() ?? null,
    })),
    refunds: order.refunds.map((r) => ({
      id: r.id,
      amountFen: toFen(r.amountFen),
      status: r.status,
      kind: r.kind,
      reason: r.reason,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

/** The union chooses to pay by bank transfer: one pending payment per order, with the order's reference code. */
export function requestBankTransfer(actor: Pick<Actor, "userId"> & { org: Pick<Actor["org"], "id"> }, orderId: number): Promise<"ok" | "notPayable"> {
  return writeSql((c) => {
    const order = c.prepare(`SELECT "totalFen" FROM "Order" WHERE "id" = ? AND "unionId" = ? AND ${payableSql()}`).get(orderId, actor.org.id) as
      { totalFen: number } | undefined;
    if (!order) return "notPayable";
    const pending = c.prepare(`SELECT 1 FROM "Payment" WHERE "orderId" = ? AND "provider" = 'BANK_TRANSFER' AND "status" = 'PENDING'`).get(orderId);
    if (pending) return "ok";
    const code = uniqueReference(c, orderId);
    c.prepare(
      `INSERT INTO "Payment" ("orderId","provider","status","amountFen","referenceCode","idempotencyKey","createdAt") VALUES (?,'BANK_TRANSFER','PENDING',?,?,?,?)`,
    ).run(orderId, amountDueFen({ totalFen: Number(order.totalFen) }), code, `bank-${orderId}-${Date.now()}`, Date.now());
    recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "payment.bankTransferRequested",
      entityType: "Order",
      entityId: orderId,
      detail: { referenceCode: code },
    });
    return "ok";
  });
}

/** Received sub-orders of paid orders not yet settled, with what each supplier is owed. */
function openSettlementRows(supplierId: number | null) {
  return sqlite
    .prepare(
      `SELECT s."id", s."supplierId", s."amountFen", s."receivedAt", o."code", u."name" AS "unionName", so."name" AS "supplierName",
              COALESCE((SELECT SUM(rl."amountFen") FROM "RefundLine" rl JOIN "Refund" r ON r."id" = rl."refundId" JOIN "OrderLine" l ON l."id" = rl."orderLineId"
                        WHERE l."subOrderId" = s."id" AND r."status" = 'SUCCEEDED'), 0) AS "refundedFen"
       FROM "SubOrder" s JOIN "Order" o ON o."id" = s."orderId" JOIN "Organization" u ON u."id" = o."unionId"
       JOIN "Supplier" sp ON sp."id" = s."supplierId" JOIN "Organization" so ON so."id" = sp."orgId"
       WHERE s."status" IN ('RECEIVED','DISPUTED') AND o."paymentStatus" IN ('PAID','PARTIALLY_REFUNDED') AND s."settlementId" IS NULL
         AND (? IS NULL OR s."supplierId" = ?)
       ORDER BY s."supplierId", s."id"`,
    )
    .all(supplierId, supplierId) as Array<{
    id: number;
    supplierId: number;
    amountFen: number;
    receivedAt: number | null;
    code: string;
    unionName: string;
    supplierName: string;
    refundedFen: number;
  }>;
}

/** Orders waiting for bank transfers, with what each has received and still misses. */
export async function awaitingTransfers() {
  const rows = sqlite
    .prepare(
      `SELECT p."id", p."referenceCode", p."createdAt", o."id" AS "orderId", o."code" AS "orderCode", o."totalFen", u."name" AS "unionName",
              COALESCE((SELECT SUM(a."amountFen") FROM "TransferAllocation" a WHERE a."orderId" = o."id"), 0) AS "receivedFen"
       FROM "Payment" p JOIN "Order" o ON o."id" = p."orderId" JOIN "Organization" u ON u."id" = o."unionId"
       WHERE p."provider" = 'BANK_TRANSFER' AND p."status" = 'PENDING' AND ${payableSql("o")}
       ORDER BY p."createdAt" LIMIT 200`,
    )
    .all() as Array<{
    id: number;
    referenceCode: string;
    createdAt: number;
    orderId: number;
    orderCode: string;
    totalFen: number;
    unionName: string;
    receivedFen: number;
  }>;
  return rows.map((r) => {
    const balance = paymentBalance(amountDueFen({ totalFen: Number(r.totalFen) }), [Number(r.receivedFen)]);
    return {
      id: r.id,
      referenceCode: r.referenceCode,
      createdAt: new Date(Number(r.createdAt)).toISOString(),
      orderCode: r.orderCode,
      unionName: r.unionName,
      dueFen: balance.dueFen,
      receivedFen: balance.receivedFen,
      missingFen: balance.missingFen,
    };
  });
}

export async function financeOverview() {
  const bySupplier = new Map<number, { supplierId: number; supplierName: string; owedFen: number; subOrders: number }>();
  for (const r of openSettlementRows(null)) {
    const row = bySupplier.get(r.supplierId) ?? { supplierId: r.supplierId, supplierName: r.supplierName, owedFen: 0, subOrders: 0 };
    row.owedFen += owedToSupplier(r.amountFen, r.refundedFen);
    row.subOrders++;
    bySupplier.set(r.supplierId, row);
  }
  return { pending: await awaitingTransfers(), settlements: [...bySupplier.values()] };
}

/** Pays out everything currently owed to a supplier as one settlement. */
export function settleSupplier(finance: Actor, supplierId: number, reference: string) {
  return writeSql((c) => {
    const rows = openSettlementRows(supplierId);
    if (!rows.length) return null;
    const amountFen = rows.reduce((s, r) => s + owedToSupplier(r.amountFen, r.refundedFen), 0);
    const settlementId = Number(
      c
        .prepare(`INSERT INTO "Settlement" ("supplierId","amountFen","reference","createdById","createdAt") VALUES (?,?,?,?,?)`)
        .run(supplierId, amountFen, reference, finance.userId, Date.now()).lastInsertRowid,
    );
    for (const r of rows) c.prepare(`UPDATE "SubOrder" SET "settlementId" = ? WHERE "id" = ? AND "settlementId" IS NULL`).run(settlementId, r.id);
    recordAudit(c, {
      actorId: finance.userId,
      orgId: null,
      action: "settlement.create",
      entityType: "Settlement",
      entityId: settlementId,
      detail: { supplierId, amountFen, reference, subOrders: rows.length },
    });
    return { settlementId, amountFen };
  });
}

/** A supplier's ledger: owed per received sub-order, and past settlements. */
export async function supplierLedger(supplierId: number) {
  const open = openSettlementRows(supplierId).map((r) => ({
    id: r.id,
    code: r.code,
    unionName: r.unionName,
    amountFen: r.amountFen,
    refundedFen: r.refundedFen,
    owedFen: owedToSupplier(r.amountFen, r.refundedFen),
  }));
  const settled = await db.settlement.findMany({
    where: { supplierId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, amountFen: true, reference: true, createdAt: true, _count: { select: { subOrders: true } } },
  });
  return {
    open,
    settled: settled.map((s) => ({
      id: s.id,
      amountFen: toFen(s.amountFen),
      reference: s.reference,
      createdAt: s.createdAt.toISOString(),
      subOrders: s._count.subOrders,
    })),
  };
}

/** Every open and settled line for the finance office, as CSV. */
/** The settlement ledger as CSV; `header` names the eight columns in the user's language. */
export function settlementsCsv(header: string[]) {
  const rows = sqlite
    .prepare(
      `SELECT so."name" AS "supplier", o."code", u."name" AS "union", s."amountFen",
              COALESCE((SELECT SUM(rl."amountFen") FROM "RefundLine" rl JOIN "Refund" r ON r."id" = rl."refundId" JOIN "OrderLine" l ON l."id" = rl."orderLineId" WHERE l."subOrderId" = s."id" AND r."status" = 'SUCCEEDED'), 0) AS "refundedFen",
              st."reference", st."createdAt" AS "settledAt"
       FROM "SubOrder" s JOIN "Order" o ON o."id" = s."orderId" JOIN "Organization" u ON u."id" = o."unionId"
       JOIN "Supplier" sp ON sp."id" = s."supplierId" JOIN "Organization" so ON so."id" = sp."orgId" LEFT JOIN "Settlement" st ON st."id" = s."settlementId"
       WHERE s."status" IN ('RECEIVED','DISPUTED') AND o."paymentStatus" IN ('PAID','PARTIALLY_REFUNDED')
       ORDER BY so."name", o."code"`,
    )
    .all() as Array<{
    supplier: string;
    code: string;
    union: string;
    amountFen: number;
    refundedFen: number;
    reference: string | null;
    settledAt: number | null;
  }>;
  return toCsv(
    header,
    rows.map((r) => [
      r.supplier,
      r.code,
      r.union,
      fenToYuanString(r.amountFen),
      fenToYuanString(r.refundedFen),
      fenToYuanString(owedToSupplier(r.amountFen, r.refundedFen)),
      r.reference,
      r.settledAt ? new Date(r.settledAt).toISOString().slice(0, 10) : "",
    ]),
  );
}
