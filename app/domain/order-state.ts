// The order and sub-order state machines (shared/docs/domain.md, "Demand side"). Transitions are named; every
// write checks the current state in its UPDATE's WHERE clause with the `from` lists below, so a stale page or a
// double click cannot move an order along a forbidden edge.

export const ORDER_STATUSES = ["PENDING_APPROVAL", "REJECTED", "PLACED", "COMPLETED", "CANCELLED"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const SUB_ORDER_STATUSES = ["PENDING", "CONFIRMED", "DECLINED", "SHIPPED", "RECEIVED", "DISPUTED", "CANCELLED"] as const;
export type SubOrderStatus = (typeof SUB_ORDER_STATUSES)[number];

export const ORDER_TRANSITIONS = {
  approve: { from: ["PENDING_APPROVAL"], to: "PLACED" },
  reject: { from: ["PENDING_APPROVAL"], to: "REJECTED" },
  cancel: { from: ["PENDING_APPROVAL", "PLACED"], to: "CANCELLED" },
  complete: { from: ["PLACED"], to: "COMPLETED" },
} as const satisfies Record<string, { from: readonly OrderStatus[]; to: OrderStatus }>;
export type OrderTransition = keyof typeof ORDER_TRANSITIONS;

export const SUB_ORDER_TRANSITIONS = {
  confirm: { from: ["PENDING"], to: "CONFIRMED" },
  decline: { from: ["PENDING", "CONFIRMED"], to: "DECLINED" },
  ship: { from: ["CONFIRMED"], to: "SHIPPED" },
  receive: { from: ["SHIPPED"], to: "RECEIVED" },
  dispute: { from: ["SHIPPED"], to: "DISPUTED" },
  resolveComplaint: { from: ["DISPUTED"], to: "RECEIVED" },
  cancel: { from: ["PENDING", "CONFIRMED"], to: "CANCELLED" },
} as const satisfies Record<string, { from: readonly SubOrderStatus[]; to: SubOrderStatus }>;
export type SubOrderTransition = keyof typeof SUB_ORDER_TRANSITIONS;

export function canTransitionOrder(status: string, transition: OrderTransition): boolean {
  return (ORDER_TRANSITIONS[transition].from as readonly string[]).includes(status);
}

export function canTransitionSubOrder(status: string, transition: SubOrderTransition): boolean {
  return (SUB_ORDER_TRANSITIONS[transition].from as readonly string[]).includes(status);
}

/** Orders that ended without goods: they commit no budget and never count. */
export const ENDED_WITHOUT_GOODS = ["REJECTED", "CANCELLED"] as const satisfies readonly OrderStatus[];

/** A live order commits budget (预算余额) whether or not it is paid yet. */
export function isLiveOrder(order: { status: string }): boolean {
  return !(ENDED_WITHOUT_GOODS as readonly string[]).includes(order.status);
}

const LEFT_THE_WAREHOUSE = new Set(["SHIPPED", "RECEIVED", "DISPUTED"]);

/** An order can be cancelled until any part of it has shipped. */
export function canCancel(order: { status: string }, subOrders: ReadonlyArray<{ status: string }>): boolean {
  return canTransitionOrder(order.status, "cancel") && !subOrders.some((s) => LEFT_THE_WAREHOUSE.has(s.status));
}

/** A supplier's average rating from its kept sum and count; null before its first rating. */
export function ratingAverage(supplier: { ratingSum: number; ratingCount: number }): number | null {
  return supplier.ratingCount ? supplier.ratingSum / supplier.ratingCount : null;
}

const ratingFormatters = new Map<string, Intl.NumberFormat>();

/** An average rating as shown everywhere: one decimal at most, "—" when there is none. */
export function formatRating(rating: number | null | undefined, locale: string): string {
  if (rating == null) return "—";
  let formatter = ratingFormatters.get(locale);
  if (!formatter) ratingFormatters.set(locale, (formatter = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })));
  return formatter.format(rating);
}

/** Rating is allowed once after receipt (accepted or with a complaint). */
export function canRate(subOrder: { status: string; rating: number | null }): boolean {
  return (subOrder.status === "RECEIVED" || subOrder.status === "DISPUTED") && subOrder.rating == null;
}

/**
 * What a placed order becomes when its sub-orders change: completed once every part is settled and something was
 * received; cancelled if every supplier declined; otherwise still placed. A part with an open complaint
 * (DISPUTED) is not settled: the order completes only when the complaint is resolved.
 */
export function orderStatusAfterSubOrders(subOrders: ReadonlyArray<{ status: string }>): "PLACED" | "COMPLETED" | "CANCELLED" {
  const settled = subOrders.every((s) => ["RECEIVED", "DECLINED", "CANCELLED"].includes(s.status));
  if (!settled) return "PLACED";
  return subOrders.some((s) => s.status === "RECEIVED") ? "COMPLETED" : "CANCELLED";
}
