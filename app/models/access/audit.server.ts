// The one audit writer (经审 trail). Every write that changes money, approval, certificate, policy, account or stock
// calls recordAudit with the connection of its own transaction, so the entry commits or rolls back with the change.
import type Database from "better-sqlite3";

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

const INSERT_AUDIT = `INSERT INTO "AuditLog" ("at","actorId","orgId","action","entityType","entityId","detail") VALUES (?,?,?,?,?,?,?)`;

function detailJson(detail: Record<string, unknown> | undefined): string {
  return JSON.stringify(detail ?? {}, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

/** Appends one audit entry inside the caller's writeSql transaction. */
export function recordAudit(connection: Database.Database, entry: AuditEntry, at = new Date()): void {
  connection
    .prepare(INSERT_AUDIT)
    .run(at.getTime(), entry.actorId, entry.orgId, entry.action, entry.entityType, String(entry.entityId), detailJson(entry.detail));
}
