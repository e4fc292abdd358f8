// Money rules for paying an order: when it can be paid, how much is due, what the transfers received add up to,
// the reference code a union writes on its transfer, and how refunds are retried. Pure.
import type { Fen } from "./money";

// ---------- what can be paid, and how much ----------

/** Order states in which money may be received: placed (approved when it needed approval) or completed. */
export const PAYABLE_ORDER_STATUSES = ["PLACED", "COMPLETED"] as const;

/** Where an order's money stands (Order.paymentStatus). */
export const PAYMENT_STATUSES = ["UNPAID", "PAID", "PARTIALLY_REFUNDED", "REFUNDED"] as const;

/** Payment states in which the platform holds the union's money for the order: paid, less any partial refund. */
export const PAID_STATUSES = ["PAID", "PARTIALLY_REFUNDED"] as const;

/** The one definition of "this order has been paid" (and not wholly refunded): refunds and settlements start here. */
export function isPaid(order: { paymentStatus: string }): boolean {
  return (PAID_STATUSES as readonly string[]).includes(order.paymentStatus);
}

/** The one definition of "this order can be paid now": placed or completed, and not yet paid. */
export function isPayable(order: { status: string; paymentStatus: string }): boolean {
  return (PAYABLE_ORDER_STATUSES as readonly string[]).includes(order.status) && order.paymentStatus === "UNPAID";
}

/** What the union owes for an order: the order's total as placed. */
export function amountDueFen(order: { totalFen: Fen }): Fen {
  return order.totalFen;
}

export type Balance = { dueFen: Fen; receivedFen: Fen; missingFen: Fen; overpaidFen: Fen; settled: boolean };

/** Transfers add up: an order is settled once what was received reaches what is due. */
export function paymentBalance(dueFen: Fen, received: readonly Fen[]): Balance {
  const receivedFen = received.reduce((s, x) => s + x, 0);
  return {
    dueFen,
    receivedFen,
    missingFen: Math.max(0, dueFen - receivedFen),
    overpaidFen: Math.max(0, receivedFen - dueFen),
    settled: receivedFen >= dueFen,
  };
}

// ---------- reference codes ----------

// Crockford's base 32: no I, L, O, U, so a code read over the phone or typed from paper is not misread.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const PAYLOAD = 7; // 35 bits: room for 34 billion orders
const MODULUS = 2 ** (5 * PAYLOAD);
// An odd multiplier makes id → code a bijection modulo 2^35 while neighbouring ids get unrelated codes, so a
// reference never looks like an order number (BF2026-000123) or hints at how many orders there are.
const MULTIPLIER = 0x2f5a3c1b7;
const OFFSET = 0x1b3d5f7a9;

/** Luhn mod 32 check character: catches every single mistyped character and most swapped neighbours. */
export function checkCharacter(payload: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = payload.length - 1; i >= 0; i--) {
    const code = ALPHABET.indexOf(payload[i]) * factor;
    sum += Math.floor(code / 32) + (code % 32);
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHABET[(32 - (sum % 32)) % 32];
}

function mulMod(a: number, b: number): number {
  return Number((BigInt(a) * BigInt(b)) % BigInt(MODULUS));
}

/** The reference a union writes on its transfer for an order, e.g. "7KQ2-M9XD": always 8 characters, the last a check. */
export function referenceCodeFor(orderId: number): string {
  let n = (mulMod(orderId, MULTIPLIER) + OFFSET) % MODULUS;
  let payload = "";
  for (let i = 0; i < PAYLOAD; i++) {
    payload = ALPHABET[n % 32] + payload;
    n = Math.floor(n / 32);
  }
  const code = payload + checkCharacter(payload);
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * A reference as typed on a bank slip, in the stored form: upper case, spaces and dashes dropped, Crockford's look-alikes
 * (O→0, I/L→1) read as digits, and the dash put back. Older references (BF…) pass through without the dash.
 */
export function normaliseReference(code: string): string {
  const compact = code.toUpperCase().replace(/[\s\-_.]/g, "");
  if (compact.startsWith("BF")) return compact;
  const read = compact.replace(/O/g, "0").replace(/[IL]/g, "1");
  return read.length === PAYLOAD + 1 ? `${read.slice(0, 4)}-${read.slice(4)}` : read;
}

export function isWellFormedReference(code: string): boolean {
  const compact = normaliseReference(code).replace("-", "");
  if (compact.length !== PAYLOAD + 1 || [...compact].some((ch) => !ALPHABET.includes(ch))) return false;
  return checkCharacter(compact.slice(0, PAYLOAD)) === compact[PAYLOAD];
}

// ---------- refunds through a provider ----------

/** Attempts before a refund is shown to finance as failed (it can still be retried by hand). */
export const REFUND_MAX_ATTEMPTS = 6;

/** Wait before attempt n+1 after n failed attempts: 30 s, 1 min, 2 min, … capped at one hour. */
export function refundRetryDelayMs(failedAttempts: number): number {
  return Math.min(3600_000, 30_000 * 2 ** Math.max(0, failedAttempts - 1));
}

/** A provider's refund event is applied only when it is about this refund's payment, amount and currency. */
export function refundEventMatches(
  refund: { amountFen: Fen; paymentIntentId: string | null },
  event: { amount: number; currency: string; paymentIntent: string | null },
): boolean {
  return (
    event.amount === refund.amountFen && event.currency.toLowerCase() === "cny" && event.paymentIntent != null && event.paymentIntent === refund.paymentIntentId
  );
}

// ---------- suppliers ----------

/** What a supplier is owed for a received sub-order: its amount less what was refunded on its lines. */
export function owedToSupplier(amountFen: Fen, refundedFen: Fen): Fen {
  return Math.max(0, amountFen - refundedFen);
}

/** Supplier payment terms: ship only once paid, or ship on approval and be paid within a number of days. */
export const PAYMENT_TERMS = ["PAY_WITHIN_DAYS", "SHIP_AFTER_PAYMENT"] as const;
export type PaymentTerms = (typeof PAYMENT_TERMS)[number];

export function mayShipUnpaid(terms: string): boolean {
  return terms !== "SHIP_AFTER_PAYMENT";
}

/** Whether a supplier's part may ship now: its terms allow shipping unpaid, or the order is paid. */
export function mayShip(terms: string, paymentStatus: string): boolean {
  return mayShipUnpaid(terms) || paymentStatus !== "UNPAID";
}
