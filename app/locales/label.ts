import type { Messages } from "~/locales";

/** A label from a message map for a value read from the database; unknown values show as they are. */
export function labelOf(map: Record<string, string>, key: string | null | undefined): string {
  if (key == null) return "—";
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : key;
}

/** An order address's label: the builder stores "收货地址 N" (numbered addresses), shown in the user's language. */
export function addressLabel(addressNumber: (n: number) => string, stored: string): string {
  const numbered = /^收货地址 (\d+)$/.exec(stored);
  return numbered ? addressNumber(Number(numbered[1])) : stored;
}

/** A broken welfare rule as recorded on a listing (domain Ineligibility, or the JSON of one read back). */
export interface RecordedIneligibility {
  reason?: string;
  ruleClass?: string;
  match?: string;
  perBottleFen?: number;
  capFen?: number;
}

/** The message naming the welfare rule a listing breaks, in the user's language: on the form and on the listing. */
export function ineligibilityMessage(l: Messages["eligibility"], r: RecordedIneligibility): string {
  if (r.reason === "spiritsAboveCap" && r.match && r.perBottleFen != null && r.capFen != null) return l.spirits(r.match, r.perBottleFen, r.capFen);
  if (r.reason === "word" && r.match) return l.word(labelOf(l.classes, r.ruleClass), r.match);
  return l.category(labelOf(l.classes, r.ruleClass));
}
