// Whether union welfare funds may buy a listing (shared/docs/domain.md "Banned goods"): the one rule used by the
// new-listing form, the edit form, the import, and the sweep that takes already-listed goods off sale.
// Pure: the maintained list of words and patterns is passed in (it lives in the WelfareBanRule table).
// docs/decisions/0111-welfare-eligibility.md
import { isBannedCategory } from "./catalog";

export const BAN_RULE_CLASSES = ["TOBACCO", "HIGH_END_LIQUOR", "JEWELLERY", "SHOPPING_CARD", "CASH_EQUIVALENT", "SPIRITS"] as const;
export type BanRuleClass = (typeof BAN_RULE_CLASSES)[number];
export const BAN_RULE_KINDS = ["WORD", "PATTERN"] as const;
export type BanRuleKind = (typeof BAN_RULE_KINDS)[number];

export interface BanRule {
  ruleClass: BanRuleClass;
  kind: BanRuleKind;
  value: string;
}

export interface WelfareRules {
  rules: readonly BanRule[];
  /** Spirits (ruleClass SPIRITS) are banned above this price per bottle. */
  spiritsCapFenPerBottle: number;
}

export interface ListingForEligibility {
  title: string;
  description: string;
  category: string;
  unit: string;
  priceFen: number;
}

export type Ineligibility =
  | { reason: "category"; ruleClass: string }
  | { reason: "word"; ruleClass: BanRuleClass; match: string }
  | { reason: "spiritsAboveCap"; match: string; perBottleFen: number; capFen: number };

export function isBanRuleClass(value: string): value is BanRuleClass {
  return (BAN_RULE_CLASSES as readonly string[]).includes(value);
}

/** Full-width to half-width, lower case, no spaces: "ＸＯ 香 烟" and "xo香烟" read the same. */
export function normalizeListingText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

/** A pattern a leader typed, compiled; null when it is not a valid regular expression. */
export function compileBanPattern(source: string): RegExp | null {
  try {
    return new RegExp(source, "iu");
  } catch {
    return null;
  }
}

function matchOf(rule: BanRule, text: string): string | null {
  if (rule.kind === "WORD") {
    const word = normalizeListingText(rule.value);
    return word && text.includes(word) ? rule.value : null;
  }
  const found = compileBanPattern(rule.value)?.exec(text);
  return found ? found[0] : null;
}

/** Bottles in one unit of the listing: "6瓶", "×6", "双支" — one when the title does not say. */
export function bottlesPerUnit(title: string, unit: string): number {
  if (unit === "瓶") return 1;
  const text = normalizeListingText(title);
  const counted = /(\d{1,3})(?:瓶|支)/.exec(text) ?? /[x×*](\d{1,3})(?!\d)/.exec(text);
  if (counted) return Math.max(1, Number(counted[1]));
  if (/双支|两支|两瓶|双瓶/.test(text)) return 2;
  return 1;
}

/**
 * Null when welfare funds may buy the listing; otherwise the first rule it breaks. Banned categories first, then
 * the words and patterns in title and description; spirits only count above the cap per bottle.
 */
export function welfareIneligibility(listing: ListingForEligibility, welfare: WelfareRules): Ineligibility | null {
  if (isBannedCategory(listing.category)) return { reason: "category", ruleClass: listing.category };
  const text = normalizeListingText(`${listing.title} ${listing.description}`);
  let spirits: string | null = null;
  for (const rule of welfare.rules) {
    const match = matchOf(rule, text);
    if (!match) continue;
    if (rule.ruleClass === "SPIRITS") spirits ??= match;
    else return { reason: "word", ruleClass: rule.ruleClass, match };
  }
  if (spirits) {
    const perBottleFen = Math.ceil(listing.priceFen / bottlesPerUnit(listing.title, listing.unit));
    if (perBottleFen > welfare.spiritsCapFenPerBottle)
      return { reason: "spiritsAboveCap", match: spirits, perBottleFen, capFen: welfare.spiritsCapFenPerBottle };
  }
  return null;
}
