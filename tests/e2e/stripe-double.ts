// A test double of Stripe for the browser tests only (started by global-setup.ts, never by the app): the two API
// calls the app makes (Checkout Sessions, refunds) and a stand-in for the hosted Checkout page. Pressing "Pay" on
// that page sends the app a signed `checkout.session.completed` webhook, as Stripe would, then returns the payer to
// the session's success URL.
import http from "node:http";
import Stripe from "stripe";

export const STRIPE_DOUBLE_SECRET = "whsec_e2e_double";

type Session = { id: string; amount: number; currency: string; orderId: string; successUrl: string; cancelUrl: string; paid: boolean };

function readBody(request: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve) => {
    let data = "";
    request.on("data", (chunk) => (data += chunk));
    request.on("end", () => resolve(new URLSearchParams(data)));
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function startStripeDouble(port: number, appBase: string): Promise<http.Server> {
  const sessions = new Map<string, Session>();
  const base = `http://127.0.0.1:${port}`;
  let sequence = 0;
  // The next N refund calls fail with a server error, so a test can see the outbox retry (POST /__fail-refunds?count=N).
  let failRefunds = 0;
  const server = http.createServer((request, response) => void handle(request, response));
  async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const url = new URL(request.url ?? "/", base);
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const body = await readBody(request);
      const id = `cs_e2e_${++sequence}`;
      const session: Session = {
        id,
        amount: Number(body.get("line_items[0][price_data][unit_amount]")),
        currency: body.get("line_items[0][price_data][currency]") ?? "",
        orderId: body.get("metadata[orderId]") ?? "",
        successUrl: body.get("success_url") ?? "",
        cancelUrl: body.get("cancel_url") ?? "",
        paid: false,
      };
      sessions.set(id, session);
      return json(200, {
        id,
        object: "checkout.session",
        url: `${base}/pay/${id}`,
        amount_total: session.amount,
        currency: session.currency,
        expires_at: Number(body.get("expires_at")),
        payment_status: "unpaid",
        status: "open",
        metadata: { orderId: session.orderId },
      });
    }
    if (request.method === "POST" && url.pathname === "/__fail-refunds") {
      failRefunds = Number(url.searchParams.get("count") ?? 1);
      return json(200, { failRefunds });
    }
    if (request.method === "POST" && url.pathname === "/v1/refunds") {
      const body = await readBody(request);
      if (failRefunds > 0) {
        failRefunds--;
        return json(500, { error: { type: "api_error", message: "The test double refuses this refund" } });
      }
      return json(200, {
        id: `re_e2e_${++sequence}`,
        object: "refund",
        amount: Number(body.get("amount")),
        currency: "cny",
        status: "pending",
        payment_intent: body.get("payment_intent"),
      });
    }
    const pay = /^\/pay\/(cs_e2e_\d+)$/.exec(url.pathname);
    const session = pay ? sessions.get(pay[1]) : undefined;
    if (pay && !session) return json(404, { error: { message: "No such session" } });
    if (session && request.method === "GET") {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return response.end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Checkout (test double)</title></head>` +
          `<body><main><h1>Test Checkout</h1><p data-testid="checkout-amount">CNY ${(session.amount / 100).toFixed(2)}</p>` +
          `<form method="post"><label for="card">Card number</label> <input id="card" name="card" value="4242 4242 4242 4242"> <button type="submit">Pay</button></form>` +
          `<p><a href="${escapeHtml(session.cancelUrl)}">Cancel</a></p></main></body></html>`,
      );
    }
    if (session && request.method === "POST") {
      await readBody(request);
      if (!session.paid) {
        session.paid = true;
        const event = {
          id: `evt_${session.id}`,
          object: "event",
          type: "checkout.session.completed",
          created: Math.floor(Date.now() / 1000),
          data: {
            object: {
              id: session.id,
              object: "checkout.session",
              payment_status: "paid",
              status: "complete",
              amount_total: session.amount,
              currency: session.currency,
              payment_intent: `pi_${session.id}`,
              metadata: { orderId: session.orderId },
            },
          },
        };
        const payload = JSON.stringify(event);
        const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_DOUBLE_SECRET });
        await fetch(`${appBase}/webhooks/stripe`, {
          method: "POST",
          body: payload,
          headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
        });
      }
      response.writeHead(303, { Location: session.successUrl });
      return response.end();
    }
    json(404, { error: { message: `No route ${request.method} ${url.pathname}` } });
  }
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}
