// The audit trail as the union's audit committee (经审) reads it: entries in the reader's scope (a union's chair its
// union, leaders their subtree, admin everything), filtered, and exported as CSV or XLSX. Each export is itself
// audited. Entries stay append-only: this module only reads AuditLog and appends the export's own entry.
import { sql, type SqlBool } from "kysely";
import { auditScopePath } from "~/domain/account-admin";
import type { Actor } from "~/domain/actor";
import { auditKindOf, describeDetail, detailText, type DetailItem } from "~/domain/audit-entry";
import { chinaDate, chinaDateTime, startOfChinaDay } from "~/domain/china-time";
import type { Locale, Messages } from "~/locales";
import { labelOf } from "~/locales/label";
import { reader as reads, transaction } from "~/utils/db.server";
import { engine } from "~/utils/engine.server";
import { all, containsText, escapeLike, like, one, q, instant } from "~/utils/sql.server";
import { recordAudit } from "./audit.server";
import { tableDownload } from "~/utils/table-download.server";
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
function matchingEntries(reader: Reader, filters: AuditFilters) {
  let query = q
    .selectFrom("AuditLog as a")
    // The id is cast only on Order entries: PostgreSQL refuses to cast other entities' ids ("export") to an integer,
    // and does not promise to test the entity type first unless CASE says so.
    .leftJoin("Order as ord", (join) =>
      join
        .on("a.entityType", "=", "Order")
        .on((eb) => eb("ord.id", "=", eb.case().when("a.entityType", "=", "Order").then(eb.cast<number>("a.entityId", "integer")).end())),
    )
    .leftJoin("Organization as eo", (join) => join.on((eb) => eb("eo.id", "=", eb.fn.coalesce("a.orgId", "ord.unionId"))))
    .leftJoin("Organization as mo", "mo.id", "eo.mergedIntoId")
    .leftJoin("User as u", "u.id", "a.actorId");
  const scope = auditScopePath(reader);
  if (scope != null) {
    query = query.where((eb) =>
      eb.or([sql.raw<SqlBool>(inSubtreeSql(`eo."path"`, scope, engine)), sql.raw<SqlBool>(inSubtreeSql(`mo."path"`, scope, engine))]),
    );
  }
  if (filters.from) query = query.where("a.at", ">=", instant(startOfChinaDay(filters.from).getTime()));
  if (filters.to) query = query.where("a.at", "<", instant(startOfChinaDay(filters.to).getTime() + 86400_000));
  const orgId = filters.orgId;
  if (orgId) query = query.where((eb) => eb.or([eb("eo.id", "=", orgId), eb("eo.mergedIntoId", "=", orgId)]));
  const actor = filters.actor;
  if (actor) query = query.where((eb) => eb.or([containsText(eb.ref("u.username"), actor), containsText(eb.ref("u.name"), actor)]));
  const kind = filters.kind;
  if (kind) query = query.where((eb) => like(eb.ref("a.action"), `${escapeLike(kind)}.%`));
  if (filters.orderCode) query = query.where("ord.code", "=", filters.orderCode);
  return query;
}

function queryEntries(reader: Reader, filters: AuditFilters, limit: number, offset: number) {
  return all(
    reads,
    matchingEntries(reader, filters)
      .select([
        "a.id",
        "a.at",
        "a.action",
        "a.entityType",
        "a.entityId",
        "a.detail",
        "u.username as actorUsername",
        "u.name as actorName",
        "eo.name as orgName",
        "ord.code as orderCode",
      ])
      .orderBy("a.at", "desc")
      .orderBy("a.id", "desc")
      .limit(limit)
      .offset(offset),
  );
}

type EntryRow = Awaited<ReturnType<typeof queryEntries>>[number];

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
export async function listAuditEntries(reader: Reader, filters: AuditFilters, page: number, locale: Locale) {
  const total = (
    await one(
      reads,
      matchingEntries(reader, filters).select((eb) => eb.fn.countAll<number>().as("n")),
    )
  ).n;
  const rows = await queryEntries(reader, filters, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE);
  return { total, entries: rows.map((r) => readable(r, locale)) };
}

/** Organisations the reader may filter by. */
export function auditOrganizations(reader: Reader) {
  const scope = auditScopePath(reader);
  const query = q.selectFrom("Organization").select(["id", "name"]).orderBy("path");
  return all(reads, scope == null ? query : query.where(sql.raw<SqlBool>(inSubtreeSql(`"path"`, scope, engine))));
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
      chinaDateTime(new Date(e.at)),
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
  const entries = (await queryEntries(reader, filters, AUDIT_EXPORT_LIMIT, 0)).map((r) => readable(r, locale));
  await transaction(async (c) => {
    await recordAudit(c, {
      actorId: reader.userId,
      orgId: reader.org.id,
      action: "audit.export",
      entityType: "AuditLog",
      entityId: "export",
      detail: { format, rows: entries.length, filters: { ...filters } },
    });
  });
  const { header, rows } = exportRows(entries, t);
  // The detail column holds before → after text: wide.
  const widths = header.map((_, i) => (i === header.length - 1 ? 80 : 20));
  return tableDownload({ name: t.audit.title, header, rows, widths }, format, `bangfu-audit-${chinaDate(new Date())}`);
}
