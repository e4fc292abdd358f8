// Bulk tier prices: "≥100 箱 ¥42". The best tier whose minimum the quantity reaches wins; below every tier the
// list price applies. Pure and integer: money is fen.
import { lineAmount, type Fen } from "./money";

export interface TierPrice {
  minQty: number;
  priceFen: Fen;
}

/** The unit price for a quantity: the lowest price among the list price and the tiers the quantity reaches. */
export function unitPriceFor(listPriceFen: Fen, tiers: readonly TierPrice[], quantity: number): Fen {
  let price = listPriceFen;
  for (const tier of tiers) {
    if (quantity >= tier.minQty && tier.priceFen < price) price = tier.priceFen;
  }
  return price;
}

export function linePrice(listPriceFen: Fen, tiers: readonly TierPrice[], quantity: number) {
  const unitPriceFen = unitPriceFor(listPriceFen, tiers, quantity);
  return { unitPriceFen, amountFen: lineAmount(unitPriceFen, quantity) };
}

/** Tiers sorted by minimum quantity, for display. */
export function sortedTiers(tiers: readonly TierPrice[]): TierPrice[] {
  return [...tiers].sort((a, b) => a.minQty - b.minQty);
}

/** Problems with a set of tiers a supplier entered, as message keys; empty when valid. */
export function tierProblems(listPriceFen: Fen, tiers: readonly TierPrice[]): Array<"duplicateMinQty" | "minQtyTooSmall" | "notCheaper" | "notDescending"> {
  const problems = new Set<"duplicateMinQty" | "minQtyTooSmall" | "notCheaper" | "notDescending">();
  const sorted = sortedTiers(tiers);
  sorted.forEach((tier, i) => {
    if (tier.minQty < 2) problems.add("minQtyTooSmall");
    if (tier.priceFen >= listPriceFen) problems.add("notCheaper");
    if (i > 0 && sorted[i - 1].minQty === tier.minQty) problems.add("duplicateMinQty");
    if (i > 0 && sorted[i - 1].priceFen <= tier.priceFen) problems.add("notDescending");
  });
  return [...problems];
}

/** How far the price is above the market reference, in basis points; null without a reference. */
export function premiumOverMarketBasisPoints(priceFen: Fen, marketPriceFen: Fen | null): number | null {
  if (!marketPriceFen) return null;
  return Math.round(((priceFen - marketPriceFen) * 10000) / marketPriceFen);
}

/** Flag listings priced more than 20% above the market reference (domain.md: "millet ¥35 vs ¥19.8 online"). */
export function isPricedAboveMarket(priceFen: Fen, marketPriceFen: Fen | null): boolean {
  return marketPriceFen != null && priceFen * 100 > marketPriceFen * 120;
}
