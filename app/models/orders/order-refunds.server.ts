// Refunding what a cancelled order, a declined sub-order or a resolved complaint had paid, in the SAME transaction
// as the cancellation, decline or complaint resolution (docs/decisions/0121-refund-outbox.md). A bank transfer is
// paid back by platform finance outside the platform, so its refund is recorded as succeeded at once and reverses
// the 30% figures through the ledger (docs/decisions/0021-refunds.md); a card refund stays PENDING with a row in the
// refund outbox, which the server works after commit (refund-outbox.server.ts). There is one refund path:
// `recordRefundIn`, with the lines either explicit (a complaint's partial refund) or everything not yet refunded.
import { sql, type Expression } from "kysely";
import { transaction } from "~/utils/db.server";
import { all, first, instant, one, q, run, type Connection } from "~/utils/sql.server";
import { recordAudit } from "~/models/access/audit.server";
import { REFUND_MAX_ATTEMPTS, isPaid, refundRetryDelayMs } from "~/domain/payments";
import { recordRefundSucceeded } from "~/models/welfare/procurement-ledger.server";
import { noticeRefund } from "~/models/orders/order-notices.server";

export interface RefundInput {
  orderId: number;
  subOrderId: number | null;
  reason: string;
  actorId: number | null;
  /** Explicit amounts per line (a complaint's partial refund); by default everything not yet refunded. */
  lines?: Array<{ orderLineId: number; amountFen: number }>;
  /** Idempotency key; by default one refund per order or sub-order. */
  key?: string;
}

/**
 * What has been refunded of one order line (`lineId`, usually the outer query's `l.id`), as a scalar subquery: by
 * refunds not FAILED (what a new refund may no longer take) or only SUCCEEDED ones (what the union got back). NULL
 * when nothing was refunded.
 */
export function refundedOfLineFen(lineId: Expression<number>, counted: "notFailed" | "succeeded") {
  const refunded = q
    .selectFrom("RefundLine as rl")
    .innerJoin("Refund as r", "r.id", "rl.refundId")
    .select((eb) => eb.fn.sum<number>("rl.amountFen").as("fen"))
    .where("rl.orderLineId", "=", lineId);
  return counted === "succeeded" ? refunded.where("r.status", "=", "SUCCEEDED") : refunded.where("r.status", "<>", "FAILED");
}

/** Queues a card refund for the provider: due now, worked after this transaction commits. */
export async function enqueueRefund(c: Connection, refundId: number) {
  const now = Date.now();
  await run(
    c,
    q
      .insertInto("RefundOutbox")
      .values({ refundId, status: "QUEUED", attempts: 0, nextAttemptAt: instant(now), createdAt: instant(now), updatedAt: instant(now) })
      .onConflict((oc) => oc.column("refundId").doNothing()),
  );
}

/** After a refund succeeded: the order is partly or fully refunded, judged on what its lines still hold. */
export async function settleRefundedOrder(c: Connection, orderId: number) {
  const lines = q
    .selectFrom("OrderLine")
    .select((eb) => eb.fn.sum<number>("amountFen").as("fen"))
    .where("orderId", "=", orderId);
  const refunded = q
    .selectFrom("Refund")
    .select((eb) => eb.fn.sum<number>("amountFen").as("fen"))
    .where("orderId", "=", orderId)
    .where("status", "=", "SUCCEEDED")
    .where("kind", "=", "ORDER");
  const left = (await first(
    c,
    q.selectNoFrom((eb) => eb(eb.fn.coalesce(lines, sql.lit(0)), "-", eb.fn.coalesce(refunded, sql.lit(0))).as("left")),
  ))!;
  await run(
    c,
    q
      .updateTable("Order")
      .set({ paymentStatus: Number(left.left) > 0 ? "PARTIALLY_REFUNDED" : "REFUNDED" })
      .where("id", "=", orderId),
  );
}

/**
 * Records a refund inside the caller's transaction (a cancellation, a decline, a complaint's remedy):
 * the given lines' amounts, capped at what each line still holds, or by default every affected line's amount not
 * yet refunded. A bank transfer's refund succeeds at once (30% figures reversed, union told); a card refund is
 * queued in the refund outbox, asked of the provider after commit. Returns null when nothing was paid or is left.
 */
export async function recordRefundIn(c: Connection, input: RefundInput): Promise<{ refundId: number; queued: boolean } | null> {
  const order = await first(c, q.selectFrom("Order").select(["unionId", "paymentStatus"]).where("id", "=", input.orderId));
  if (!order || !isPaid(order)) return null;
  const payment = await first(
    c,
    q
      .selectFrom("Payment as p")
      .select(["p.id", "p.provider"])
      .where("p.orderId", "=", input.orderId)
      .where("p.status", "=", "SUCCEEDED")
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom("Refund as r").select(sql.lit(1).as("one")).whereRef("r.paymentId", "=", "p.id").where("r.kind", "=", "DUPLICATE_CHARGE")),
        ),
      )
      .orderBy("p.id")
      .limit(1),
  );
  if (!payment) return null;
  const key = input.key ?? `refund-${input.orderId}-${input.subOrderId ?? "all"}`;
  const existing = await first(c, q.selectFrom("Refund").select("id").where("idempotencyKey", "=", key));
  if (existing) return { refundId: existing.id, queued: false };
  const subOrderId = input.subOrderId;
  const lines = await all(
    c,
    q
      .selectFrom("OrderLine as l")
      .select((eb) => ["l.id", eb("l.amountFen", "-", eb.fn.coalesce(refundedOfLineFen(eb.ref("l.id"), "notFailed"), sql.lit(0))).as("remaining")])
      .where("l.orderId", "=", input.orderId)
      .$if(subOrderId != null, (qb) => qb.where("l.subOrderId", "=", subOrderId!)),
  );
  const refundable = input.lines
    ? input.lines.flatMap((want) => {
        const line = lines.find((l) => l.id === want.orderLineId);
        const amount = line ? Math.min(Number(line.remaining), want.amountFen) : 0;
        return amount > 0 ? [{ id: want.orderLineId, remaining: amount }] : [];
      })
    : lines.map((l) => ({ id: l.id, remaining: Number(l.remaining) })).filter((l) => l.remaining > 0);
  if (!refundable.length) return null;
  const amountFen = refundable.reduce((s, l) => s + l.remaining, 0);
  const now = Date.now();
  const byBank = payment.provider === "BANK_TRANSFER";
  const refundId = (
    await one(
      c,
      q
        .insertInto("Refund")
        .values({
          orderId: input.orderId,
          paymentId: payment.id,
          subOrderId: input.subOrderId,
          kind: "ORDER",
          amountFen,
          status: byBank ? "SUCCEEDED" : "PENDING",
          reason: input.reason,
          idempotencyKey: key,
          createdAt: instant(now),
          succeededAt: byBank ? instant(now) : null,
        })
        .returning("id"),
    )
  ).id;
  for (const l of refundable) await run(c, q.insertInto("RefundLine").values({ refundId, orderLineId: l.id, amountFen: l.remaining }));
  if (byBank) {
    await recordRefundSucceeded(c, refundId);
    await settleRefundedOrder(c, input.orderId);
    await noticeRefund(c, refundId);
  } else await enqueueRefund(c, refundId);
  await recordAudit(c, {
    actorId: input.actorId,
    orgId: order.unionId,
    action: byBank ? "refund.succeeded" : "refund.requested",
    entityType: "Order",
    entityId: input.orderId,
    detail: { refundId, amountFen, subOrderId: input.subOrderId },
  });
  return { refundId, queued: !byBank };
}

/** The provider confirmed a refund: it succeeds, an order refund reverses its lines in the 30% figures. */
export async function refundSucceeded(c: Connection, refundId: number, providerRefundId: string, at: number, eventId: string) {
  const refund = await first(c, q.selectFrom("Refund").select(["orderId", "kind", "amountFen"]).where("id", "=", refundId).where("status", "=", "PENDING"));
  if (!refund) return;
  await run(
    c,
    q
      .updateTable("Refund")
      .set({ status: "SUCCEEDED", succeededAt: instant(at), providerRefundId })
      .where("id", "=", refundId),
  );
  await run(
    c,
    q
      .updateTable("RefundOutbox")
      .set({ status: "DONE", updatedAt: instant(Date.now()), claimedBy: null })
      .where("refundId", "=", refundId),
  );
  if (refund.kind === "ORDER") {
    await recordRefundSucceeded(c, refundId);
    await settleRefundedOrder(c, refund.orderId);
  }
  const order = (await first(c, q.selectFrom("Order").select("unionId").where("id", "=", refund.orderId)))!;
  await recordAudit(c, {
    actorId: null,
    orgId: order.unionId,
    action: "refund.succeeded",
    entityType: "Order",
    entityId: refund.orderId,
    detail: { eventId, refundId, amountFen: Number(refund.amountFen) },
  });
  await noticeRefund(c, refundId);
}

/** The provider says a refund failed: it goes back in the outbox with a fresh attempt after the backoff. */
export async function refundFailedAtProvider(c: Connection, refundId: number, reason: string, eventId: string) {
  const job = await first(c, q.selectFrom("RefundOutbox").select("attempts").where("refundId", "=", refundId));
  const now = Date.now();
  if (!job) {
    await enqueueRefund(c, refundId);
  } else {
    const giveUp = job.attempts >= REFUND_MAX_ATTEMPTS;
    await run(
      c,
      q
        .updateTable("RefundOutbox")
        .set((eb) => ({
          status: giveUp ? "FAILED" : "QUEUED",
          providerFailures: eb("providerFailures", "+", 1),
          nextAttemptAt: instant(now + refundRetryDelayMs(job.attempts)),
          lastError: reason,
          updatedAt: instant(now),
          claimedBy: null,
        }))
        .where("refundId", "=", refundId),
    );
  }
  await run(c, q.updateTable("Refund").set({ providerRefundId: null }).where("id", "=", refundId));
  await recordAudit(c, { actorId: null, orgId: null, action: "refund.providerFailed", entityType: "Refund", entityId: refundId, detail: { eventId, reason } });
}

/**
 * Records a refund in a transaction of its own, for a refund no state change carries (a return or partial refund
 * agreed after receipt). Cancellations, declines and complaints call recordRefundIn inside their own transaction
 * instead; calling this after them finds the refund they recorded (same idempotency key) and adds nothing.
 */
export async function refundAfterCancellation(input: RefundInput): Promise<{ refundId: number } | null> {
  const recorded = await transaction(async (c) => recordRefundIn(c, input));
  return recorded ? { refundId: recorded.refundId } : null;
}
