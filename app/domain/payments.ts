// Bank transfer (对公转账) rules: a reference code the union writes on its transfer, and how a received amount
// compares with what the order costs. Pure.
import type { Fen } from "./money";

/** A check digit so that a mistyped reference is caught rather than matched to another order (Luhn, mod 10). */
export function checkDigit(digits: string): number {
  let sum = 0;
  [...digits].reverse().forEach((ch, i) => {
    let d = Number(ch);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  });
  return (10 - (sum % 10)) % 10;
}

/** "BF00001234" + check digit: short enough to type into a bank's remark field, unique per order. */
export function referenceCodeFor(orderId: number): string {
  const digits = String(orderId).padStart(8, "0");
  return `BF${digits}${checkDigit(digits)}`;
}

export function isWellFormedReference(code: string): boolean {
  const m = /^BF(\d{8})(\d)$/.exec(code.trim().toUpperCase());
  return m != null && checkDigit(m[1]) === Number(m[2]);
}

export function normaliseReference(code: string): string {
  return code.trim().toUpperCase().replace(/\s+/g, "");
}

export type TransferMatch = "MATCHED" | "SHORT" | "OVER";

export function matchTransfer(expectedFen: Fen, receivedFen: Fen): TransferMatch {
  if (receivedFen === expectedFen) return "MATCHED";
  return receivedFen < expectedFen ? "SHORT" : "OVER";
}

/** What a supplier is owed for a received sub-order: its amount less what was refunded on its lines. */
export function owedToSupplier(amountFen: Fen, refundedFen: Fen): Fen {
  return Math.max(0, amountFen - refundedFen);
}
