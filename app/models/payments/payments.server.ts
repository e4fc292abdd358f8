// Bank transfer payments (对公转账) and supplier settlement. A transfer that finance records is matched to an order
// by its reference code; an exact amount marks the order paid — and adds it to the 30% figures through the ledger —
// in the same transaction; a short or over payment, or an unknown reference, is flagged for finance to resolve.
import { db, sqlite, writeSql } from "~/utils/db.server";
import { startOfChinaDay } from "~/domain/china-time";
import { toCsv } from "~/domain/csv";
import { fenToYuanString, toFen } from "~/domain/money";
import { matchTransfer, normaliseReference, owedToSupplier, referenceCodeFor } from "~/domain/payments";
import { env } from "~/utils/env.server";
import { recordAudit } from "~/models/access/audit.server";
import { recordOrderPaid } from "~/models/welfare/procurement-ledger.server";
import type { Actor } from "~/domain/actor";
import { noticePayment } from "~/models/orders/order-notices.server";

const PAYABLE = `"status" IN ('PLACED','COMPLETED') AND "paymentStatus" = 'UNPAID'`;

/** What the union sees on an order's payment page. Scoped: null for another union's order. */
export async function paymentPanel(unionId: number, orderId: number) {
  const order = await db.order.findFirst({
    where: { id: orderId, unionId },
    select: {
      id: true, code: true, status: true, paymentStatus: true, totalFen: true, paidAt: true,
      payments: { orderBy: { id: "asc" }, select: { id: true, provider: true, status: true, amountFen: true, referenceCode: true, createdAt: true, succeededAt: true } },
      refunds: { orderBy: { id: "asc" }, select: { id: true, amountFen: true, status: true, reason: true, createdAt: true } },
    },
  });
  if (!order) return null;
  return {
    id: order.id, code: order.code, status: order.status, paymentStatus: order.paymentStatus, totalFen: toFen(order.totalFen), paidAt: order.paidAt?.toISOString() ?? null,
    payable: (order.status === "PLACED" || order.status === "COMPLETED") && order.paymentStatus === "UNPAID",
    payee: { name: env.BANK_PAYEE_NAME, account: env.BANK_PAYEE_ACCOUNT, bank: env.BANK_PAYEE_BANK },
    payments: order.payments.map((p) => ({ ...p, amountFen: toFen(p.amountFen), createdAt: p.createdAt.toISOString(), succeededAt: p.succeededAt?.toISOString() ?? null })),
    refunds: order.refunds.map((r) => ({ ...r, amountFen: toFen(r.amountFen), createdAt: r.createdAt.toISOString() })),
  };
}

/** The union chooses to pay by bank transfer: one pending payment per order, with its reference code. */
export function requestBankTransfer(actor: Actor, orderId: number): Promise<"ok" | "notPayable"> {
  return writeSql((c) => {
    const order = c.prepare(`SELECT "totalFen" FROM "Order" WHERE "id" = ? AND "unionId" = ? AND ${PAYABLE}`).get(orderId, actor.org.id) as { totalFen: number } | undefined;
    if (!order) return "notPayable";
    const pending = c.prepare(`SELECT 1 FROM "Payment" WHERE "orderId" = ? AND "provider" = 'BANK_TRANSFER' AND "status" = 'PENDING'`).get(orderId);
    if (pending) return "ok";
    const code = referenceCodeFor(orderId);
    c.prepare(`INSERT INTO "Payment" ("orderId","provider","status","amountFen","referenceCode","idempotencyKey","createdAt") VALUES (?,'BANK_TRANSFER','PENDING',?,?,?,?)`)
      .run(orderId, order.totalFen, code, `bank-${orderId}-${Date.now()}`, Date.now());
    recordAudit(c, { actorId: actor.userId, orgId: actor.org.id, action: "payment.bankTransferRequested", entityType: "Order", entityId: orderId, detail: { referenceCode: code } });
    return "ok";
  });
}

export type TransferOutcome = "MATCHED" | "SHORT" | "OVER" | "UNMATCHED" | "duplicate";

/** Platform finance records a transfer seen on the platform's account. */
export function recordBankTransfer(finance: Actor, input: { amountFen: number; receivedOn: string; bankReference: string; referenceCode: string; payerName: string }): Promise<TransferOutcome> {
  return writeSql((c) => {
    if (c.prepare(`SELECT 1 FROM "BankTransfer" WHERE "bankReference" = ?`).get(input.bankReference)) return "duplicate";
    const reference = normaliseReference(input.referenceCode);
    const receivedAt = startOfChinaDay(input.receivedOn).getTime() + 12 * 3600_000;
    const payment = c
      .prepare(`SELECT p."id", p."orderId", p."amountFen", o."unionId" FROM "Payment" p JOIN "Order" o ON o."id" = p."orderId" WHERE p."referenceCode" = ? AND p."status" = 'PENDING' AND p."provider" = 'BANK_TRANSFER'`)
      .get(reference) as { id: number; orderId: number; amountFen: number; unionId: number } | undefined;
    let outcome: TransferOutcome = payment ? matchTransfer(payment.amountFen, input.amountFen) : "UNMATCHED";
    if (outcome === "MATCHED" && payment) {
      const paid = c.prepare(`UPDATE "Order" SET "paymentStatus" = 'PAID', "paidAt" = ? WHERE "id" = ? AND ${PAYABLE}`).run(receivedAt, payment.orderId).changes;
      if (paid) {
        c.prepare(`UPDATE "Payment" SET "status" = 'SUCCEEDED', "succeededAt" = ? WHERE "id" = ?`).run(receivedAt, payment.id);
        recordOrderPaid(c, payment.orderId, new Date(receivedAt));
      } else outcome = "UNMATCHED"; // the order was cancelled or is not payable: finance returns the money
    }
    const transferId = Number(
      c.prepare(`INSERT INTO "BankTransfer" ("amountFen","receivedOn","bankReference","referenceCode","payerName","paymentId","status","recordedById","createdAt") VALUES (?,?,?,?,?,?,?,?,?)`)
        .run(input.amountFen, receivedAt, input.bankReference, reference, input.payerName, outcome === "MATCHED" ? payment?.id ?? null : null, outcome, finance.userId, Date.now()).lastInsertRowid,
    );
    if (payment && outcome !== "UNMATCHED") noticePayment(c, payment.orderId, outcome, input.amountFen);
    recordAudit(c, { actorId: finance.userId, orgId: payment?.unionId ?? null, action: `bankTransfer.${outcome.toLowerCase()}`, entityType: "BankTransfer", entityId: transferId, detail: { ...input, orderId: payment?.orderId ?? null } });
    return outcome;
  });
}

/** Finance settles a flagged transfer after sorting it out with the union (returned, topped up, …). */
export function resolveTransfer(finance: Actor, transferId: number, note: string) {
  return writeSql((c) => {
    const changed = c.prepare(`UPDATE "BankTransfer" SET "status" = 'RESOLVED', "note" = ? WHERE "id" = ? AND "status" IN ('SHORT','OVER','UNMATCHED')`).run(note, transferId).changes;
    if (changed) recordAudit(c, { actorId: finance.userId, orgId: null, action: "bankTransfer.resolve", entityType: "BankTransfer", entityId: transferId, detail: { note } });
    return changed > 0;
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
    .all(supplierId, supplierId) as Array<{ id: number; supplierId: number; amountFen: number; receivedAt: number | null; code: string; unionName: string; supplierName: string; refundedFen: number }>;
}

export async function financeOverview() {
  const [pending, flagged] = await Promise.all([
    db.payment.findMany({
      where: { provider: "BANK_TRANSFER", status: "PENDING" },
      orderBy: { createdAt: "asc" },
      take: 200,
      select: { id: true, referenceCode: true, amountFen: true, createdAt: true, order: { select: { code: true, union: { select: { name: true } } } } },
    }),
    db.bankTransfer.findMany({ where: { status: { in: ["SHORT", "OVER", "UNMATCHED"] } }, orderBy: { createdAt: "desc" }, take: 200 }),
  ]);
  const bySupplier = new Map<number, { supplierId: number; supplierName: string; owedFen: number; subOrders: number }>();
  for (const r of openSettlementRows(null)) {
    const row = bySupplier.get(r.supplierId) ?? { supplierId: r.supplierId, supplierName: r.supplierName, owedFen: 0, subOrders: 0 };
    row.owedFen += owedToSupplier(r.amountFen, r.refundedFen);
    row.subOrders++;
    bySupplier.set(r.supplierId, row);
  }
  return {
    pending: pending.map((p) => ({ id: p.id, referenceCode: p.referenceCode, amountFen: toFen(p.amountFen), createdAt: p.createdAt.toISOString(), orderCode: p.order.code, unionName: p.order.union.name })),
    flagged: flagged.map((t) => ({ id: t.id, amountFen: toFen(t.amountFen), receivedOn: t.receivedOn.toISOString(), bankReference: t.bankReference, referenceCode: t.referenceCode, payerName: t.payerName, status: t.status })),
    settlements: [...bySupplier.values()],
  };
}

/** Pays out everything currently owed to a supplier as one settlement. */
export function settleSupplier(finance: Actor, supplierId: number, reference: string) {
  return writeSql((c) => {
    const rows = openSettlementRows(supplierId);
    if (!rows.length) return null;
    const amountFen = rows.reduce((s, r) => s + owedToSupplier(r.amountFen, r.refundedFen), 0);
    const settlementId = Number(c.prepare(`INSERT INTO "Settlement" ("supplierId","amountFen","reference","createdById","createdAt") VALUES (?,?,?,?,?)`).run(supplierId, amountFen, reference, finance.userId, Date.now()).lastInsertRowid);
    for (const r of rows) c.prepare(`UPDATE "SubOrder" SET "settlementId" = ? WHERE "id" = ? AND "settlementId" IS NULL`).run(settlementId, r.id);
    recordAudit(c, { actorId: finance.userId, orgId: null, action: "settlement.create", entityType: "Settlement", entityId: settlementId, detail: { supplierId, amountFen, reference, subOrders: rows.length } });
    return { settlementId, amountFen };
  });
}

/** A supplier's ledger: owed per received sub-order, and past settlements. */
export async function supplierLedger(supplierId: number) {
  const open = openSettlementRows(supplierId).map((r) => ({ id: r.id, code: r.code, unionName: r.unionName, amountFen: r.amountFen, refundedFen: r.refundedFen, owedFen: owedToSupplier(r.amountFen, r.refundedFen) }));
  const settled = await db.settlement.findMany({ where: { supplierId }, orderBy: { createdAt: "desc" }, take: 100, select: { id: true, amountFen: true, reference: true, createdAt: true, _count: { select: { subOrders: true } } } });
  return { open, settled: settled.map((s) => ({ id: s.id, amountFen: toFen(s.amountFen), reference: s.reference, createdAt: s.createdAt.toISOString(), subOrders: s._count.subOrders })) };
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
    .all() as Array<{ supplier: string; code: string; union: string; amountFen: number; refundedFen: number; reference: string | null; settledAt: number | null }>;
  return toCsv(
    header,
    rows.map((r) => [r.supplier, r.code, r.union, fenToYuanString(r.amountFen), fenToYuanString(r.refundedFen), fenToYuanString(owedToSupplier(r.amountFen, r.refundedFen)), r.reference, r.settledAt ? new Date(r.settledAt).toISOString().slice(0, 10) : ""]),
  );
}
