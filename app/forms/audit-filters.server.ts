// The /audit page's filters from its URL (shared by the page and its export, so both show the same entries).
import type { AuditFilters } from "~/models/access/audit-trail.server";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function auditFiltersFrom(params: URLSearchParams): { filters: AuditFilters; page: number; invalid: boolean } {
  const text = (name: string, max = 50) => {
    const value = (params.get(name) ?? "").trim().slice(0, max);
    return value || undefined;
  };
  const date = (name: string) => {
    const value = text(name, 10);
    return value && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
  };
  const from = date("from"),
    to = date("to");
  const invalid = (text("from") !== undefined && !from) || (text("to") !== undefined && !to);
  const orgId = Number(params.get("org"));
  const page = Number(params.get("page"));
  return {
    filters: {
      from,
      to,
      orgId: Number.isInteger(orgId) && orgId > 0 ? orgId : undefined,
      actor: text("actor"),
      kind: text("kind", 30),
      orderCode: text("order"),
    },
    page: Number.isInteger(page) && page > 0 && page < 100_000 ? page : 1,
    invalid,
  };
}
