// The audit trail as the union's audit committee (经审) reads it: entries in the reader's scope (a union's chair its
// union, leaders their subtree, admin everything), filtered, and exported as CSV or XLSX. Each export is itself
// audited. Entries stay append-only: this module only reads AuditLog and appends the export's own entry.
import ExcelJS from "exceljs";
import { auditScopePath } from "~/domain/account-admin";
import type { Actor } from "~/domain/actor";
import { auditKindOf, describeDetail, detailText, type DetailItem } from "~/domain/audit-entry";
import { chinaDate, startOfChinaDay } from "~/domain/china-time";
import { toCsv } from "~/domain/csv";
import type { Locale, Messages } from "~/locales";
import { labelOf } from "~/locales/label";
import { sqlite, writeSql } from "~/utils/db.server";
import { recordAudit } from "./audit.server";
import { inSubtreeSql } from "../rules-sql.server";

type Reader = Pick<Actor, "userId" | "role" | "org">;

export interface AuditFilters {
  from?: string; // China calendar date, inclusive
  to?: string; // China calendar date, inclusive
  orgId?: number;
  actor?: string; // username or name, partial
  kind?: string;
  orderCode?: string;
}

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_LIMIT = 50_000;

// The organisation an entry belongs to: its own, or for order entries written without one (webhooks), the order's
// union. Entries of a union merged into another stay visible to the survivor's readers through the pointer.
const FROM = `FROM "AuditLog" a
  LEFT JOIN "Order" ord ON a."entityType" = 'Order' AND ord."id" = CAST(a."entityId" AS INTEGER)
  LEFT JOIN "Organization" eo ON eo."id" = COALESCE(a."orgId", ord."unionId")
  LEFT JOIN "Organization" mo ON mo."id" = eo."mergedIntoId"
  LEFT JOIN "User" u ON u."id" = a."actorId"`;

function whereClause(reader: Reader, filters: AuditFilters) {
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  const scope = auditScopePath(reader);
  if (scope != null) {
    clauses.push(`((${inSubtreeSql(`eo."path"`, scope)}) OR (${inSubtreeSql(`mo."path"`, scope)}))`);
  }
  if (filters.from) {
    clauses.push(`a."at" >= ?`);
    params.push(startOfChinaDay(filters.from).getTime());
  }
  if (filters.to) {
    clauses.push(`a."at" < ?`);
    params.push(startOfChinaDay(filters.to).getTime() + 86400_000);
  }
  if (filters.orgId) {
    clauses.push(`(eo."id" = ? OR eo."mergedIntoId" = ?)`);
    params.push(filters.orgId, filters.orgId);
  }
  if (filters.actor) {
    clauses.push(`(u."username" LIKE ? ESCAPE '\\' OR u."name" LIKE ? ESCAPE '\\')`);
    const like = `%${filters.actor.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
    params.push(like, like);
  }
  if (filters.kind) {
    clauses.push(`a."action" LIKE ? ESCAPE '\\'`);
    params.push(`${filters.kind.replace(/[%_\\]/g, (ch) => `\\${ch}`)}.%`);
  }
  if (filters.orderCode) {
    clauses.push(`ord."code" = ?`);
    params.push(filters.orderCode);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

interface EntryRow {
  id: number;
  at: number;
  action: string;
  entityType: string;
  entityId: string;
  detail: string;
  actorUsername: string | null;
  actorName: string | null;
  orgName: string | null;
  orderCode: string | null;
}

function queryEntries(reader: Reader, filters: AuditFilters, limit: number, offset: number): EntryRow[] {
  const where = whereClause(reader, filters);
  return sqlite
    .prepare(
      `SELECT a."id", a."at", a."action", a."entityType", a."entityId", a."detail", u."username" AS "actorUsername", u."name" AS "actorName",
              eo."name" AS "orgName", ord."code" AS "orderCode"
       ${FROM} ${where.sql} ORDER BY a."at" DESC, a."id" DESC LIMIT ? OFFSET ?`,
    )
    .all(...where.params, limit, offset) as EntryRow[];
}

export interface ReadableEntry {
  id: number;
  at: number;
  kind: string;
  action: string;
  actor: string | null;
  orgName: string | null;
  entity: string;
  orderCode: string | null;
  items: DetailItem[];
}

function readable(row: EntryRow, locale: Locale): ReadableEntry {
  return {
    id: row.id,
    at: row.at,
    kind: auditKindOf(row.action),
    action: row.action,
    actor: row.actorUsername ? `${row.actorName} (${row.actorUsername})` : null,
    orgName: row.orgName,
    entity: `${row.entityType} #${row.entityId}`,
    orderCode: row.orderCode,
    items: describeDetail(row.detail, locale),
  };
}

/** One page of entries, newest first, and how many match. */
export function listAuditEntries(reader: Reader, filters: AuditFilters, page: number, locale: Locale) {
  const where = whereClause(reader, filters);
  const total = (sqlite.prepare(`SELECT COUNT(*) AS "n" ${FROM} ${where.sql}`).get(...where.params) as { n: number }).n;
  const rows = queryEntries(reader, filters, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE);
  return { total, entries: rows.map((r) => readable(r, locale)) };
}

/** Organisations the reader may filter by. */
export function auditOrganizations(reader: Reader) {
  const scope = auditScopePath(reader);
  return (
    scope == null
      ? sqlite.prepare(`SELECT "id","name" FROM "Organization" ORDER BY "path"`).all()
      : sqlite.prepare(`SELECT "id","name" FROM "Organization" WHERE ${inSubtreeSql(`"path"`, scope)} ORDER BY "path"`).all()
  ) as Array<{ id: number; name: string }>;
}

export function actionLabel(t: Messages, action: string): string {
  return labelOf(t.audit.actions, action);
}

function exportRows(entries: ReadableEntry[], t: Messages): { header: string[]; rows: string[][] } {
  const fieldLabel = (field: string) => labelOf(t.audit.fields, field);
  return {
    header: [
      t.audit.columns.at,
      t.audit.columns.actor,
      t.audit.columns.org,
      t.audit.columns.kind,
      t.audit.columns.action,
      t.audit.columns.entity,
      t.audit.columns.order,
      t.audit.columns.detail,
    ],
    rows: entries.map((e) => [
      new Date(e.at + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " "),
      e.actor ?? t.audit.system,
      e.orgName ?? "—",
      labelOf(t.audit.kinds, e.kind),
      actionLabel(t, e.action),
      e.entity,
      e.orderCode ?? "",
      detailText(
        e.items.map((i) => (i.field === "role" && i.value ? { ...i, value: labelOf(t.roles, i.value) } : i)),
        fieldLabel,
      ),
    ]),
  };
}

/**
 * The matching entries as a file, newest first (up to AUDIT_EXPORT_LIMIT), and an audit entry saying who exported
 * what. Times are China time.
 */
export async function exportAudit(reader: Reader, filters: AuditFilters, format: "csv" | "xlsx", t: Messages, locale: Locale) {
  const entries = queryEntries(reader, filters, AUDIT_EXPORT_LIMIT, 0).map((r) => readable(r, locale));
  await writeSql((c) => {
    recordAudit(c, {
      actorId: reader.userId,
      orgId: reader.org.id,
      action: "audit.export",
      entityType: "AuditLog",
      entityId: "export",
      detail: { format, rows: entries.length, filters: { ...filters } },
    });
  });
  const table = exportRows(entries, t);
  const fileName = `bangfu-audit-${chinaDate(new Date())}.${format}`;
  if (format === "csv") return { fileName, body: toCsv(table.header, table.rows), contentType: "text/csv; charset=utf-8" };
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Bangfu";
  const sheet = workbook.addWorksheet(t.audit.title.replace(/[\\/?*[\]:]/g, " ").slice(0, 31));
  sheet.addRow(table.header).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.columns.forEach((column, i) => {
    column.width = i === table.header.length - 1 ? 80 : 20;
  });
  return {
    fileName,
    body: new Uint8Array(await workbook.xlsx.writeBuffer()),
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  };
}
