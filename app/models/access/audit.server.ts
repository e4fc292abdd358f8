// The one audit writer (经审 trail). Every write that changes money, approval, certificate, policy, account or stock
// calls recordAudit with the connection of its own transaction, so the entry commits or rolls back with the change.
import { instant, prepared, q, run, type Instant, type Connection } from "~/utils/sql.server";

export interface AuditEntry {
  /** The acting user; null for the platform itself (webhooks, scheduled work). */
  actorId: number | null;
  /** The organisation the entry belongs to, for scoping the audit page. */
  orgId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  /** What changed: for edits, `{ before, after }`. */
  detail?: Record<string, unknown>;
}

/** Every write appends an entry: compiled once (prepared). */
const insertAudit = prepared(
  (p: { at: Instant; actorId: number | null; orgId: number | null; action: string; entityType: string; entityId: string; detail: string }) =>
    q.insertInto("AuditLog").values({
      at: p.at,
      actorId: p.actorId,
      orgId: p.orgId,
      action: p.action,
      entityType: p.entityType,
      entityId: p.entityId,
      detail: p.detail,
    }),
);

function detailJson(detail: Record<string, unknown> | undefined): string {
  return JSON.stringify(detail ?? {}, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

/** Appends one audit entry inside the caller's transaction. */
export async function recordAudit(connection: Connection, entry: AuditEntry, at = new Date()): Promise<void> {
  await run(
    connection,
    insertAudit({
      at: instant(at.getTime()),
      actorId: entry.actorId,
      orgId: entry.orgId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: String(entry.entityId),
      detail: detailJson(entry.detail),
    }),
  );
}
