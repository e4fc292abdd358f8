// How an audit entry reads for the audit committee: its kind (the action's first word), and its detail as a list
// of changes (before → after) or facts. Pure, so the page and the CSV/XLSX export say exactly the same thing.
import { formatMoney } from "./money";

export const AUDIT_KINDS = [
  "order",
  "payment",
  "refund",
  "bankTransfer",
  "settlement",
  "certificate",
  "product",
  "welfareBudget",
  "welfarePolicy",
  "offPlatformSpending",
  "organization",
  "supplier",
  "user",
  "account",
  "audit",
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export function auditKindOf(action: string): string {
  return action.split(".")[0];
}

export interface DetailItem {
  field: string;
  before?: string;
  after?: string;
  value?: string;
}

function show(field: string, value: unknown, locale: string): string {
  if (value == null || value === "") return "—";
  if (/Fen$/.test(field) && (typeof value === "number" || (typeof value === "string" && /^-?\d+$/.test(value)))) return formatMoney(Number(value), locale);
  if (typeof value === "boolean") return value ? "✓" : "✗";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** The detail JSON as readable items; `{ before, after }` becomes one item per changed field. */
export function describeDetail(detailJson: string, locale: string): DetailItem[] {
  let detail: unknown;
  try {
    detail = JSON.parse(detailJson);
  } catch {
    return [{ field: "detail", value: detailJson }];
  }
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return [];
  const record = detail as Record<string, unknown>;
  const items: DetailItem[] = [];
  const before = record.before,
    after = record.after;
  if (before && after && typeof before === "object" && typeof after === "object" && !Array.isArray(before) && !Array.isArray(after)) {
    const b = before as Record<string, unknown>,
      a = after as Record<string, unknown>;
    for (const field of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
      const was = show(field, b[field], locale),
        now = show(field, a[field], locale);
      if (was !== now) items.push({ field, before: was, after: now });
    }
  } else if (before !== undefined || after !== undefined) {
    items.push({ field: "value", before: show("value", before, locale), after: show("value", after, locale) });
  }
  for (const [field, value] of Object.entries(record)) {
    if (field === "before" || field === "after") continue;
    items.push({ field, value: show(field, value, locale) });
  }
  return items;
}

/** One line of text for exports: "name: a → b; amount: ¥1.00". */
export function detailText(items: DetailItem[], fieldLabel: (field: string) => string): string {
  return items.map((i) => (i.value !== undefined ? `${fieldLabel(i.field)}: ${i.value}` : `${fieldLabel(i.field)}: ${i.before} → ${i.after}`)).join("; ");
}
