// Refunding what a cancelled order or a declined sub-order had paid. Runs after the cancellation has committed,
// in its own transaction, and reverses the order's contribution to the 30% figures through the ledger.
// Bank transfers are paid back by platform finance outside the platform, so the refund is recorded as succeeded
// at once (docs/decisions/0021-refunds.md); a card payment's refund stays PENDING until the provider confirms it.
import { writeSql } from "~/utils/db.server";
import { recordAudit } from "~/models/access/audit.server";
import { recordRefundSucceeded } from "~/models/welfare/procurement-ledger.server";
import { providerFor } from "~/models/payments/payment-providers.server";

export async function refundAfterCancellation(input: { orderId: number; subOrderId: number | null; reason: string; actorId: number | null }): Promise<{ refundId: number } | null> {
  const recorded = await recordRefund(input);
  // A card refund is asked of the provider after the refund row has committed; its webhook completes it.
  if (recorded?.card) await providerFor("STRIPE").refund(recorded.card);
  return recorded ? { refundId: recorded.refundId } : null;
}

function recordRefund(input: { orderId: number; subOrderId: number | null; reason: string; actorId: number | null }) {
  return writeSql((c): { refundId: number; card: { id: number; amountFen: number; idempotencyKey: string; paymentIntentId: string } | null } | null => {
    const order = c.prepare(`SELECT "unionId","paymentStatus" FROM "Order" WHERE "id" = ?`).get(input.orderId) as { unionId: number; paymentStatus: string } | undefined;
    if (!order || (order.paymentStatus !== "PAID" && order.paymentStatus !== "PARTIALLY_REFUNDED")) return null;
    const payment = c.prepare(`SELECT "id","provider","providerPaymentId" FROM "Payment" WHERE "orderId" = ? AND "status" = 'SUCCEEDED' ORDER BY "id" LIMIT 1`).get(input.orderId) as { id: number; provider: string; providerPaymentId: string | null } | undefined;
    if (!payment) return null;
    const key = `refund-${input.orderId}-${input.subOrderId ?? "all"}`;
    const existing = c.prepare(`SELECT "id" FROM "Refund" WHERE "idempotencyKey" = ?`).get(key) as { id: number } | undefined;
    if (existing) return { refundId: existing.id, card: null };
    const lines = c
      .prepare(
        `SELECT l."id", l."amountFen" - COALESCE((SELECT SUM(rl."amountFen") FROM "RefundLine" rl JOIN "Refund" r ON r."id" = rl."refundId" WHERE rl."orderLineId" = l."id" AND r."status" <> 'FAILED'), 0) AS "remaining"
         FROM "OrderLine" l WHERE l."orderId" = ? AND (? IS NULL OR l."subOrderId" = ?)`,
      )
      .all(input.orderId, input.subOrderId, input.subOrderId) as Array<{ id: number; remaining: number }>;
    const refundable = lines.filter((l) => l.remaining > 0);
    if (!refundable.length) return null;
    const amountFen = refundable.reduce((s, l) => s + l.remaining, 0);
    const now = Date.now();
    const succeeded = payment.provider === "BANK_TRANSFER";
    const refundId = Number(
      c.prepare(`INSERT INTO "Refund" ("orderId","paymentId","subOrderId","amountFen","status","reason","idempotencyKey","createdAt","succeededAt") VALUES (?,?,?,?,?,?,?,?,?)`)
        .run(input.orderId, payment.id, input.subOrderId, amountFen, succeeded ? "SUCCEEDED" : "PENDING", input.reason, key, now, succeeded ? now : null).lastInsertRowid,
    );
    for (const l of refundable) c.prepare(`INSERT INTO "RefundLine" ("refundId","orderLineId","amountFen") VALUES (?,?,?)`).run(refundId, l.id, l.remaining);
    if (succeeded) {
      recordRefundSucceeded(c, refundId);
      const left = c
        .prepare(`SELECT COALESCE((SELECT SUM("amountFen") FROM "OrderLine" WHERE "orderId" = ?), 0) - COALESCE((SELECT SUM("amountFen") FROM "Refund" WHERE "orderId" = ? AND "status" = 'SUCCEEDED'), 0) AS "left"`)
        .get(input.orderId, input.orderId) as { left: number };
      c.prepare(`UPDATE "Order" SET "paymentStatus" = ? WHERE "id" = ?`).run(left.left > 0 ? "PARTIALLY_REFUNDED" : "REFUNDED", input.orderId);
    }
    recordAudit(c, { actorId: input.actorId, orgId: order.unionId, action: succeeded ? "refund.succeeded" : "refund.requested", entityType: "Order", entityId: input.orderId, detail: { refundId, amountFen, subOrderId: input.subOrderId } });
    return { refundId, card: !succeeded && payment.providerPaymentId ? { id: refundId, amountFen, idempotencyKey: key, paymentIntentId: payment.providerPaymentId } : null };
  });
}
