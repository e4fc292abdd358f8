// A Stripe-compatible API for tests (stripe-mock is not installable here). Records every request so tests can
// assert bodies and headers; individual tests override with server.use() to return errors. Like Stripe, a repeated
// idempotency key returns the object the first request made.
import { http, HttpResponse } from "msw";

export const STRIPE_TEST_BASE = "http://127.0.0.1:12111";
export const stripeRequests: Array<{ path: string; body: URLSearchParams; idempotencyKey: string | null; authorization: string | null }> = [];
const byKey = new Map<string, Promise<Record<string, unknown>>>();
let made = 0;

/**
 * Records the request and answers with the object `make` builds from its body, made once per idempotency key. The key
 * is looked up and taken before any await, so requests with one key at once get the first one's object, and ids come
 * from a counter, so requests with different keys at once each get their own.
 */
async function answer(request: Request, path: string, make: (body: URLSearchParams, id: number) => Record<string, unknown>) {
  const idempotencyKey = request.headers.get("Idempotency-Key");
  const slot = idempotencyKey ? `${path} ${idempotencyKey}` : null;
  const text = request.text();
  let object = slot ? byKey.get(slot) : undefined;
  if (!object) {
    const id = ++made;
    object = text.then((t) => make(new URLSearchParams(t), id));
    if (slot) byKey.set(slot, object);
  }
  stripeRequests.push({ path, body: new URLSearchParams(await text), idempotencyKey, authorization: request.headers.get("Authorization") });
  return HttpResponse.json(await object);
}

export const stripeHandlers = [
  http.post(`${STRIPE_TEST_BASE}/v1/checkout/sessions`, ({ request }) =>
    answer(request, "/v1/checkout/sessions", (body, n) => {
      const id = `cs_test_${n}`;
      return {
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
    }),
  ),
  http.post(`${STRIPE_TEST_BASE}/v1/refunds`, ({ request }) =>
    answer(request, "/v1/refunds", (body, n) => ({
      id: `re_test_${n}`,
      object: "refund",
      amount: Number(body.get("amount")),
      currency: "cny",
      status: "pending",
      payment_intent: body.get("payment_intent"),
      metadata: { refundId: body.get("metadata[refundId]") },
    })),
  ),
];
