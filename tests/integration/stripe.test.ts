// Card payments through Checkout Sessions against a Stripe-compatible API (MSW), signed webhooks, and the refund
// outbox: retries, provider failures, mismatching events, and a crash between cancellation and provider call.
import Stripe from "stripe";
import { http, HttpResponse } from "msw";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_bangfu";
  process.env.STRIPE_API_BASE = process.env.STRIPE_MOCK_URL ?? "http://127.0.0.1:12111";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_test_bangfu";
});

import { action as webhookAction } from "~/routes/webhooks.stripe";
import { action as payAction } from "~/routes/union.orders.$orderId.payment";
import { action as financeAction, loader as financeLoader } from "~/routes/finance._index";
import { cancelOrder } from "~/models/orders/orders.server";
import { dueJobCount, drainRefundOutbox } from "~/models/payments/refund-outbox.server";
import { stripeCards } from "~/models/payments/payment-providers.server";
import { resetStripeClient } from "~/models/payments/stripe.server";
import { verifyReportAggregates } from "~/models/welfare/report-verify.server";
import { REFUND_MAX_ATTEMPTS } from "~/domain/payments";
import type { Actor } from "~/domain/actor";
import { requireUser } from "~/utils/permissions.server";
import { db, reader, transaction } from "~/utils/db.server";
import { instant, q, run } from "~/utils/sql.server";
import { server } from "../mocks/server";
import { STRIPE_TEST_BASE, stripeRequests } from "../mocks/stripe";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";

let buyer: string;
let finance: string;
let unionId: number;
let buyerActor: Actor;
const SECRET = "whsec_test_bangfu";
const LATER = () => Date.now() + 2 * 3600_000;

beforeAll(async () => {
  await seedDemoBase();
  buyer = await cookieFor("hospital.buyer");
  finance = await cookieFor("finance");
  unionId = (await db.organization.findUniqueOrThrow({ where: { code: "SZ-01" } })).id;
  buyerActor = await requireUser(getRequest("/", buyer));
});

function signed(event: object, options: { timestamp?: number; tamper?: boolean } = {}) {
  const payload = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: options.timestamp });
  const body = options.tamper ? payload.replace(/"amount_total":\d+/, '"amount_total":1') : payload;
  return new Request("http://localhost:3000/webhooks/stripe", {
    method: "POST",
    body,
    headers: { "Stripe-Signature": header, "Content-Type": "application/json" },
  });
}
const deliver = (request: Request) => responseOf(() => webhookAction({ request, params: {}, context: {} }));
const event = (id: string, type: string, object: object) => ({ id, object: "event", type, created: Math.floor(Date.now() / 1000), data: { object } });
const sessionCompleted = (id: string, session: string, intent: string, orderId: number, amount: number, currency = "cny") =>
  event(id, "checkout.session.completed", {
    id: session,
    object: "checkout.session",
    payment_status: "paid",
    status: "complete",
    amount_total: amount,
    currency,
    payment_intent: intent,
    metadata: { orderId: String(orderId) },
  });
const intentSucceeded = (id: string, intent: string, orderId: number, amount: number) =>
  event(id, "payment_intent.succeeded", {
    id: intent,
    object: "payment_intent",
    amount,
    currency: "cny",
    status: "succeeded",
    metadata: { orderId: String(orderId) },
  });
const refundEvent = (id: string, refund: { id: string | null; refundId: number; amount: number; currency?: string; intent: string; status: string }) =>
  event(id, "refund.updated", {
    id: refund.id,
    object: "refund",
    status: refund.status,
    amount: refund.amount,
    currency: refund.currency ?? "cny",
    payment_intent: refund.intent,
    metadata: { refundId: String(refund.refundId) },
  });

const p = async () => Number((await db.procurementTotal.findFirst({ where: { orgId: unionId }, orderBy: { year: "desc" } }))?.certifiedFen ?? 0);
const payByCard = (orderId: number) =>
  responseOf(() =>
    payAction({ request: formRequest(`/union/orders/${orderId}/payment`, { intent: "card" }, buyer), params: { orderId: String(orderId) }, context: {} }),
  );
const newOrder = (quantity: number) => insertOrder({ unionId, createdAt: new Date(), status: "PLACED", lines: [{ productId: 1, quantity, certified: true }] });

/** An order paid by card through a Checkout Session and its webhook. */
async function paidCardOrder(quantity: number, tag: string) {
  const { orderId, totalFen } = await newOrder(quantity);
  expect((await payByCard(orderId)).status).toBe(302);
  const payment = await db.payment.findFirstOrThrow({ where: { orderId, provider: "STRIPE", status: "PENDING" } });
  const intent = `pi_${tag}`;
  expect((await deliver(signed(sessionCompleted(`evt_${tag}`, payment.providerPaymentId!, intent, orderId, totalFen)))).status).toBe(200);
  expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("PAID");
  return { orderId, totalFen, intent };
}

describe("card payment through Stripe Checkout", () => {
  it("creates a Checkout Session in CNY fen with the order id, return URLs and an idempotency key, and sends the payer there", async () => {
    const { orderId, totalFen } = await newOrder(3);
    const response = await payByCard(orderId);
    expect(response.status).toBe(302);
    const call = stripeRequests.at(-1)!;
    expect(call.path).toBe("/v1/checkout/sessions");
    expect(call.body.get("mode")).toBe("payment");
    expect(call.body.get("line_items[0][price_data][unit_amount]")).toBe(String(totalFen));
    expect(call.body.get("line_items[0][price_data][currency]")).toBe("cny");
    expect(call.body.get("line_items[0][quantity]")).toBe("1");
    expect(call.body.get("metadata[orderId]")).toBe(String(orderId));
    expect(call.body.get("payment_intent_data[metadata][orderId]")).toBe(String(orderId));
    expect(call.body.get("success_url")).toBe(`http://localhost:3000/union/orders/${orderId}/payment?checkout=success`);
    expect(call.body.get("cancel_url")).toBe(`http://localhost:3000/union/orders/${orderId}/payment?checkout=cancelled`);
    expect(call.idempotencyKey).toBe(`order-${orderId}-checkout-1`);
    expect(call.authorization).toBe("Bearer sk_test_bangfu");
    const payment = await db.payment.findFirstOrThrow({ where: { orderId, provider: "STRIPE" } });
    expect(response.headers.get("Location")).toBe(payment.checkoutUrl);
    expect(payment.status).toBe("PENDING");
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("UNPAID");
  });

  it("keeps one open attempt per order: a second click, or five at once, reuse it; an expired one is replaced", async () => {
    const { orderId } = await newOrder(2);
    const calls = () => stripeRequests.filter((r) => r.path === "/v1/checkout/sessions" && r.body.get("metadata[orderId]") === String(orderId));
    const responses = await Promise.all(Array.from({ length: 5 }, () => payByCard(orderId)));
    const again = await payByCard(orderId);
    const locations = new Set([...responses, again].map((r) => r.headers.get("Location")));
    expect(locations.size).toBe(1);
    expect(new Set(calls().map((c) => c.idempotencyKey)).size).toBe(1);
    expect(await db.payment.count({ where: { orderId, provider: "STRIPE", status: "PENDING" } })).toBe(1);
    // An hour later the session has expired: the next click closes it and opens a new one.
    await transaction((tx) =>
      run(
        tx,
        q
          .updateTable("Payment")
          .set({ expiresAt: instant(Date.now() - 1000) })
          .where("orderId", "=", orderId),
      ),
    );
    const fresh = await payByCard(orderId);
    expect(fresh.headers.get("Location")).not.toBe([...locations][0]);
    expect(await db.payment.count({ where: { orderId, provider: "STRIPE", status: "PENDING" } })).toBe(1);
    expect(await db.payment.count({ where: { orderId, provider: "STRIPE", status: "CANCELED" } })).toBe(1);
  });

  it("answers every one of many clicks at once on several orders with the one attempt of its order", async () => {
    // On PostgreSQL two clicks at once counted the same attempts and inserted the same key: the later one was a
    // unique violation (a 500) until the key was read before the insert (app/models/payments/stripe.server.ts).
    const orders = [];
    for (let i = 0; i < 6; i++) orders.push((await newOrder(1)).orderId);
    // Every click is awaited, failed or not, so none is still running when the next test changes the mock.
    const clicks = orders.flatMap((orderId) => Array.from({ length: 8 }, () => orderId));
    const settled = await Promise.allSettled(clicks.map((orderId) => payByCard(orderId)));
    expect(settled.map((s) => (s.status === "fulfilled" ? s.value.status : String(s.reason)))).toEqual(clicks.map(() => 302));
    for (const orderId of orders) {
      const payments = await db.payment.findMany({ where: { orderId, provider: "STRIPE" } });
      expect(payments.map((p) => [p.status, p.idempotencyKey])).toEqual([["PENDING", `order-${orderId}-checkout-1`]]);
      const locations = new Set(settled.flatMap((s, i) => (clicks[i] === orderId && s.status === "fulfilled" ? [s.value.headers.get("Location")] : [])));
      expect([...locations]).toEqual([payments[0].checkoutUrl]);
    }
  });

  it("turns Stripe's 402, 401 and 400 into clear messages, leaving no open attempt", async () => {
    for (const [status, body, message] of [
      [402, { error: { type: "card_error", code: "card_declined", message: "Your card was declined." } }, "银行卡被拒绝"],
      [401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } }, "暂不可用"],
      [400, { error: { type: "invalid_request_error", message: "Invalid currency" } }, "支付请求有误"],
    ] as const) {
      server.use(http.post(`${STRIPE_TEST_BASE}/v1/checkout/sessions`, () => HttpResponse.json(body, { status }), { once: true }));
      const { orderId } = await newOrder(1);
      const response = await payByCard(orderId);
      expect(response.status).toBe(402);
      expect(JSON.stringify(await response.json())).toContain(message);
      expect(await db.payment.count({ where: { orderId } })).toBe(0);
    }
  });
});

describe("the Stripe webhook", () => {
  it("marks the order paid from a verified event, once, however often it and its twin event are delivered", async () => {
    const { orderId, totalFen } = await newOrder(4);
    await payByCard(orderId);
    const payment = await db.payment.findFirstOrThrow({ where: { orderId, provider: "STRIPE" } });
    const before = await p();
    const completed = sessionCompleted("evt_replay", payment.providerPaymentId!, "pi_replay", orderId, totalFen);
    const first = await Promise.all(Array.from({ length: 10 }, () => deliver(signed(completed))));
    const rest = [];
    for (let i = 0; i < 5; i++) rest.push(await deliver(signed(completed)));
    // Stripe also sends the PaymentIntent's own event for the same charge.
    rest.push(await deliver(signed(intentSucceeded("evt_replay_pi", "pi_replay", orderId, totalFen))));
    expect([...first, ...rest].every((r) => r.status === 200)).toBe(true);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("PAID");
    expect(await p()).toBe(before + totalFen);
    expect(await db.auditLog.count({ where: { action: "payment.succeeded", entityId: String(orderId) } })).toBe(1);
    expect(await db.refund.count({ where: { orderId } })).toBe(0);
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).paymentIntentId).toBe("pi_replay");
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });

  it("refuses a tampered body and a stale timestamp with 400 and no side effect", async () => {
    const { orderId, totalFen } = await newOrder(2);
    await payByCard(orderId);
    const session = (await db.payment.findFirstOrThrow({ where: { orderId } })).providerPaymentId!;
    expect((await deliver(signed(sessionCompleted("evt_tampered", session, "pi_t", orderId, totalFen), { tamper: true }))).status).toBe(400);
    expect(
      (await deliver(signed(sessionCompleted("evt_stale", session, "pi_t", orderId, totalFen), { timestamp: Math.floor(Date.now() / 1000) - 301 }))).status,
    ).toBe(400);
    expect((await deliver(new Request("http://localhost:3000/webhooks/stripe", { method: "POST", body: "{}" }))).status).toBe(400);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("UNPAID");
    expect(await db.webhookEvent.count({ where: { id: { in: ["evt_tampered", "evt_stale"] } } })).toBe(0);
  });

  it("copes with the intent's event arriving before the session's, and refuses a wrong amount", async () => {
    const { orderId, totalFen } = await newOrder(1);
    await payByCard(orderId);
    expect((await deliver(signed(intentSucceeded("evt_wrong_amount", "pi_early", orderId, totalFen - 1)))).status).toBe(200);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("UNPAID");
    expect((await deliver(signed(intentSucceeded("evt_early", "pi_early", orderId, totalFen)))).status).toBe(200);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("PAID");
    const session = (await db.payment.findFirstOrThrow({ where: { orderId } })).providerPaymentId!;
    await deliver(signed(sessionCompleted("evt_late", session, "pi_early", orderId, totalFen)));
    expect(await db.payment.count({ where: { orderId, status: "SUCCEEDED" } })).toBe(1);
    expect(await db.refund.count({ where: { orderId } })).toBe(0);
  });

  it("refunds a second successful charge automatically, once, and shows it to finance", async () => {
    const { orderId, totalFen } = await paidCardOrder(2, "first_charge");
    const paidP = await p();
    const second = intentSucceeded("evt_second_charge", "pi_second_charge", orderId, totalFen);
    await deliver(signed(second));
    await deliver(signed(second));
    await deliver(signed(intentSucceeded("evt_second_charge_again", "pi_second_charge", orderId, totalFen)));
    const refunds = await db.refund.findMany({ where: { orderId } });
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ kind: "DUPLICATE_CHARGE", status: "PENDING" });
    expect(Number(refunds[0].amountFen)).toBe(totalFen);
    expect(await p()).toBe(paidP);
    await drainRefundOutbox();
    const calls = stripeRequests.filter((r) => r.path === "/v1/refunds" && r.body.get("payment_intent") === "pi_second_charge");
    expect(calls).toHaveLength(1);
    expect(calls[0].body.get("amount")).toBe(String(totalFen));
    const queue = (await (await responseOf(() => financeLoader({ request: getRequest("/finance", finance), params: {}, context: {} }))).json()).refunds;
    expect(queue.find((r: { id: number }) => r.id === refunds[0].id)).toMatchObject({ kind: "DUPLICATE_CHARGE", state: "submitted" });
    // The provider confirms: the order stays paid and P is untouched.
    const row = await db.refund.findUniqueOrThrow({ where: { id: refunds[0].id } });
    await deliver(
      signed(
        refundEvent("evt_dup_refunded", { id: row.providerRefundId, refundId: row.id, amount: totalFen, intent: "pi_second_charge", status: "succeeded" }),
      ),
    );
    expect((await db.refund.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("SUCCEEDED");
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("PAID");
    expect(await p()).toBe(paidP);
  });
});

describe("refunds that cannot get lost", () => {
  it("records the refund in the cancellation's transaction, retries while the provider is unreachable, and applies only a matching webhook", async () => {
    const { orderId, totalFen, intent } = await paidCardOrder(5, "cancel_retry");
    const paidP = await p();
    server.use(http.post(`${STRIPE_TEST_BASE}/v1/refunds`, () => HttpResponse.error()));
    const cancel = await responseOf(() =>
      import("~/routes/union.orders.$orderId._index").then((m) =>
        m.action({
          request: formRequest(`/union/orders/${orderId}`, { intent: "cancel", reason: "活动取消" }, buyer),
          params: { orderId: String(orderId) },
          context: {},
        }),
      ),
    );
    expect(cancel.status).toBe(302);
    const refund = await db.refund.findFirstOrThrow({ where: { orderId }, include: { outbox: true } });
    expect(refund.status).toBe("PENDING");
    expect(Number(refund.amountFen)).toBe(totalFen);
    expect(refund.outbox).not.toBeNull();
    await drainRefundOutbox();
    let job = await db.refundOutbox.findUniqueOrThrow({ where: { refundId: refund.id } });
    expect(job.status).toBe("QUEUED");
    expect(job.attempts).toBeGreaterThanOrEqual(1);
    expect(job.lastError).toMatch(/unavailable/);
    expect(job.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    server.resetHandlers();
    await drainRefundOutbox(LATER());
    job = await db.refundOutbox.findUniqueOrThrow({ where: { refundId: refund.id } });
    expect(job.status).toBe("SUBMITTED");
    const call = stripeRequests.filter((r) => r.path === "/v1/refunds").at(-1)!;
    expect(call.body.get("payment_intent")).toBe(intent);
    expect(call.body.get("amount")).toBe(String(totalFen));
    expect(call.idempotencyKey).toBe(`refund-${orderId}-all`);
    const row = await db.refund.findUniqueOrThrow({ where: { id: refund.id } });

    // A 1-fen USD event, a wrong amount, another payment's event: none reverses anything.
    for (const [id, wrong] of [
      ["evt_usd", { amount: 1, currency: "usd" }],
      ["evt_amount", { amount: totalFen - 1 }],
      ["evt_other_pi", { intent: "pi_someone_else" }],
    ] as const) {
      await deliver(
        signed(refundEvent(id, Object.assign({ id: row.providerRefundId, refundId: row.id, amount: totalFen, intent, status: "succeeded" }, wrong))),
      );
    }
    expect((await db.refund.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe("PENDING");
    expect(await p()).toBe(paidP);
    expect(await db.auditLog.count({ where: { action: "refund.eventMismatch", entityId: String(refund.id) } })).toBe(3);

    await deliver(signed(refundEvent("evt_refunded", { id: row.providerRefundId, refundId: row.id, amount: totalFen, intent, status: "succeeded" })));
    expect((await db.refund.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe("SUCCEEDED");
    expect((await db.refundOutbox.findUniqueOrThrow({ where: { refundId: refund.id } })).status).toBe("DONE");
    expect(await p()).toBe(paidP - totalFen);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("REFUNDED");
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });

  it("resubmits under a new key after the provider reports the refund failed; one that keeps failing shows as failed with a manual retry", async () => {
    const { orderId, totalFen, intent } = await paidCardOrder(3, "provider_fails");
    await cancelOrder(buyerActor, orderId, "活动取消");
    await drainRefundOutbox();
    const refund = await db.refund.findFirstOrThrow({ where: { orderId } });
    await deliver(signed(refundEvent("evt_refund_failed", { id: refund.providerRefundId, refundId: refund.id, amount: totalFen, intent, status: "failed" })));
    const job = await db.refundOutbox.findUniqueOrThrow({ where: { refundId: refund.id } });
    expect(job).toMatchObject({ status: "QUEUED", providerFailures: 1 });
    await drainRefundOutbox(LATER());
    expect(stripeRequests.filter((r) => r.path === "/v1/refunds").at(-1)!.idempotencyKey).toBe(`refund-${orderId}-all-r1`);

    // Now the provider refuses every time: after REFUND_MAX_ATTEMPTS the job is failed, for finance to see.
    await deliver(signed(refundEvent("evt_refund_failed_2", { id: null, refundId: refund.id, amount: totalFen, intent, status: "failed" })));
    server.use(
      http.post(`${STRIPE_TEST_BASE}/v1/refunds`, () =>
        HttpResponse.json({ error: { type: "invalid_request_error", message: "Charge has been disputed" } }, { status: 400 }),
      ),
    );
    for (let i = 0; i < REFUND_MAX_ATTEMPTS + 1; i++) await drainRefundOutbox(Date.now() + (i + 1) * 2 * 3600_000);
    expect((await db.refundOutbox.findUniqueOrThrow({ where: { refundId: refund.id } })).status).toBe("FAILED");
    const queue = (await (await responseOf(() => financeLoader({ request: getRequest("/finance", finance), params: {}, context: {} }))).json()).refunds;
    expect(queue.find((r: { id: number }) => r.id === refund.id)).toMatchObject({ state: "failed", canRetry: true });

    server.resetHandlers();
    const retry = await responseOf(() =>
      financeAction({ request: formRequest("/finance", { intent: "retryRefund", refundId: String(refund.id) }, finance), params: {}, context: {} }),
    );
    expect(retry.status).toBe(200);
    await drainRefundOutbox();
    expect((await db.refundOutbox.findUniqueOrThrow({ where: { refundId: refund.id } })).status).toBe("SUBMITTED");
    expect(await db.auditLog.count({ where: { action: "refund.retry", entityId: String(refund.id) } })).toBe(1);
  });

  it("loses nothing when the process stops between the cancellation and the provider call: the outbox resumes", async () => {
    const { orderId, totalFen, intent } = await paidCardOrder(2, "crash");
    // The cancellation commits; the process "dies" before anything asks the provider.
    await cancelOrder(buyerActor, orderId, "活动取消");
    const refund = await db.refund.findFirstOrThrow({ where: { orderId } });
    expect(refund.status).toBe("PENDING");
    expect(await dueJobCount()).toBeGreaterThan(0);
    // A crash in the middle of a provider call leaves the job leased; it is due again once the lease runs out.
    await transaction((tx) =>
      run(
        tx,
        q
          .updateTable("RefundOutbox")
          .set({ attempts: 1, nextAttemptAt: instant(Date.now() + 5 * 60_000) })
          .where("refundId", "=", refund.id),
      ),
    );
    expect(await drainRefundOutbox()).toBe(0);
    // Restart: the server's worker drains at start.
    await drainRefundOutbox(Date.now() + 6 * 60_000);
    const call = stripeRequests.filter((r) => r.path === "/v1/refunds").at(-1)!;
    expect(call.body.get("payment_intent")).toBe(intent);
    expect(call.body.get("amount")).toBe(String(totalFen));
    expect((await db.refundOutbox.findUniqueOrThrow({ where: { refundId: refund.id } })).status).toBe("SUBMITTED");
  });
});

describe.runIf(Boolean(process.env.STRIPE_MOCK_URL))("against a running stripe-mock (STRIPE_MOCK_URL)", () => {
  it("the app's own adapter creates a Checkout Session and a refund with parameters stripe-mock accepts", async () => {
    server.close();
    resetStripeClient();
    const { orderId } = await newOrder(1);
    const started = await stripeCards.createPayment(buyerActor, orderId, "http://localhost:3000");
    expect(started).toMatchObject({ ok: true });
    const refunded = await stripeCards.refund({ id: 1, amountFen: 100, idempotencyKey: `mock-refund-${orderId}`, paymentIntentId: "pi_123" });
    expect(refunded).toMatchObject({ ok: true });
  });
});
