import { db, write } from "~/utils/db.server";

export interface AuditEntry {
  actorId: number | null;
  orgId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  detail?: Record<string, unknown>;
}

function toRow(entry: AuditEntry) {
  return {
    actorId: entry.actorId,
    orgId: entry.orgId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    detail: JSON.stringify(entry.detail ?? {}, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
  };
}

/** Records who did what, for the union's audit committee (经审). Call inside the write that made the change. */
export function recordAudit(entry: AuditEntry) {
  return write(() => db.auditLog.create({ data: toRow(entry) }));
}

/** The same, as a statement for the raw connection inside writeSql. */
export const AUDIT_INSERT_SQL = `INSERT INTO "AuditLog" ("at","actorId","orgId","action","entityType","entityId","detail") VALUES (?,?,?,?,?,?,?)`;
export function auditParams(entry: AuditEntry, at = new Date()) {
  const row = toRow(entry);
  return [at.getTime(), row.actorId, row.orgId, row.action, row.entityType, row.entityId, row.detail];
}

export function listAuditForEntity(entityType: string, entityId: string | number) {
  return db.auditLog.findMany({ where: { entityType, entityId: String(entityId) }, orderBy: { id: "asc" } });
}
