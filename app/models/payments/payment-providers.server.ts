// The one interface both ways of paying implement. Bank transfer needs no configuration; Stripe is on only when
// STRIPE_SECRET_KEY is set. Money state lives in the app's database either way (docs/decisions/0030-card-payments.md).
import { db } from "~/utils/db.server";
import { requestBankTransfer } from "~/models/payments/payments.server";
import { handleStripeWebhook, requestCardRefund, startCardPayment, stripeEnabled, type CardProblem } from "~/models/payments/stripe.server";
import type { Actor } from "~/domain/actor";

export type ProviderName = "BANK_TRANSFER" | "STRIPE";

export interface PaymentProvider {
  name: ProviderName;
  enabled(): boolean;
  /** Starts paying an order: a pending payment the union can complete. */
  createPayment(actor: Actor, order: { id: number; totalFen: number }, attempt: string): Promise<{ ok: true } | { ok: false; problem: CardProblem | "notPayable" }>;
  /** The payment's state as the app's database knows it (never as a provider's fixture says). */
  status(paymentId: number): Promise<string | null>;
  /** Pays back a recorded refund. Bank refunds are paid out by finance and already final; card refunds ask Stripe. */
  refund(refund: { id: number; amountFen: number; idempotencyKey: string; paymentIntentId: string | null }): Promise<{ ok: boolean }>;
  /** A provider's notification (webhook), for providers that send them. */
  handleNotification?(rawBody: string, signature: string | null): ReturnType<typeof handleStripeWebhook>;
}

const status = async (paymentId: number) => (await db.payment.findUnique({ where: { id: paymentId }, select: { status: true } }))?.status ?? null;

export const bankTransfer: PaymentProvider = {
  name: "BANK_TRANSFER",
  enabled: () => true,
  async createPayment(actor, order) {
    return (await requestBankTransfer(actor, order.id)) === "ok" ? { ok: true } : { ok: false, problem: "notPayable" };
  },
  status,
  async refund() {
    return { ok: true };
  },
};

export const stripeCards = {
  name: "STRIPE" as const,
  enabled: stripeEnabled,
  async createPayment(actor: Actor, order: { id: number; totalFen: number }, attempt: string): Promise<{ ok: true } | { ok: false; problem: CardProblem | "notPayable" }> {
    const started = await startCardPayment(actor, order, attempt);
    return started.ok ? { ok: true } : { ok: false, problem: started.problem };
  },
  status,
  async refund(refund: { id: number; amountFen: number; idempotencyKey: string; paymentIntentId: string | null }) {
    if (!refund.paymentIntentId) return { ok: false };
    return requestCardRefund({ ...refund, paymentIntentId: refund.paymentIntentId });
  },
  handleNotification: handleStripeWebhook,
} satisfies PaymentProvider;

export function providerFor(name: string): PaymentProvider {
  return name === "STRIPE" ? stripeCards : bankTransfer;
}
