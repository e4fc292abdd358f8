// Card payments through the Stripe SDK, on only when STRIPE_SECRET_KEY is set; STRIPE_API_BASE points the SDK at a
// Stripe-compatible server such as stripe-mock. The database is the truth: a retrieved object's amount or status
// is never trusted (stripe-mock returns fixtures), and a payment or refund succeeds only from a verified webhook
// (docs/decisions/0030-card-payments.md).
import Stripe from "stripe";
import { writeSql } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { recordAudit } from "~/models/access/audit.server";
import { recordOrderPaid, recordRefundSucceeded } from "~/models/welfare/procurement-ledger.server";

export function stripeEnabled(): boolean {
  return Boolean(env.STRIPE_SECRET_KEY);
}

let client: Stripe | null = null;
function stripe(): Stripe {
  if (!env.STRIPE_SECRET_KEY) throw new Error("Stripe is not configured");
  if (!client) {
    const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null;
    client = new Stripe(env.STRIPE_SECRET_KEY, {
      // Retries stay visible to the app: a failed call is reported, and the idempotency key makes a user's retry safe.
      maxNetworkRetries: 0,
      timeout: 10_000,
      // Node's global fetch: the same client in production and under the tests' request interception.
      httpClient: Stripe.createFetchHttpClient(),
      ...(base ? { host: base.hostname, port: base.port || (base.protocol === "http:" ? 80 : 443), protocol: base.protocol === "http:" ? "http" : "https" } : {}),
    });
  }
  return client;
}

/** For tests: forget the client so a changed environment takes effect. */
export function resetStripeClient() {
  client = null;
}

export type CardProblem = "cardDeclined" | "invalidRequest" | "notConfigured" | "unavailable";

/** Stripe's request errors as message keys for the user; the detail goes to the operator's log. */
export function cardProblemOf(error: unknown): CardProblem {
  if (error instanceof Stripe.errors.StripeError) {
    console.error(`stripe ${error.type} ${error.statusCode ?? ""} ${error.code ?? ""}: ${error.message}`);
    if (error.statusCode === 402 || error.type === "StripeCardError") return "cardDeclined";
    if (error.statusCode === 401 || error.type === "StripeAuthenticationError") return "notConfigured";
    if (error.statusCode === 400) return "invalidRequest";
  } else console.error("stripe call failed", error);
  return "unavailable";
}

/**
 * Starts a card payment: a PaymentIntent in CNY fen with the order id in its metadata, under an idempotency key per
 * attempt, recorded as a PENDING payment. The network call happens outside any transaction.
 */
export async function startCardPayment(actor: { userId: number; org: { id: number } }, order: { id: number; totalFen: number }, attempt: string) {
  const idempotencyKey = `order-${order.id}-card-${attempt}`;
  try {
    const intent = await stripe().paymentIntents.create(
      { amount: order.totalFen, currency: "cny", metadata: { orderId: String(order.id) }, payment_method_types: ["card"] },
      { idempotencyKey },
    );
    await writeSql((c) => {
      c.prepare(`INSERT OR IGNORE INTO "Payment" ("orderId","provider","status","amountFen","providerPaymentId","idempotencyKey","createdAt") VALUES (?,'STRIPE','PENDING',?,?,?,?)`)
        .run(order.id, order.totalFen, intent.id, idempotencyKey, Date.now());
      recordAudit(c, { actorId: actor.userId, orgId: actor.org.id, action: "payment.cardStarted", entityType: "Order", entityId: order.id, detail: { paymentIntent: intent.id } });
    });
    return { ok: true as const, paymentIntentId: intent.id };
  } catch (error) {
    return { ok: false as const, problem: cardProblemOf(error) };
  }
}

/** Asks Stripe to refund a pending refund row; it becomes SUCCEEDED only when Stripe's webhook says so. */
export async function requestCardRefund(refund: { id: number; amountFen: number; idempotencyKey: string; paymentIntentId: string }) {
  try {
    const created = await stripe().refunds.create({ payment_intent: refund.paymentIntentId, amount: refund.amountFen, metadata: { refundId: String(refund.id) } }, { idempotencyKey: refund.idempotencyKey });
    await writeSql((c) => c.prepare(`UPDATE "Refund" SET "providerRefundId" = ? WHERE "id" = ? AND "providerRefundId" IS NULL`).run(created.id, refund.id));
    return { ok: true as const };
  } catch (error) {
    return { ok: false as const, problem: cardProblemOf(error) };
  }
}

export type WebhookOutcome = { status: 200; handled: boolean } | { status: 400; reason: string };

/**
 * Verifies the signature on the raw body (rejecting tampered bodies and timestamps older than 5 minutes), then
 * applies the event once: its id is recorded in the same transaction as the change it causes.
 */
export function handleStripeWebhook(rawBody: string, signature: string | null): Promise<WebhookOutcome> | WebhookOutcome {
  if (!env.STRIPE_WEBHOOK_SECRET || !signature) return { status: 400, reason: "missing signature or secret" };
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, env.STRIPE_WEBHOOK_SECRET, 300);
  } catch {
    return { status: 400, reason: "bad signature" };
  }
  return writeSql((c): WebhookOutcome => {
    const fresh = c.prepare(`INSERT OR IGNORE INTO "WebhookEvent" ("id","provider","type","receivedAt") VALUES (?,'STRIPE',?,?)`).run(event.id, event.type, Date.now()).changes;
    if (!fresh) return { status: 200, handled: false };
    const at = event.created * 1000;
    switch (event.type) {
      case "payment_intent.succeeded": {
        const intent = event.data.object;
        const orderId = Number(intent.metadata?.orderId);
        // Succeeded may arrive before our own record of the intent: the signed metadata names the order.
        let payment = c.prepare(`SELECT "id","orderId","amountFen","status" FROM "Payment" WHERE "providerPaymentId" = ?`).get(intent.id) as { id: number; orderId: number; amountFen: number; status: string } | undefined;
        if (!payment && Number.isSafeInteger(orderId)) {
          const order = c.prepare(`SELECT "totalFen" FROM "Order" WHERE "id" = ?`).get(orderId) as { totalFen: number } | undefined;
          if (order) {
            const id = Number(c.prepare(`INSERT INTO "Payment" ("orderId","provider","status","amountFen","providerPaymentId","idempotencyKey","createdAt") VALUES (?,'STRIPE','PENDING',?,?,?,?)`).run(orderId, order.totalFen, intent.id, `webhook-${intent.id}`, at).lastInsertRowid);
            payment = { id, orderId, amountFen: order.totalFen, status: "PENDING" };
          }
        }
        if (!payment || payment.status !== "PENDING") return { status: 200, handled: false };
        // The amount the order costs is ours; a mismatching intent is logged, not trusted.
        if (intent.amount !== payment.amountFen || intent.currency !== "cny") {
          recordAudit(c, { actorId: null, orgId: null, action: "payment.cardAmountMismatch", entityType: "Payment", entityId: payment.id, detail: { eventId: event.id, amount: intent.amount, currency: intent.currency } });
          return { status: 200, handled: false };
        }
        const paid = c.prepare(`UPDATE "Order" SET "paymentStatus" = 'PAID', "paidAt" = ? WHERE "id" = ? AND "paymentStatus" = 'UNPAID' AND "status" IN ('PLACED','COMPLETED')`).run(at, payment.orderId).changes;
        if (!paid) return { status: 200, handled: false };
        c.prepare(`UPDATE "Payment" SET "status" = 'SUCCEEDED', "succeededAt" = ? WHERE "id" = ?`).run(at, payment.id);
        recordOrderPaid(c, payment.orderId, new Date(at));
        recordAudit(c, { actorId: null, orgId: null, action: "payment.succeeded", entityType: "Order", entityId: payment.orderId, detail: { eventId: event.id } });
        return { status: 200, handled: true };
      }
      case "payment_intent.payment_failed": {
        const changed = c.prepare(`UPDATE "Payment" SET "status" = 'FAILED', "failureMessage" = ? WHERE "providerPaymentId" = ? AND "status" = 'PENDING'`).run(event.data.object.last_payment_error?.message ?? "failed", event.data.object.id).changes;
        return { status: 200, handled: changed > 0 };
      }
      case "refund.updated":
      case "refund.created": {
        const refund = event.data.object;
        if (refund.status !== "succeeded") return { status: 200, handled: false };
        const row = c.prepare(`SELECT r."id", r."orderId" FROM "Refund" r WHERE (r."providerRefundId" = ? OR r."id" = ?) AND r."status" = 'PENDING'`).get(refund.id, Number(refund.metadata?.refundId ?? 0)) as { id: number; orderId: number } | undefined;
        if (!row) return { status: 200, handled: false };
        c.prepare(`UPDATE "Refund" SET "status" = 'SUCCEEDED', "succeededAt" = ?, "providerRefundId" = ? WHERE "id" = ?`).run(at, refund.id, row.id);
        recordRefundSucceeded(c, row.id);
        const left = c.prepare(`SELECT (SELECT COALESCE(SUM("amountFen"),0) FROM "OrderLine" WHERE "orderId" = ?) - (SELECT COALESCE(SUM("amountFen"),0) FROM "Refund" WHERE "orderId" = ? AND "status" = 'SUCCEEDED') AS "left"`).get(row.orderId, row.orderId) as { left: number };
        c.prepare(`UPDATE "Order" SET "paymentStatus" = ? WHERE "id" = ?`).run(left.left > 0 ? "PARTIALLY_REFUNDED" : "REFUNDED", row.orderId);
        recordAudit(c, { actorId: null, orgId: null, action: "refund.succeeded", entityType: "Order", entityId: row.orderId, detail: { eventId: event.id, refundId: row.id } });
        return { status: 200, handled: true };
      }
      default:
        return { status: 200, handled: false };
    }
  });
}
