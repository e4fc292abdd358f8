// After-sales (shared/docs/domain.md, "After-sales"): a complaint about one supplier's part of an order is
// answered by the supplier with a remedy; the union accepts it or escalates to its county union, which decides.

export const COMPLAINT_STATUSES = ["OPEN", "ANSWERED", "ESCALATED", "RESOLVED"] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const REMEDIES = ["PARTIAL_REFUND", "REPLACEMENT", "RETURN_REFUND", "NONE"] as const;
export type Remedy = (typeof REMEDIES)[number];
/** What a supplier may propose; "no remedy" is only a county leader's decision. */
export const SUPPLIER_REMEDIES = ["PARTIAL_REFUND", "REPLACEMENT", "RETURN_REFUND"] as const satisfies readonly Remedy[];

export const canAnswer = (c: { status: string }) => c.status === "OPEN" || c.status === "ANSWERED";
export const canAccept = (c: { status: string; remedy: string | null }) => c.status === "ANSWERED" && c.remedy != null;
export const canEscalate = (c: { status: string }) => c.status === "OPEN" || c.status === "ANSWERED";
export const canDecide = (c: { status: string }) => c.status === "ESCALATED";

export const remedyRefunds = (remedy: string | null) => remedy === "PARTIAL_REFUND" || remedy === "RETURN_REFUND";

export interface RefundableLine {
  id: number;
  unitPriceFen: number;
  quantity: number;
  /** What of the line is not yet refunded, in fen. */
  remainingFen: number;
}

/**
 * The fen each line gives back: a partial refund returns the chosen units at the price paid for them, a return
 * the whole remaining line; never more than is left. Lines not chosen are left out.
 */
export function refundAmounts(
  remedy: Remedy,
  lines: readonly RefundableLine[],
  chosen: ReadonlyArray<{ orderLineId: number; quantity: number }>,
): Array<{ orderLineId: number; amountFen: number }> {
  if (remedy === "RETURN_REFUND") return lines.filter((l) => l.remainingFen > 0).map((l) => ({ orderLineId: l.id, amountFen: l.remainingFen }));
  if (remedy !== "PARTIAL_REFUND") return [];
  const out: Array<{ orderLineId: number; amountFen: number }> = [];
  for (const pick of chosen) {
    const line = lines.find((l) => l.id === pick.orderLineId);
    if (!line || pick.quantity <= 0) continue;
    const amountFen = Math.min(line.remainingFen, line.unitPriceFen * Math.min(pick.quantity, line.quantity));
    if (amountFen > 0) out.push({ orderLineId: line.id, amountFen });
  }
  return out;
}
