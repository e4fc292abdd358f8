// A Stripe-compatible API for tests (stripe-mock is not installable here). Records every request so tests can
// assert bodies and headers; individual tests override with server.use() to return errors.
import { http, HttpResponse } from "msw";

export const STRIPE_TEST_BASE = "http://127.0.0.1:12111";
export const stripeRequests: Array<{ path: string; body: URLSearchParams; idempotencyKey: string | null; authorization: string | null }> = [];

async function remember(request: Request, path: string) {
  const body = new URLSearchParams(await request.text());
  stripeRequests.push({ path, body, idempotencyKey: request.headers.get("Idempotency-Key"), authorization: request.headers.get("Authorization") });
  return body;
}

export const stripeHandlers = [
  http.post(`${STRIPE_TEST_BASE}/v1/payment_intents`, async ({ request }) => {
    const body = await remember(request, "/v1/payment_intents");
    return HttpResponse.json({ id: `pi_test_${stripeRequests.length}`, object: "payment_intent", amount: Number(body.get("amount")), currency: body.get("currency"), status: "requires_payment_method", metadata: { orderId: body.get("metadata[orderId]") } });
  }),
  http.post(`${STRIPE_TEST_BASE}/v1/refunds`, async ({ request }) => {
    const body = await remember(request, "/v1/refunds");
    return HttpResponse.json({ id: `re_test_${stripeRequests.length}`, object: "refund", amount: Number(body.get("amount")), status: "pending", payment_intent: body.get("payment_intent"), metadata: { refundId: body.get("metadata[refundId]") } });
  }),
];
