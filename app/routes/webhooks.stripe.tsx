import type { ActionFunctionArgs } from "@remix-run/node";
import { stripeCards } from "~/models/payments/payment-providers.server";

export const loader = () => new Response("Method Not Allowed", { status: 405 });

/** Stripe's notifications: the signature is checked on the raw body, and each event id is applied once. */
export async function action({ request }: ActionFunctionArgs) {
  const outcome = await stripeCards.handleNotification(await request.text(), request.headers.get("Stripe-Signature"));
  if (outcome.status === 400) return new Response(outcome.reason, { status: 400 });
  return Response.json({ received: true, handled: outcome.handled });
}
