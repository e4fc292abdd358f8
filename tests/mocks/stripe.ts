// A Stripe-compatible API for tests (stripe-mock is not installable here). Records every request so tests can
// assert bodies and headers; individual tests override with server.use() to return errors. Like Stripe, a repeated
// idempotency key returns the object the first request made.
import { http, HttpResponse } from "msw";

export const STRIPE_TEST_BASE = "http://127.0.0.1:12111";
export const stripeRequests: Array<{ path: string; body: URLSearchParams; idempotencyKey: string | null; authorization: string | null }> = [];
const byKey = new Map<string, unknown>();

async function remember(request: Request, path: string) {
  const body = new URLSearchParams(await request.text());
  const idempotencyKey = request.headers.get("Idempotency-Key");
  stripeRequests.push({ path, body, idempotencyKey, authorization: request.headers.get("Authorization") });
  return {
    body,
    replay: idempotencyKey ? byKey.get(`${path} ${idempotencyKey}`) : undefined,
    keep: (object: unknown) => (idempotencyKey ? byKey.set(`${path} ${idempotencyKey}`, object) : null),
  };
}

export const stripeHandlers = [
  http.post(`${STRIPE_TEST_BASE}/v1/checkout/sessions`, async ({ request }) => {
    const { body, replay, keep } = await remember(request, "/v1/checkout/sessions");
    if (replay) return HttpResponse.json(replay);
    const id = `cs_test_${stripeRequests.length}`;
    const session = {
      id,
      object: "checkout.session",
      mode: body.get("mode"),
      status: "open",
      payment_status: "unpaid",
      url: `https://checkout.stripe.com/c/pay/${id}`,
      amount_total: Number(body.get("line_items[0][price_data][unit_amount]")),
      currency: body.get("line_items[0][price_data][currency]"),
      metadata: { orderId: body.get("metadata[orderId]") },
      expires_at: Number(body.get("expires_at")),
      payment_intent: null,
    };
    keep(session);
    return HttpResponse.json(session);
  }),
  http.post(`${STRIPE_TEST_BASE}/v1/refunds`, async ({ request }) => {
    const { body, replay, keep } = await remember(request, "/v1/refunds");
    if (replay) return HttpResponse.json(replay);
    const refund = {
      id: `re_test_${stripeRequests.length}`,
      object: "refund",
      amount: Number(body.get("amount")),
      currency: "cny",
      status: "pending",
      payment_intent: body.get("payment_intent"),
      metadata: { refundId: body.get("metadata[refundId]") },
    };
    keep(refund);
    return HttpResponse.json(refund);
  }),
];
