// Card payments through the Stripe SDK, on only when STRIPE_SECRET_KEY is set; STRIPE_API_BASE points the SDK at a
// Stripe-compatible server such as stripe-mock. The payer finishes on Stripe's hosted Checkout page; the database is
// the truth and an order becomes paid only from a verified webhook (docs/decisions/0030-card-payments.md,
// 0122-checkout-sessions.md). Network calls never happen inside a transaction.
import Stripe from "stripe";
import { transaction } from "~/utils/db.server";
import { first, instant, one, q, run, type Connection } from "~/utils/sql.server";
import { env } from "~/utils/env.server";
import type { Actor } from "~/domain/actor";
import { amountDueFen, isPayable, refundEventMatches } from "~/domain/payments";
import { recordAudit } from "~/models/access/audit.server";
import { enqueueRefund, refundFailedAtProvider, refundSucceeded } from "~/models/orders/order-refunds.server";
import { markCardPaid } from "~/models/payments/payments.server";

export function stripeEnabled(): boolean {
  return Boolean(env.STRIPE_SECRET_KEY);
}

let client: Stripe | null = null;
function stripe(): Stripe {
  if (!env.STRIPE_SECRET_KEY) throw new Error("Stripe is not configured");
  if (!client) {
    const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null;
    client = new Stripe(env.STRIPE_SECRET_KEY, {
      // Retries stay visible to the app: a failed call is reported, and the idempotency key makes a retry safe.
      maxNetworkRetries: 0,
      timeout: 10_000,
      // Node's global fetch: the same client in production and under the tests' request interception.
      httpClient: Stripe.createFetchHttpClient(),
      ...(base
        ? { host: base.hostname, port: base.port || (base.protocol === "http:" ? 80 : 443), protocol: base.protocol === "http:" ? "http" : "https" }
        : {}),
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

// A Checkout Session lives an hour here (Stripe allows 30 minutes to 24 hours); a reserved attempt whose session
// was never created (the call failed mid-way) is taken over after a minute.
const SESSION_LIFETIME_MS = 3600_000;
const RESERVATION_MS = 60_000;

type Attempt =
  { kind: "reuse"; url: string } | { kind: "create"; paymentId: number; idempotencyKey: string; amountFen: number; code: string } | { kind: "notPayable" };

/** One open card attempt per order: reuse a live session, expire a stale one, or reserve a new attempt. */
function reserveAttempt(actor: Pick<Actor, "userId"> & { org: Pick<Actor["org"], "id"> }, orderId: number): Promise<Attempt> {
  return transaction(async (c): Promise<Attempt> => {
    const order = await first(
      c,
      q.selectFrom("Order").select(["code", "status", "paymentStatus", "totalFen"]).where("id", "=", orderId).where("unionId", "=", actor.org.id),
    );
    if (!order || !isPayable(order)) return { kind: "notPayable" };
    const now = Date.now();
    const open = await first(
      c,
      q
        .selectFrom("Payment")
        .select(["id", "idempotencyKey", "checkoutUrl", "expiresAt", "createdAt", "amountFen"])
        .where("orderId", "=", orderId)
        .where("provider", "=", "STRIPE")
        .where("status", "=", "PENDING"),
    );
    if (open?.checkoutUrl && open.expiresAt != null && open.expiresAt > now + 60_000) return { kind: "reuse", url: open.checkoutUrl };
    if (open && !open.checkoutUrl && open.createdAt > now - RESERVATION_MS)
      return { kind: "create", paymentId: open.id, idempotencyKey: open.idempotencyKey, amountFen: Number(open.amountFen), code: order.code };
    if (open) {
      await run(c, q.updateTable("Payment").set({ status: "CANCELED", failureMessage: "expired" }).where("id", "=", open.id));
      await recordAudit(c, {
        actorId: actor.userId,
        orgId: actor.org.id,
        action: "payment.cardAttemptExpired",
        entityType: "Order",
        entityId: orderId,
        detail: { paymentId: open.id },
      });
    }
    const attempts = await first(
      c,
      q
        .selectFrom("Payment")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("orderId", "=", orderId)
        .where("provider", "=", "STRIPE"),
    );
    const attempt = (attempts?.n ?? 0) + 1;
    const idempotencyKey = `order-${orderId}-checkout-${attempt}`;
    // Read the key before inserting it: on PostgreSQL two clicks at once both count the same attempts, and without
    // this read the later insert fails as a unique violation (a 500); with it SERIALIZABLE reports a serialization
    // failure, which transaction() runs again, and the retry finds the first click's attempt (PostgreSQL's own advice
    // for keys inserted under SERIALIZABLE). On SQLite the writer is serialized and the key is never taken here.
    if (await first(c, q.selectFrom("Payment").select("id").where("idempotencyKey", "=", idempotencyKey)))
      throw new Error(`card attempt ${idempotencyKey} exists but was not counted`);
    const amountFen = amountDueFen({ totalFen: Number(order.totalFen) });
    const paymentId = (
      await one(
        c,
        q
          .insertInto("Payment")
          .values({ orderId, provider: "STRIPE", status: "PENDING", amountFen, idempotencyKey, createdAt: instant(now) })
          .returning("id"),
      )
    ).id;
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "payment.cardStarted",
      entityType: "Order",
      entityId: orderId,
      detail: { paymentId, attempt },
    });
    return { kind: "create", paymentId, idempotencyKey, amountFen, code: order.code };
  });
}

/**
 * Sends the payer to Stripe's hosted Checkout page for an order: a session in CNY fen with the order id in its
 * metadata (and its PaymentIntent's), success and cancel URLs back to the payment page.
 */
export async function startCheckout(
  actor: Pick<Actor, "userId"> & { org: Pick<Actor["org"], "id"> },
  orderId: number,
  returnBase: string,
): Promise<{ ok: true; url: string } | { ok: false; problem: CardProblem | "notPayable" }> {
  const attempt = await reserveAttempt(actor, orderId);
  if (attempt.kind === "notPayable") return { ok: false, problem: "notPayable" };
  if (attempt.kind === "reuse") return { ok: true, url: attempt.url };
  const back = `${returnBase}/union/orders/${orderId}/payment`;
  try {
    const session = await stripe().checkout.sessions.create(
      {
        mode: "payment",
        payment_method_types: ["card"],
        line_items: [{ quantity: 1, price_data: { currency: "cny", unit_amount: attempt.amountFen, product_data: { name: `帮扶集采订单 ${attempt.code}` } } }],
        client_reference_id: String(orderId),
        metadata: { orderId: String(orderId), paymentId: String(attempt.paymentId) },
        payment_intent_data: { metadata: { orderId: String(orderId), paymentId: String(attempt.paymentId) } },
        success_url: `${back}?checkout=success`,
        cancel_url: `${back}?checkout=cancelled`,
        expires_at: Math.floor((Date.now() + SESSION_LIFETIME_MS) / 1000),
      },
      { idempotencyKey: attempt.idempotencyKey },
    );
    if (!session.url) throw new Error(`Checkout Session ${session.id} has no URL`);
    const url = session.url;
    const expiresAt = instant((session.expires_at ?? Math.floor((Date.now() + SESSION_LIFETIME_MS) / 1000)) * 1000);
    await transaction(async (c) =>
      run(
        c,
        q
          .updateTable("Payment")
          .set({ providerPaymentId: session.id, checkoutUrl: url, expiresAt })
          .where("id", "=", attempt.paymentId)
          .where("status", "=", "PENDING"),
      ),
    );
    return { ok: true, url };
  } catch (error) {
    // Nothing was created at Stripe (or nothing usable): free the order for another attempt.
    await transaction(async (c) =>
      run(c, q.deleteFrom("Payment").where("id", "=", attempt.paymentId).where("status", "=", "PENDING").where("providerPaymentId", "is", null)),
    );
    return { ok: false, problem: cardProblemOf(error) };
  }
}

/** Asks Stripe to refund; the refund becomes SUCCEEDED only when Stripe's webhook says so. Throws on failure. */
export async function submitCardRefund(refund: { id: number; amountFen: number; idempotencyKey: string; paymentIntentId: string }): Promise<string> {
  const created = await stripe().refunds.create(
    { payment_intent: refund.paymentIntentId, amount: refund.amountFen, metadata: { refundId: String(refund.id) } },
    { idempotencyKey: refund.idempotencyKey },
  );
  return created.id;
}

export type WebhookOutcome = { status: 200; handled: boolean } | { status: 400; reason: string };

function metadataOrderId(metadata: Stripe.Metadata | null | undefined): number | null {
  const id = Number(metadata?.orderId);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * A successful charge, from `checkout.session.completed` or `payment_intent.succeeded` (whichever arrives first;
 * the other finds the payment already succeeded). A charge for an order that is already paid or no longer payable
 * is refunded automatically and shown to finance.
 */
async function applyCharge(
  c: Connection,
  eventId: string,
  at: number,
  charge: { sessionId: string | null; intentId: string | null; orderId: number | null; amount: number; currency: string },
): Promise<boolean> {
  const payments = q.selectFrom("Payment").select(["id", "orderId", "status", "amountFen", "paymentIntentId"]);
  const bySession = charge.sessionId ? await first(c, payments.where("providerPaymentId", "=", charge.sessionId)) : undefined;
  const intentId = charge.intentId;
  const byIntent = intentId
    ? await first(
        c,
        payments.where((eb) => eb.or([eb("paymentIntentId", "=", intentId), eb("providerPaymentId", "=", intentId)])),
      )
    : undefined;
  let payment = bySession ?? byIntent;
  if (payment?.status === "SUCCEEDED") {
    if (charge.intentId && !payment.paymentIntentId)
      await run(c, q.updateTable("Payment").set({ paymentIntentId: charge.intentId }).where("id", "=", payment.id));
    return false; // the same charge, told twice
  }
  const orderId = payment?.orderId ?? charge.orderId;
  if (orderId == null) return false;
  const order = await first(c, q.selectFrom("Order").select(["unionId", "status", "paymentStatus", "totalFen"]).where("id", "=", orderId));
  if (!order) return false;
  // The open attempt for this order, when the intent's event arrives before the session's.
  payment ??= await first(c, payments.where("orderId", "=", orderId).where("provider", "=", "STRIPE").where("status", "=", "PENDING"));
  const expected = payment ? Number(payment.amountFen) : amountDueFen({ totalFen: Number(order.totalFen) });
  if (charge.amount !== expected || charge.currency.toLowerCase() !== "cny") {
    await recordAudit(c, {
      actorId: null,
      orgId: order.unionId,
      action: "payment.cardAmountMismatch",
      entityType: "Order",
      entityId: orderId,
      detail: { eventId, amount: charge.amount, currency: charge.currency, expected },
    });
    return false;
  }
  if (!payment || payment.status !== "PENDING") {
    const id = (
      await one(
        c,
        q
          .insertInto("Payment")
          .values({
            orderId,
            provider: "STRIPE",
            status: "PENDING",
            amountFen: charge.amount,
            providerPaymentId: charge.sessionId,
            paymentIntentId: charge.intentId,
            idempotencyKey: `webhook-${charge.sessionId ?? charge.intentId}`,
            createdAt: instant(at),
          })
          .returning("id"),
      )
    ).id;
    payment = { id, orderId, status: "PENDING", amountFen: charge.amount, paymentIntentId: charge.intentId };
  }
  await run(
    c,
    q
      .updateTable("Payment")
      .set((eb) => ({ status: "SUCCEEDED", succeededAt: instant(at), paymentIntentId: eb.fn.coalesce("paymentIntentId", eb.val(charge.intentId)) }))
      .where("id", "=", payment.id),
  );
  if (isPayable(order)) {
    await markCardPaid(c, orderId, payment.id, new Date(at), eventId);
    return true;
  }
  // Paid already (or cancelled since): this second charge goes back to the payer, and finance sees it.
  const refundId = (
    await one(
      c,
      q
        .insertInto("Refund")
        .values({
          orderId,
          paymentId: payment.id,
          kind: "DUPLICATE_CHARGE",
          amountFen: charge.amount,
          status: "PENDING",
          reason: "重复付款，自动退款 / Duplicate charge refunded automatically",
          idempotencyKey: `refund-duplicate-${payment.id}`,
          createdAt: instant(Date.now()),
        })
        .returning("id"),
    )
  ).id;
  await enqueueRefund(c, refundId);
  await recordAudit(c, {
    actorId: null,
    orgId: order.unionId,
    action: "payment.duplicateRefunded",
    entityType: "Order",
    entityId: orderId,
    detail: { eventId, paymentId: payment.id, refundId, amountFen: charge.amount },
  });
  return true;
}

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
  return transaction(async (c): Promise<WebhookOutcome> => {
    const fresh = (
      await run(
        c,
        q
          .insertInto("WebhookEvent")
          .values({ id: event.id, provider: "STRIPE", type: event.type, receivedAt: instant(Date.now()) })
          .onConflict((oc) => oc.column("id").doNothing()),
      )
    ).changes;
    if (!fresh) return { status: 200, handled: false };
    const at = event.created * 1000;
    switch (event.type) {
      case "checkout.session.completed": {
        const session = event.data.object;
        if (session.payment_status !== "paid") return { status: 200, handled: false };
        const intentId = typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null);
        return {
          status: 200,
          handled: await applyCharge(c, event.id, at, {
            sessionId: session.id,
            intentId,
            orderId: metadataOrderId(session.metadata),
            amount: session.amount_total ?? -1,
            currency: session.currency ?? "",
          }),
        };
      }
      case "payment_intent.succeeded": {
        const intent = event.data.object;
        return {
          status: 200,
          handled: await applyCharge(c, event.id, at, {
            sessionId: null,
            intentId: intent.id,
            orderId: metadataOrderId(intent.metadata),
            amount: intent.amount,
            currency: intent.currency,
          }),
        };
      }
      case "checkout.session.expired": {
        const changed = (
          await run(
            c,
            q
              .updateTable("Payment")
              .set({ status: "CANCELED", failureMessage: "expired" })
              .where("providerPaymentId", "=", event.data.object.id)
              .where("status", "=", "PENDING"),
          )
        ).changes;
        return { status: 200, handled: changed > 0 };
      }
      case "payment_intent.payment_failed": {
        // The payer may try another card on the same hosted page, so the attempt stays open; the reason is kept.
        const intentId = event.data.object.id;
        const changed = (
          await run(
            c,
            q
              .updateTable("Payment")
              .set({ failureMessage: event.data.object.last_payment_error?.message ?? "failed" })
              .where((eb) => eb.or([eb("paymentIntentId", "=", intentId), eb("providerPaymentId", "=", intentId)]))
              .where("status", "=", "PENDING"),
          )
        ).changes;
        return { status: 200, handled: changed > 0 };
      }
      case "refund.created":
      case "refund.updated":
      case "refund.failed": {
        const refund = event.data.object;
        const row = await first(
          c,
          q
            .selectFrom("Refund as r")
            .innerJoin("Payment as p", "p.id", "r.paymentId")
            .select((eb) => ["r.id", "r.orderId", "r.amountFen", eb.fn.coalesce("p.paymentIntentId", "p.providerPaymentId").as("paymentIntentId")])
            .where((eb) => eb.or([eb("r.providerRefundId", "=", refund.id), eb("r.id", "=", Number(refund.metadata?.refundId ?? 0))]))
            .where("r.status", "=", "PENDING"),
        );
        if (!row) return { status: 200, handled: false };
        const intent = typeof refund.payment_intent === "string" ? refund.payment_intent : (refund.payment_intent?.id ?? null);
        if (
          !refundEventMatches(
            { amountFen: Number(row.amountFen), paymentIntentId: row.paymentIntentId },
            { amount: refund.amount, currency: refund.currency, paymentIntent: intent },
          )
        ) {
          await recordAudit(c, {
            actorId: null,
            orgId: null,
            action: "refund.eventMismatch",
            entityType: "Refund",
            entityId: row.id,
            detail: { eventId: event.id, amount: refund.amount, currency: refund.currency, paymentIntent: intent },
          });
          return { status: 200, handled: false };
        }
        if (refund.status === "succeeded") {
          await refundSucceeded(c, row.id, refund.id, at, event.id);
          return { status: 200, handled: true };
        }
        if (refund.status === "failed" || refund.status === "canceled") {
          await refundFailedAtProvider(c, row.id, `${refund.status}: ${refund.failure_reason ?? "unknown"}`, event.id);
          return { status: 200, handled: true };
        }
        return { status: 200, handled: false };
      }
      default:
        return { status: 200, handled: false };
    }
  });
}
