// Listing states and the triggers for a listing review (docs/decisions/0110-listing-review.md). Pure.

export const LISTING_STATES = ["LIVE", "WITHDRAWN", "PENDING_REVIEW", "REJECTED", "BANNED"] as const;
export type ListingState = (typeof LISTING_STATES)[number];

export const REVIEW_TRIGGERS = ["FIRST_LISTINGS", "CATEGORY_CHANGE", "PRICE_RISE"] as const;
export type ReviewTrigger = (typeof REVIEW_TRIGGERS)[number];

/** A supplier's listings wait for review until this many of its listings have been approved (live or withdrawn). */
export const TRUSTED_AFTER_APPROVED_LISTINGS = 3;
/** A price rise above this share (basis points) of the current price waits for review. */
export const PRICE_RISE_REVIEW_BASIS_POINTS = 2000;

export function isListingState(value: string): value is ListingState {
  return (LISTING_STATES as readonly string[]).includes(value);
}

/** Why a new listing waits for review, or null when it goes live at once. */
export function reviewTriggerForNew(approvedListingsOfSupplier: number): ReviewTrigger | null {
  return approvedListingsOfSupplier < TRUSTED_AFTER_APPROVED_LISTINGS ? "FIRST_LISTINGS" : null;
}

/** Whether the new price is more than 20% above the old one (integer arithmetic on fen). */
export function isReviewablePriceRise(oldPriceFen: number, newPriceFen: number): boolean {
  return (newPriceFen - oldPriceFen) * 10_000 > oldPriceFen * PRICE_RISE_REVIEW_BASIS_POINTS;
}

/** Why an edit makes the listing wait for review, or null. The category check comes first. */
export function reviewTriggerForEdit(before: { category: string; priceFen: number }, after: { category: string; priceFen: number }): ReviewTrigger | null {
  if (before.category !== after.category) return "CATEGORY_CHANGE";
  if (isReviewablePriceRise(before.priceFen, after.priceFen)) return "PRICE_RISE";
  return null;
}

/**
 * The state after an edit that passed validation. A trigger sends any listing to review (a withdrawn one too: it is
 * reviewed before it can go back on sale); a rejected or banned listing that is edited is submitted again.
 */
export function stateAfterEdit(current: ListingState, trigger: ReviewTrigger | null): ListingState {
  if (trigger) return "PENDING_REVIEW";
  if (current === "REJECTED" || current === "BANNED") return "PENDING_REVIEW";
  return current;
}

/** Only a live listing can be withdrawn by its supplier, and only a withdrawn one put back on sale. */
export function canWithdraw(state: ListingState): boolean {
  return state === "LIVE";
}
export function canPutBackOnSale(state: ListingState): boolean {
  return state === "WITHDRAWN";
}

/** Whether a buyer can order a quantity of this listing at all: stock below the minimum order cannot be ordered. */
export function isBelowMinimumOrder(product: { stock: number; minOrderQty: number }): boolean {
  return product.stock < product.minOrderQty;
}

export function isLowStock(product: { stock: number; lowStockThreshold: number | null }): boolean {
  return product.lowStockThreshold != null && product.stock <= product.lowStockThreshold;
}
