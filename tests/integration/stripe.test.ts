// Card payments against a Stripe-compatible API (MSW) and signed webhooks.
import Stripe from "stripe";
import { http, HttpResponse } from "msw";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_bangfu";
  process.env.STRIPE_API_BASE = "http://127.0.0.1:12111";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_test_bangfu";
});

import { action as webhookAction } from "~/routes/webhooks.stripe";
import { action as payAction } from "~/routes/union.orders.$orderId.payment";
import { refundAfterCancellation } from "~/models/orders/order-refunds.server";
import { verifyReportAggregates } from "~/models/welfare/report-verify.server";
import { db, sqlite } from "~/utils/db.server";
import { server } from "../mocks/server";
import { STRIPE_TEST_BASE, stripeRequests } from "../mocks/stripe";
import { cookieFor, formRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";

let buyer: string;
let unionId: number;
const SECRET = "whsec_test_bangfu";

beforeAll(async () => {
  await seedDemoBase();
  buyer = await cookieFor("hospital.buyer");
  unionId = (await db.organization.findUniqueOrThrow({ where: { code: "SZ-01" } })).id;
});

function signed(event: object, options: { timestamp?: number; tamper?: boolean } = {}) {
  const payload = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: options.timestamp });
  const body = options.tamper ? payload.replace(/"amount":\d+/, '"amount":1') : payload;
  return new Request("http://localhost:3000/webhooks/stripe", { method: "POST", body, headers: { "Stripe-Signature": header, "Content-Type": "application/json" } });
}
const deliver = (request: Request) => responseOf(() => webhookAction({ request, params: {}, context: {} }));
const succeeded = (id: string, paymentIntent: string, orderId: number, amount: number) => ({
  id, object: "event", type: "payment_intent.succeeded", created: Math.floor(Date.now() / 1000),
  data: { object: { id: paymentIntent, object: "payment_intent", amount, currency: "cny", metadata: { orderId: String(orderId) } } },
});
const p = async () => Number((await db.procurementTotal.findFirst({ where: { orgId: unionId } , orderBy: { year: "desc" } }))?.certifiedFen ?? 0);

async function cardOrder(quantity: number) {
  const { orderId, totalFen } = await insertOrder({ unionId, createdAt: new Date(), status: "PLACED", lines: [{ productId: 1, quantity, certified: true }] });
  const response = await responseOf(() => payAction({ request: formRequest(`/union/orders/${orderId}/payment`, { intent: "card" }, buyer), params: { orderId: String(orderId) }, context: {} }));
  expect(response.status).toBe(302);
  const payment = await db.payment.findFirstOrThrow({ where: { orderId, provider: "STRIPE" } });
  return { orderId, totalFen, paymentIntent: payment.providerPaymentId! };
}

describe("card payments", () => {
  it("creates a PaymentIntent in CNY fen with the order id and an idempotency key, and waits for the webhook", async () => {
    const { orderId, totalFen } = await cardOrder(3);
    const call = stripeRequests.at(-1)!;
    expect(call.path).toBe("/v1/payment_intents");
    expect(call.body.get("amount")).toBe(String(totalFen));
    expect(call.body.get("currency")).toBe("cny");
    expect(call.body.get("metadata[orderId]")).toBe(String(orderId));
    expect(call.idempotencyKey).toMatch(new RegExp(`^order-${orderId}-card-`));
    expect(call.authorization).toBe("Bearer sk_test_bangfu");
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("UNPAID");
  });

  it("turns Stripe's 402 and 401 into clear messages, saving no payment", async () => {
    for (const [status, body, message] of [
      [402, { error: { type: "card_error", code: "card_declined", message: "Your card was declined." } }, "银行卡被拒绝"],
      [401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } }, "暂不可用"],
      [400, { error: { type: "invalid_request_error", message: "Invalid currency" } }, "支付请求有误"],
    ] as const) {
      server.use(http.post(`${STRIPE_TEST_BASE}/v1/payment_intents`, () => HttpResponse.json(body, { status })));
      const { orderId } = await insertOrder({ unionId, createdAt: new Date(), status: "PLACED", lines: [{ productId: 1, quantity: 1, certified: true }] });
      const response = await responseOf(() => payAction({ request: formRequest(`/union/orders/${orderId}/payment`, { intent: "card" }, buyer), params: { orderId: String(orderId) }, context: {} }));
      expect(response.status).toBe(402);
      expect(JSON.stringify(await response.json())).toContain(message);
      expect(await db.payment.count({ where: { orderId } })).toBe(0);
    }
  });
});

describe("the Stripe webhook", () => {
  it("marks the order paid from a verified event, once, however often it is delivered (15 times, 10 at once)", async () => {
    const { orderId, totalFen, paymentIntent } = await cardOrder(4);
    const before = await p();
    const event = succeeded("evt_replay", paymentIntent, orderId, totalFen);
    const first = await Promise.all(Array.from({ length: 10 }, () => deliver(signed(event))));
    const rest = [];
    for (let i = 0; i < 5; i++) rest.push(await deliver(signed(event)));
    expect([...first, ...rest].every((r) => r.status === 200)).toBe(true);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("PAID");
    expect(await p()).toBe(before + totalFen);
    expect(await db.auditLog.count({ where: { action: "payment.succeeded", entityId: String(orderId) } })).toBe(1);
    expect(verifyReportAggregates(sqlite).differences).toEqual([]);
  });

  it("refuses a tampered body and a stale timestamp with 400 and no side effect", async () => {
    const { orderId, totalFen, paymentIntent } = await cardOrder(2);
    const tampered = await deliver(signed(succeeded("evt_tampered", paymentIntent, orderId, totalFen), { tamper: true }));
    expect(tampered.status).toBe(400);
    const stale = await deliver(signed(succeeded("evt_stale", paymentIntent, orderId, totalFen), { timestamp: Math.floor(Date.now() / 1000) - 301 }));
    expect(stale.status).toBe(400);
    const unsigned = await deliver(new Request("http://localhost:3000/webhooks/stripe", { method: "POST", body: "{}" }));
    expect(unsigned.status).toBe(400);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("UNPAID");
    expect(await db.webhookEvent.count({ where: { id: { in: ["evt_tampered", "evt_stale"] } } })).toBe(0);
  });

  it("copes with events out of order: succeeded before our own record of the intent", async () => {
    const { orderId, totalFen } = await insertOrder({ unionId, createdAt: new Date(), status: "PLACED", lines: [{ productId: 1, quantity: 1, certified: true }] });
    const response = await deliver(signed(succeeded("evt_early", "pi_never_seen", orderId, totalFen)));
    expect(response.status).toBe(200);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("PAID");
  });

  it("refunds a cancelled card order through Stripe and reverses P only when the refund webhook confirms it", async () => {
    const { orderId, totalFen, paymentIntent } = await cardOrder(5);
    await deliver(signed(succeeded("evt_paid_for_refund", paymentIntent, orderId, totalFen)));
    const paidP = await p();
    const refund = await refundAfterCancellation({ orderId, subOrderId: null, reason: "活动取消", actorId: null });
    const call = stripeRequests.at(-1)!;
    expect(call.path).toBe("/v1/refunds");
    expect(call.body.get("amount")).toBe(String(totalFen));
    expect(call.body.get("payment_intent")).toBe(paymentIntent);
    expect(call.idempotencyKey).toBe(`refund-${orderId}-all`);
    expect(await p()).toBe(paidP); // pending: not reversed yet
    const row = await db.refund.findUniqueOrThrow({ where: { id: refund!.refundId } });
    const refunded = { id: "evt_refunded", object: "event", type: "refund.updated", created: Math.floor(Date.now() / 1000), data: { object: { id: row.providerRefundId, object: "refund", status: "succeeded", amount: totalFen, metadata: { refundId: String(row.id) } } } };
    expect((await deliver(signed(refunded))).status).toBe(200);
    expect(await p()).toBe(paidP - totalFen);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("REFUNDED");
    expect(verifyReportAggregates(sqlite).differences).toEqual([]);
  });
});

describe.runIf(Boolean(process.env.STRIPE_MOCK_URL))("against a running stripe-mock (STRIPE_MOCK_URL)", () => {
  it("creates a PaymentIntent and a refund", async () => {
    const base = new URL(process.env.STRIPE_MOCK_URL!);
    const stripe = new Stripe("sk_test_123", { host: base.hostname, port: base.port, protocol: "http", maxNetworkRetries: 0 });
    server.close();
    const intent = await stripe.paymentIntents.create({ amount: 12345, currency: "cny", metadata: { orderId: "1" } }, { idempotencyKey: "mock-1" });
    expect(intent.id).toMatch(/^pi_/);
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 100 });
    expect(refund.id).toMatch(/^re_/);
  });
});
