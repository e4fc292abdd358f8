// Building a bulk welfare order: quantities or a gift pack times headcount, priced with tier prices, checked
// against minimum order and stock, the festival gift cap per member, and the budget; and its effect on the
// union's 30% progress before it is submitted. Pure: the model supplies products and figures from the database.
import { linePrice, type TierPrice } from "./pricing";
import { lineAmount, type Fen } from "./money";
import { welfareShare } from "./welfare-share";

export const OCCASIONS = ["SPRING_FESTIVAL", "LANTERN", "QINGMING", "DRAGON_BOAT", "MID_AUTUMN", "NATIONAL_DAY", "UNION_ACTIVITY", "CONDOLENCE"] as const;
export type Occasion = (typeof OCCASIONS)[number];
/** Festival gifts count toward the annual per-member cap; union activities and visits to the needy do not. */
export const FESTIVAL_OCCASIONS: readonly Occasion[] = ["SPRING_FESTIVAL", "LANTERN", "QINGMING", "DRAGON_BOAT", "MID_AUTUMN", "NATIONAL_DAY"];

export function isFestival(occasion: string): boolean {
  return (FESTIVAL_OCCASIONS as readonly string[]).includes(occasion);
}

export interface OrderableProduct {
  id: number;
  code: string;
  title: string;
  unit: string;
  category: string;
  priceFen: Fen;
  minOrderQty: number;
  stock: number;
  active: boolean;
  supplierId: number;
  supplierName: string;
  supplierTradeRole: string;
  originCounty: string;
  originVillageId: number | null;
  originVillageName: string | null;
  households: number;
  tiers: TierPrice[];
  /** The number of the approved certificate covering today, if any (snapshotted on the line). */
  certificateNumber: string | null;
}

export interface RequestedLine {
  productId: number;
  quantity: number;
  /** Part of the quantity delivered to the second address, when the delivery is split. */
  secondAddressQuantity?: number;
  /** Set for a line that comes from a ready pack: priced at the pack's reviewed item price, not the tiers. */
  packId?: number;
  packUnitPriceFen?: Fen;
}

export type LineProblem = "notFound" | "belowMinimum" | "notEnoughStock" | "splitTooLarge";

export interface BuiltLine {
  product: OrderableProduct;
  quantity: number;
  secondAddressQuantity: number;
  unitPriceFen: Fen;
  amountFen: Fen;
  certified: boolean;
  packId: number | null;
}

/** A gift pack: the same items for every member, multiplied out by headcount. */
export function expandGiftPack(items: ReadonlyArray<{ productId: number; perPerson: number }>, headcount: number): RequestedLine[] {
  return items.map((i) => ({ productId: i.productId, quantity: i.perPerson * headcount }));
}

export function buildLines(requested: readonly RequestedLine[], products: ReadonlyMap<number, OrderableProduct>) {
  // Loose lines of one product merge; a pack's lines stay apart, at the pack's price.
  const merged = new Map<string, RequestedLine>();
  for (const r of requested) {
    const key = `${r.productId}:${r.packId ?? ""}`;
    const existing = merged.get(key);
    merged.set(key, {
      ...r,
      quantity: (existing?.quantity ?? 0) + r.quantity,
      secondAddressQuantity: (existing?.secondAddressQuantity ?? 0) + (r.secondAddressQuantity ?? 0),
    });
  }
  // Minimum order and stock are about the product, however many lines ask for it.
  const perProduct = new Map<number, number>();
  for (const r of merged.values()) perProduct.set(r.productId, (perProduct.get(r.productId) ?? 0) + r.quantity);
  const lines: BuiltLine[] = [];
  const problems: Array<{ productId: number; problem: LineProblem; product?: OrderableProduct }> = [];
  const reported = new Set<string>();
  const report = (productId: number, problem: LineProblem, product?: OrderableProduct) => {
    if (reported.has(`${productId}:${problem}`)) return;
    reported.add(`${productId}:${problem}`);
    problems.push({ productId, problem, product });
  };
  for (const r of merged.values()) {
    const product = products.get(r.productId);
    if (!product || !product.active) {
      report(r.productId, "notFound");
      continue;
    }
    const wanted = perProduct.get(r.productId) ?? r.quantity;
    if (wanted < product.minOrderQty) report(r.productId, "belowMinimum", product);
    if (wanted > product.stock) report(r.productId, "notEnoughStock", product);
    if ((r.secondAddressQuantity ?? 0) > r.quantity) report(r.productId, "splitTooLarge", product);
    const { unitPriceFen, amountFen } =
      r.packUnitPriceFen != null
        ? { unitPriceFen: r.packUnitPriceFen, amountFen: lineAmount(r.packUnitPriceFen, r.quantity) }
        : linePrice(product.priceFen, product.tiers, r.quantity);
    lines.push({
      product,
      quantity: r.quantity,
      secondAddressQuantity: r.secondAddressQuantity ?? 0,
      unitPriceFen,
      amountFen,
      certified: product.certificateNumber != null,
      packId: r.packId ?? null,
    });
  }
  const totalFen = lines.reduce((s, l) => s + l.amountFen, 0);
  const certifiedFen = lines.reduce((s, l) => s + (l.certified ? l.amountFen : 0), 0);
  return { lines, problems, totalFen, certifiedFen };
}

/** An amount per member, rounded up (never in the union's favour); a headcount below 1 counts as 1. */
export function perMemberFen(totalFen: Fen, headcount: number): Fen {
  return Math.ceil(totalFen / Math.max(1, headcount));
}

/** Per-member figures against the annual festival cap; amounts per member are rounded up, never in the union's favour. */
export function festivalCapCheck(input: {
  occasion: string;
  orderTotalFen: Fen;
  orderHeadcount: number;
  festivalSpentThisYearFen: Fen;
  unionHeadcount: number;
  capPerMemberFen: Fen;
}) {
  const orderPerMemberFen = perMemberFen(input.orderTotalFen, input.orderHeadcount);
  const spentPerMemberFen = perMemberFen(input.festivalSpentThisYearFen, input.unionHeadcount);
  const counts = isFestival(input.occasion);
  const afterFen = spentPerMemberFen + (counts ? orderPerMemberFen : 0);
  return {
    counts,
    perMemberFen: orderPerMemberFen,
    spentPerMemberFen,
    afterFen,
    capPerMemberFen: input.capPerMemberFen,
    exceeds: counts && afterFen > input.capPerMemberFen,
  };
}

/** The order's effect before it is submitted: budget left, and the 30% share before → after (as if paid). */
export function orderEffect(input: {
  budgetFen: Fen | null;
  /** 预算余额 before this order (domain/welfare-policy.ts budgetLeftFen), null without a budget */
  budgetLeftFen: Fen | null;
  assistanceProcurementFen: Fen;
  orderTotalFen: Fen;
  orderCertifiedFen: Fen;
  targetBasisPoints: number;
}) {
  const budget = input.budgetFen ?? 0;
  const before = welfareShare({ budgetFen: budget, assistanceProcurementFen: input.assistanceProcurementFen, targetBasisPoints: input.targetBasisPoints });
  const after = welfareShare({
    budgetFen: budget,
    assistanceProcurementFen: input.assistanceProcurementFen + input.orderCertifiedFen,
    targetBasisPoints: input.targetBasisPoints,
  });
  const remainingBeforeFen = input.budgetLeftFen;
  const remainingAfterFen = remainingBeforeFen == null ? null : remainingBeforeFen - input.orderTotalFen;
  return {
    shareBefore: before.share,
    shareAfter: after.share,
    gapAfterFen: after.gapFen,
    remainingBeforeFen,
    remainingAfterFen,
    overBudget: remainingAfterFen != null && remainingAfterFen < 0,
  };
}

/** How many product rows the order form offers (more lines come in by CSV). */
export const ORDER_FORM_ROWS = 6;
