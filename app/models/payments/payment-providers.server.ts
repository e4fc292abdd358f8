// The one interface both ways of paying implement. Bank transfer needs no configuration; Stripe is on only when
// STRIPE_SECRET_KEY is set. Money state lives in the app's database either way (docs/decisions/0030-card-payments.md).
import type { Actor } from "~/domain/actor";
import { db } from "~/utils/db.server";
import { requestBankTransfer } from "~/models/payments/payments.server";
import { cardProblemOf, handleStripeWebhook, startCheckout, stripeEnabled, submitCardRefund, type CardProblem } from "~/models/payments/stripe.server";

export type ProviderName = "BANK_TRANSFER" | "STRIPE";
type Payer = Pick<Actor, "userId"> & { org: Pick<Actor["org"], "id"> };
export type StartOutcome = { ok: true; redirectTo: string | null } | { ok: false; problem: CardProblem | "notPayable" };
export type RefundOutcome = { ok: true; providerRefundId: string | null } | { ok: false; problem: CardProblem; message: string };

export interface PaymentProvider {
  name: ProviderName;
  enabled(): boolean;
  /** Starts paying an order: a pending payment the union can complete, and where to send the payer (if anywhere). */
  createPayment(actor: Payer, orderId: number, returnBase: string): Promise<StartOutcome>;
  /** The payment's state as the app's database knows it (never as a provider's fixture says). */
  status(paymentId: number): Promise<string | null>;
  /** Pays back a recorded refund. Bank refunds are paid out by finance and already final; card refunds ask Stripe. */
  refund(refund: { id: number; amountFen: number; idempotencyKey: string; paymentIntentId: string | null }): Promise<RefundOutcome>;
  /** A provider's notification (webhook), for providers that send them. */
  handleNotification?(rawBody: string, signature: string | null): ReturnType<typeof handleStripeWebhook>;
}

const status = async (paymentId: number) => (await db.payment.findUnique({ where: { id: paymentId }, select: { status: true } }))?.status ?? null;

export const bankTransfer: PaymentProvider = {
  name: "BANK_TRANSFER",
  enabled: () => true,
  async createPayment(actor, orderId) {
    return (await requestBankTransfer(actor, orderId)) === "ok" ? { ok: true, redirectTo: null } : { ok: false, problem: "notPayable" };
  },
  status,
  async refund() {
    return { ok: true, providerRefundId: null };
  },
};

export const stripeCards = {
  name: "STRIPE" as const,
  enabled: stripeEnabled,
  async createPayment(actor: Payer, orderId: number, returnBase: string): Promise<StartOutcome> {
    const started = await startCheckout(actor, orderId, returnBase);
    return started.ok ? { ok: true, redirectTo: started.url } : started;
  },
  status,
  async refund(refund: { id: number; amountFen: number; idempotencyKey: string; paymentIntentId: string | null }): Promise<RefundOutcome> {
    if (!refund.paymentIntentId) return { ok: false, problem: "invalidRequest", message: "no charge to refund" };
    try {
      return { ok: true, providerRefundId: await submitCardRefund({ ...refund, paymentIntentId: refund.paymentIntentId }) };
    } catch (error) {
      return { ok: false, problem: cardProblemOf(error), message: error instanceof Error ? error.message : String(error) };
    }
  },
  handleNotification: handleStripeWebhook,
} satisfies PaymentProvider;

export function providerFor(name: string): PaymentProvider {
  return name === "STRIPE" ? stripeCards : bankTransfer;
}
