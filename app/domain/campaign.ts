// Festival campaigns and ready gift packs: pure rules. A campaign's window is a range of China calendar days; an
// order belongs to a campaign only when it is placed inside the window, by a union in the campaign's subtree, for
// the campaign's occasion (docs/decisions/0160-campaign-window.md). A ready pack is priced item by item at the
// reviewed pack price, never above the listing's own price (docs/decisions/0161-ready-pack-pricing.md).
import { chinaDate, startOfChinaDay } from "./china-time";
import { lineAmount, type Fen } from "./money";
import { perMemberFen, type RequestedLine } from "./order-builder";

export const PACK_STATUSES = ["SUBMITTED", "APPROVED", "REJECTED", "WITHDRAWN"] as const;
export type PackStatus = (typeof PACK_STATUSES)[number];

/** Only these organisations open campaigns, each for its own subtree. */
export const CAMPAIGN_ORGANISER_KINDS = ["FEDERATION", "COUNTY"] as const;

export interface CampaignWindow {
  opensAt: Date;
  closesAt: Date;
}

/** First and last China day typed on the form → [opensAt, closesAt) instants. */
export function windowFromDays(opensOn: string, closesOn: string): CampaignWindow {
  return { opensAt: startOfChinaDay(opensOn), closesAt: new Date(startOfChinaDay(closesOn).getTime() + 86400_000) };
}

/** The last China day of the window, for display and forms. */
export function lastDayOf(window: CampaignWindow): string {
  return chinaDate(new Date(window.closesAt.getTime() - 1));
}

export type WindowState = "upcoming" | "open" | "closed";

export function windowState(window: CampaignWindow, at: Date): WindowState {
  if (at.getTime() < window.opensAt.getTime()) return "upcoming";
  return at.getTime() < window.closesAt.getTime() ? "open" : "closed";
}

/** Whole China days left including today (1 on the last day), 0 when closed. */
export function daysLeft(window: CampaignWindow, at: Date): number {
  if (windowState(window, at) !== "open") return 0;
  const today = startOfChinaDay(chinaDate(at)).getTime();
  return Math.round((window.closesAt.getTime() - today) / 86400_000);
}

/**
 * Whether a leader sees a campaign: the organiser is the leader's own organisation or inside its subtree, or an
 * ancestor whose scope covers the leader.
 */
export function campaignVisibleTo(leaderOrgPath: string, organiserPath: string): boolean {
  return organiserPath.startsWith(leaderOrgPath) || leaderOrgPath.startsWith(organiserPath);
}

/** Among campaigns open now for an occasion and covering the union, the one an order joins: the nearest organiser. */
export function campaignForOrder<C extends CampaignWindow & { occasion: string; organiserPath: string }>(
  campaigns: readonly C[],
  input: { occasion: string; unionPath: string; at: Date },
): C | null {
  const fitting = campaigns.filter((c) => c.occasion === input.occasion && input.unionPath.startsWith(c.organiserPath) && windowState(c, input.at) === "open");
  return fitting.sort((a, b) => b.organiserPath.length - a.organiserPath.length)[0] ?? null;
}

/** Per-member amount the union has ordered in the campaign, before and after this order, against the campaign cap. */
export function campaignCapCheck(input: {
  spentInCampaignFen: Fen;
  unionHeadcount: number;
  orderTotalFen: Fen;
  orderHeadcount: number;
  capPerMemberFen: Fen;
  guidancePerMemberFen: Fen;
}) {
  const spentPerMemberFen = perMemberFen(input.spentInCampaignFen, input.unionHeadcount);
  const afterFen = spentPerMemberFen + perMemberFen(input.orderTotalFen, input.orderHeadcount);
  return {
    spentPerMemberFen,
    afterFen,
    capPerMemberFen: input.capPerMemberFen,
    guidancePerMemberFen: input.guidancePerMemberFen,
    exceeds: afterFen > input.capPerMemberFen,
    aboveGuidance: afterFen > input.guidancePerMemberFen,
  };
}

export interface PackItem {
  productId: number;
  quantity: number;
  unitPriceFen: Fen;
}

export function packPriceFen(items: readonly PackItem[]): Fen {
  return items.reduce((sum, i) => sum + lineAmount(i.unitPriceFen, i.quantity), 0);
}

export type PackItemProblem = "duplicate" | "aboveListPrice" | "notListed";

/** What is wrong with a proposed pack's items, given each product's list price (absent: not an active listing). */
export function packItemProblems(items: readonly PackItem[], listPrices: ReadonlyMap<number, Fen>): Array<{ productId: number; problem: PackItemProblem }> {
  const seen = new Set<number>();
  const problems: Array<{ productId: number; problem: PackItemProblem }> = [];
  for (const item of items) {
    if (seen.has(item.productId)) problems.push({ productId: item.productId, problem: "duplicate" });
    seen.add(item.productId);
    const list = listPrices.get(item.productId);
    if (list == null) problems.push({ productId: item.productId, problem: "notListed" });
    else if (item.unitPriceFen > list) problems.push({ productId: item.productId, problem: "aboveListPrice" });
  }
  return problems;
}

/** Ordering `count` packs: one line per item, priced at the pack's item price and marked with the pack. */
export function expandPack(packId: number, items: readonly PackItem[], count: number): RequestedLine[] {
  return items.map((i) => ({ productId: i.productId, quantity: i.quantity * count, packId, packUnitPriceFen: i.unitPriceFen }));
}
