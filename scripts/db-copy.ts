// npm run db:copy -- --from file:data/bangfu.db --to postgresql://user@host:5432/bangfu [--batch 5000] [--verify-only]
// Copies a SQLite database into an EMPTY PostgreSQL database (docs/decisions/0193-db-copy.md): migrates the target
// with scripts/pg-migrate.mjs, refuses it when any table already holds rows (beyond the reference rows the baseline
// migration inserts), copies every table in foreign-key order in batches inside ONE transaction, converting each value
// by the target column's type, sets every serial sequence past the copied ids, then verifies before committing:
// per table the row count and an order-independent checksum of every row's normalised values on both sides, every
// sequence, and the kept report figures against their recomputation on PostgreSQL
// (app/models/welfare/report-verify-postgres.server.ts). Any difference rolls the copy back and exits 1.
// --verify-only checks an earlier copy against the source without writing anything.
// The catalog search index (ProductSearch: FTS5 on SQLite, token arrays on PostgreSQL, ADR 0196) is not copied but
// rebuilt on the target by the app's PostgreSQL writer, and checked against the source's index; uploads are not
// touched (they stay where they are).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { z } from "zod";
import { rebuildProductSearchIndexPostgres } from "../app/models/catalog/product-search-index.server";
import { postgresReportDifferences, type ReportCheckCounts, type ReportDifferencePg } from "../app/models/welfare/report-verify-postgres.server";
import { migrate, migrationsIn } from "./pg-migrate.mjs";

/** SQLite tables that are not data: the engine's own, Prisma's history. FTS5 tables are found in the catalog. */
const SQLITE_INTERNAL = new Set(["sqlite_sequence", "sqlite_stat1", "sqlite_stat4", "_prisma_migrations"]);
/** PostgreSQL tables that are not data: the migration runner's history. */
const PG_INTERNAL = new Set(["_bangfu_migrations"]);
/** Derived tables (with their SQLite shadow tables and PostgreSQL companions, e.g. ProductSearchTotals): not copied. */
const DERIVED = ["ProductSearch"];

type Kind = "int" | "bool" | "timestamptz" | "float" | "text";
const INT_RANGE: Record<string, [bigint, bigint]> = {
  int2: [-(2n ** 15n), 2n ** 15n - 1n],
  int4: [-(2n ** 31n), 2n ** 31n - 1n],
  int8: [-(2n ** 63n), 2n ** 63n - 1n],
};
const KIND_OF_TYPE: Record<string, Kind> = {
  int2: "int",
  int4: "int",
  int8: "int",
  bool: "bool",
  timestamptz: "timestamptz",
  float4: "float",
  float8: "float",
  text: "text",
  varchar: "text",
};

interface Column {
  name: string;
  typname: string;
  /** The type as PostgreSQL spells it, e.g. `timestamp(3) with time zone`, for the batch's array parameters. */
  sqlType: string;
  kind: Kind;
}
interface TablePlan {
  name: string;
  columns: Column[];
  /** Target columns the source lacks: generated or defaulted on PostgreSQL, left to the target. */
  targetOnly: string[];
  /** Columns of this table referencing its own rows (Organization.parentId), with the columns they reference. */
  selfReferences: Array<{ columns: string[]; references: string[] }>;
  serial: Array<{ column: string; sequence: string }>;
}
export interface TableCheck {
  table: string;
  /** A derived table rebuilt on the target (the search index), compared with the source's own. */
  rebuilt?: boolean;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
}
export interface SequenceCheck {
  table: string;
  column: string;
  expectedNext: string;
  actualNext: string;
}
export interface CopyReport {
  tables: TableCheck[];
  sequences: SequenceCheck[];
  report: { differences: ReportDifferencePg[]; checked: ReportCheckCounts };
  skipped: string[];
  targetOnlyColumns: string[];
  differences: number;
  copySeconds: number;
  verifySeconds: number;
}

/** The target is not empty (or not a Bangfu database): nothing was written. */
export class CopyRefused extends Error {}

const q = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

function sqliteFile(from: string): string {
  return path.resolve(from.replace(/^file:/, ""));
}

// ----- catalogs ---------------------------------------------------------------------------------------------------

const sqliteMasterRows = z.array(z.object({ name: z.string(), sql: z.string().nullable() }));
const pragmaColumns = z.array(z.object({ name: z.string() }));
const sqliteSequenceRows = z.array(z.object({ name: z.string(), seq: z.union([z.number(), z.bigint()]) }));

function sourceTables(sqlite: Database.Database): { tables: Map<string, string[]>; skipped: string[] } {
  const rows = sqliteMasterRows.parse(sqlite.prepare(`SELECT "name", "sql" FROM sqlite_master WHERE "type" = 'table' ORDER BY "name"`).all());
  const virtual = rows.filter((r) => /^CREATE VIRTUAL TABLE/i.test(r.sql ?? "")).map((r) => r.name);
  const unknownVirtual = virtual.filter((name) => !DERIVED.includes(name));
  if (unknownVirtual.length) {
    throw new Error(`The source has virtual tables db:copy does not know how to carry over: ${unknownVirtual.join(", ")} (docs/decisions/0193-db-copy.md)`);
  }
  const tables = new Map<string, string[]>();
  const skipped: string[] = [];
  for (const { name } of rows) {
    const shadow = virtual.some((v) => name.startsWith(`${v}_`));
    if (SQLITE_INTERNAL.has(name) || name.startsWith("sqlite_")) continue;
    if (virtual.includes(name) || shadow) {
      skipped.push(name);
      continue;
    }
    tables.set(
      name,
      pragmaColumns.parse(sqlite.prepare(`SELECT "name" FROM pragma_table_info(?)`).all(name)).map((c) => c.name),
    );
  }
  return { tables, skipped };
}

function sqliteSequences(sqlite: Database.Database): Map<string, bigint> {
  const exists = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE "name" = 'sqlite_sequence'`).get();
  if (!exists) return new Map();
  const rows = sqliteSequenceRows.parse(sqlite.prepare(`SELECT "name", "seq" FROM sqlite_sequence`).safeIntegers(true).all());
  return new Map(rows.map((r) => [r.name, BigInt(r.seq)]));
}

interface PgColumnRow {
  table: string;
  column: string;
  typname: string;
  sqlType: string;
  generated: boolean;
  hasDefault: boolean;
  notNull: boolean;
  sequence: string | null;
}
interface PgForeignKeyRow {
  from: string;
  to: string;
  columns: string[];
  references: string[];
}

async function targetCatalog(client: pg.ClientBase) {
  const { rows: columns } = await client.query<PgColumnRow>(`
    SELECT c.relname AS "table", a.attname AS "column", t.typname AS "typname", format_type(a.atttypid, a.atttypmod) AS "sqlType",
           a.attgenerated <> '' AS "generated", a.atthasdef AS "hasDefault", a.attnotnull AS "notNull",
           pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS "sequence"
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_type t ON t.oid = a.atttypid
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
    ORDER BY c.relname, a.attnum`);
  const { rows: foreignKeys } = await client.query<PgForeignKeyRow>(`
    SELECT src.relname AS "from", dst.relname AS "to",
           ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS x(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.attnum ORDER BY x.ord)::text[] AS "columns",
           ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY AS x(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.attnum ORDER BY x.ord)::text[] AS "references"
    FROM pg_constraint k JOIN pg_class src ON src.oid = k.conrelid JOIN pg_class dst ON dst.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = src.relnamespace
    WHERE k.contype = 'f' AND n.nspname = current_schema()`);
  return { columns, foreignKeys };
}

/** Tables in an order where every table comes after the tables its foreign keys reference (self-references aside). */
export function foreignKeyOrder(tables: string[], foreignKeys: Array<{ from: string; to: string }>): string[] {
  const pending = new Map(tables.map((t) => [t, new Set(foreignKeys.filter((f) => f.from === t && f.to !== t).map((f) => f.to))]));
  const order: string[] = [];
  while (pending.size) {
    const ready = [...pending.keys()].filter((t) => [...(pending.get(t) ?? [])].every((d) => !pending.has(d))).sort();
    if (!ready.length) throw new Error(`Foreign keys form a cycle between ${[...pending.keys()].join(", ")}: db:copy cannot order them`);
    for (const t of ready) {
      order.push(t);
      pending.delete(t);
    }
  }
  return order;
}

async function plan(sqlite: Database.Database, client: pg.ClientBase) {
  const source = sourceTables(sqlite);
  const catalog = await targetCatalog(client);
  const byTable = new Map<string, PgColumnRow[]>();
  const derivedTargets = new Set<string>();
  for (const c of catalog.columns) {
    if (PG_INTERNAL.has(c.table)) continue;
    if (DERIVED.some((d) => c.table.startsWith(d))) {
      derivedTargets.add(c.table);
      continue;
    }
    byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  }
  const problems: string[] = [];
  for (const t of source.tables.keys()) if (!byTable.has(t)) problems.push(`table ${t} is in the source but not on the target`);
  for (const t of byTable.keys()) if (!source.tables.has(t)) problems.push(`table ${t} is on the target but not in the source`);
  const tables: TablePlan[] = [];
  const targetOnlyColumns: string[] = [];
  for (const [name, targetColumns] of byTable) {
    const sourceColumns = source.tables.get(name);
    if (!sourceColumns) continue;
    const columns: Column[] = [];
    const targetOnly: string[] = [];
    for (const c of targetColumns) {
      if (!sourceColumns.includes(c.column)) {
        if (c.generated || c.hasDefault || !c.notNull) targetOnly.push(c.column);
        else problems.push(`${name}.${c.column} is required on the target but missing in the source`);
        continue;
      }
      if (c.generated) continue;
      const kind = KIND_OF_TYPE[c.typname];
      if (!kind) {
        problems.push(`${name}.${c.column} has type ${c.sqlType}, which db:copy does not convert`);
        continue;
      }
      columns.push({ name: c.column, typname: c.typname, sqlType: c.sqlType, kind });
    }
    for (const c of sourceColumns) {
      if (!targetColumns.some((t) => t.column === c)) problems.push(`${name}.${c} is in the source but not on the target`);
    }
    targetOnlyColumns.push(...targetOnly.map((c) => `${name}.${c}`));
    tables.push({
      name,
      columns,
      targetOnly,
      selfReferences: catalog.foreignKeys.filter((f) => f.from === name && f.to === name).map((f) => ({ columns: f.columns, references: f.references })),
      serial: targetColumns.filter((c) => c.sequence != null).map((c) => ({ column: c.column, sequence: c.sequence ?? "" })),
    });
  }
  if (problems.length) {
    throw new Error(
      `The source and the target schema differ (migrate the source with npm run setup, regenerate the PostgreSQL schema):\n  ${problems.join("\n  ")}`,
    );
  }
  const order = foreignKeyOrder(
    tables.map((t) => t.name),
    catalog.foreignKeys,
  );
  return {
    tables: order.map((name) => tables.find((t) => t.name === name)).filter((t): t is TablePlan => t != null),
    skipped: source.skipped,
    derivedTargets: [...derivedTargets].sort(),
    targetOnlyColumns,
  };
}

// ----- values -----------------------------------------------------------------------------------------------------

/** SQLite's `CURRENT_TIMESTAMP` text ('YYYY-MM-DD HH:MM:SS', UTC) or ISO 8601, as epoch ms; NaN when neither. */
function parseInstantText(text: string): number {
  const sqliteForm = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text);
  return Date.parse(sqliteForm ? `${text.replace(" ", "T")}Z` : text);
}

function describe(value: unknown): string {
  return typeof value === "bigint" ? `${value}` : (JSON.stringify(value) ?? String(value));
}

/**
 * One SQLite value as the text PostgreSQL reads for the target column's type (null stays null). Throws on a value the
 * column cannot hold, rather than guessing.
 */
export function convertValue(value: unknown, column: Column): string | null {
  if (value === null || value === undefined) return null;
  const fail = (why: string): never => {
    throw new Error(`value ${describe(value)} cannot be stored in ${column.name} (${column.sqlType}): ${why}`);
  };
  switch (column.kind) {
    case "int": {
      let n: bigint;
      if (typeof value === "bigint") n = value;
      else if (typeof value === "number" && Number.isInteger(value)) n = BigInt(value);
      else if (typeof value === "string" && /^-?\d+$/.test(value.trim())) n = BigInt(value.trim());
      else return fail("not an integer");
      const [min, max] = INT_RANGE[column.typname];
      if (n < min || n > max) fail(`outside the ${column.typname} range`);
      return n.toString();
    }
    case "bool":
      if (value === 0n || value === 0) return "f";
      if (value === 1n || value === 1) return "t";
      return fail("a boolean is stored as 0 or 1");
    case "timestamptz": {
      const ms = typeof value === "bigint" || typeof value === "number" ? Number(value) : typeof value === "string" ? parseInstantText(value) : NaN;
      const date = new Date(ms);
      if (!Number.isFinite(ms) || Number.isNaN(date.getTime())) fail("not an instant (epoch milliseconds)");
      return date.toISOString();
    }
    case "float":
      if (typeof value === "bigint" || typeof value === "number") return String(Number(value));
      if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return String(Number(value));
      return fail("not a number");
    case "text":
      if (typeof value === "string") {
        if (value.includes("\u0000")) fail("PostgreSQL text cannot hold a NUL character");
        return value;
      }
      if (typeof value === "bigint" || typeof value === "number") return String(value);
      return fail("binary data in a text column");
  }
}

/**
 * The canonical text of one value for the checksum, computed the same way from a SQLite value (raw, before any
 * conversion) and from what the pg driver returns for the target column: integers in decimal, booleans t/f, instants
 * as epoch ms, floats as JavaScript's shortest round-trip form, text as is, NULL as JSON null.
 */
export function normalise(value: unknown, kind: Kind): string | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case "int":
      return typeof value === "bigint" || typeof value === "number" || typeof value === "string" ? String(value) : `?${describe(value)}`;
    case "bool":
      if (value === true || value === 1n || value === 1) return "t";
      if (value === false || value === 0n || value === 0) return "f";
      return `?${describe(value)}`;
    case "timestamptz":
      if (value instanceof Date) return String(value.getTime());
      if (typeof value === "bigint" || typeof value === "number") return String(Number(value));
      if (typeof value === "string") return String(parseInstantText(value));
      return `?${describe(value)}`;
    case "float":
      return typeof value === "bigint" || typeof value === "number" || typeof value === "string" ? String(Number(value)) : `?${describe(value)}`;
    case "text":
      return typeof value === "string" ? value : typeof value === "bigint" || typeof value === "number" ? String(value) : `?${describe(value)}`;
  }
}

const MOD64 = 1n << 64n;
/** Order-independent: the sum modulo 2^64 of the first 8 bytes of each row's SHA-256 (a sum, so duplicates count). */
class RowChecksum {
  rows = 0;
  private sum = 0n;
  add(values: Array<string | null>) {
    this.rows++;
    const digest = crypto.createHash("sha256").update(JSON.stringify(values)).digest();
    this.sum = (this.sum + digest.readBigUInt64BE(0)) % MOD64;
  }
  get hex() {
    return this.sum.toString(16).padStart(16, "0");
  }
}

// ----- copying ----------------------------------------------------------------------------------------------------

function* sourceRows(sqlite: Database.Database, table: TablePlan): Generator<unknown[]> {
  const columns = table.columns.map((c) => q(c.name)).join(", ");
  for (const row of sqlite
    .prepare(`SELECT ${columns} FROM ${q(table.name)}`)
    .safeIntegers(true)
    .raw(true)
    .iterate()) {
    if (!Array.isArray(row)) throw new Error(`${table.name}: better-sqlite3 returned a row that is not an array`);
    yield row;
  }
}

/** A self-referencing table's rows, parents before children (rows whose parent never appears go last). */
function parentsFirst(table: TablePlan, rows: unknown[][]): unknown[][] {
  const index = (name: string) => table.columns.findIndex((c) => c.name === name);
  const keyOf = (row: unknown[], columns: string[]) => JSON.stringify(columns.map((c) => describe(row[index(c)])));
  const present = new Set(rows.flatMap((row) => table.selfReferences.map((r) => keyOf(row, r.references))));
  const placed = new Set<string>();
  const ordered: unknown[][] = [];
  let remaining = rows;
  while (remaining.length) {
    const next: unknown[][] = [];
    for (const row of remaining) {
      const ready = table.selfReferences.every((r) => {
        if (r.columns.some((c) => row[index(c)] == null)) return true;
        const parent = keyOf(row, r.columns);
        return placed.has(parent) || !present.has(parent);
      });
      if (!ready) {
        next.push(row);
        continue;
      }
      ordered.push(row);
      for (const r of table.selfReferences) placed.add(keyOf(row, r.references));
    }
    if (next.length === remaining.length) return [...ordered, ...next]; // a cycle: PostgreSQL will name it
    remaining = next;
  }
  return ordered;
}

async function insertBatch(client: pg.ClientBase, table: TablePlan, rows: unknown[][]) {
  const columnArrays = table.columns.map((column, i) =>
    rows.map((row) => {
      try {
        return convertValue(row[i], column);
      } catch (error) {
        const id = table.columns.findIndex((c) => c.name === "id");
        const where = id >= 0 ? ` (row id ${describe(row[id])})` : "";
        throw new Error(`${table.name}${where}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
  const names = table.columns.map((c) => q(c.name)).join(", ");
  const unnest = table.columns.map((c, i) => `$${i + 1}::${c.sqlType}[]`).join(", ");
  await client.query(`INSERT INTO ${q(table.name)} (${names}) SELECT * FROM unnest(${unnest})`, columnArrays);
}

async function copyTable(sqlite: Database.Database, client: pg.ClientBase, table: TablePlan, batchSize: number): Promise<number> {
  let copied = 0;
  if (table.selfReferences.length) {
    const rows = parentsFirst(table, [...sourceRows(sqlite, table)]);
    for (let i = 0; i < rows.length; i += batchSize) await insertBatch(client, table, rows.slice(i, i + batchSize));
    return rows.length;
  }
  let batch: unknown[][] = [];
  for (const row of sourceRows(sqlite, table)) {
    batch.push(row);
    if (batch.length >= batchSize) {
      await insertBatch(client, table, batch);
      copied += batch.length;
      batch = [];
    }
  }
  if (batch.length) await insertBatch(client, table, batch);
  return copied + batch.length;
}

/** Per table, the ids of the reference rows the PostgreSQL migrations insert (WelfareBanRule, …). */
export function migrationReferenceRows(): Map<string, bigint[]> {
  const result = new Map<string, bigint[]>();
  for (const { sql } of migrationsIn()) {
    const lines = sql.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const header = /^INSERT INTO "([^"]+)" \("id"[,)].*?VALUES(?: \((\d+),)?/.exec(lines[i]);
      if (!header) continue;
      const ids = result.get(header[1]) ?? [];
      if (header[2]) ids.push(BigInt(header[2])); // a single row on the INSERT's own line
      for (let j = i + 1; j < lines.length; j++) {
        const tuple = /^\s+\((\d+),/.exec(lines[j]);
        if (!tuple) break;
        ids.push(BigInt(tuple[1]));
      }
      result.set(header[1], ids);
    }
  }
  return result;
}

/** Throws CopyRefused when any table holds rows other than the migrations' own reference rows. */
async function assertEmpty(client: pg.ClientBase, tables: string[], reference: Map<string, bigint[]>) {
  const occupied: string[] = [];
  for (const table of tables) {
    const ids = reference.get(table);
    const { rows } = ids
      ? await client.query<{ n: string }>(`SELECT COUNT(*) AS "n" FROM ${q(table)} WHERE NOT ("id" = ANY($1::bigint[]))`, [ids.map(String)])
      : await client.query<{ n: string }>(`SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM ${q(table)} LIMIT 1000) AS t`);
    if (Number(rows[0].n) > 0) occupied.push(`${table} (${Number(rows[0].n) >= 1000 ? "1000 or more" : rows[0].n} rows)`);
  }
  if (occupied.length) {
    throw new CopyRefused(
      `The target database is not empty: ${occupied.join(", ")}. db:copy only copies into an empty database (created and ` +
        `migrated, nothing else); nothing was written. Create a new database, or drop and recreate this one, and run again.`,
    );
  }
}

/** Throws CopyRefused when the target has tables but is not a Bangfu database; true when it has no tables at all. */
async function assertOursOrBlank(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ ours: boolean; tables: string }>(
    `SELECT to_regclass('"_bangfu_migrations"') IS NOT NULL AS "ours",
            (SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')) AS "tables"`,
  );
  if (!rows[0].ours && Number(rows[0].tables) > 0) {
    throw new CopyRefused(`The target database has tables but no Bangfu migration history ("_bangfu_migrations"): not ours, nothing was written.`);
  }
  return Number(rows[0].tables) === 0;
}

/**
 * The checks copyDatabase makes before it writes, made early and read-only (for a caller about to spend minutes
 * producing the source, e.g. `generate-data --to`): throws CopyRefused when the target is not ours or holds rows
 * beyond the migrations' reference rows. copyDatabase checks again under its table lock.
 */
export async function assertTargetEmpty(to: string): Promise<void> {
  const client = new pg.Client({ connectionString: to });
  await client.connect();
  try {
    if (await assertOursOrBlank(client)) return;
    const { rows } = await client.query<{ table: string }>(
      `SELECT c.relname AS "table" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1`,
    );
    await assertEmpty(
      client,
      rows.map((r) => r.table).filter((t) => !PG_INTERNAL.has(t)),
      migrationReferenceRows(),
    );
  } finally {
    await client.end();
  }
}

async function setSequences(client: pg.ClientBase, tables: TablePlan[], sqliteSeq: Map<string, bigint>) {
  for (const table of tables) {
    for (const { column, sequence } of table.serial) {
      const { rows } = await client.query<{ max: string | null }>(`SELECT MAX(${q(column)})::text AS "max" FROM ${q(table.name)}`);
      const last = [BigInt(rows[0].max ?? "0"), sqliteSeq.get(table.name) ?? 0n].reduce((a, b) => (a > b ? a : b));
      if (last > 0n) await client.query(`SELECT setval($1, $2::bigint, true)`, [sequence, last.toString()]);
      else await client.query(`SELECT setval($1, 1, false)`, [sequence]);
    }
  }
}

// ----- verifying --------------------------------------------------------------------------------------------------

function sourceChecksum(sqlite: Database.Database, table: TablePlan): RowChecksum {
  const sum = new RowChecksum();
  for (const row of sourceRows(sqlite, table)) sum.add(table.columns.map((c, i) => normalise(row[i], c.kind)));
  return sum;
}

async function targetChecksum(client: pg.ClientBase, table: TablePlan, batchSize: number): Promise<RowChecksum> {
  const sum = new RowChecksum();
  const cursor = `db_copy_${table.name.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`;
  await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${table.columns.map((c) => q(c.name)).join(", ")} FROM ${q(table.name)}`);
  for (;;) {
    const { rows } = await client.query<unknown[]>({ text: `FETCH ${batchSize} FROM ${cursor}`, rowMode: "array" });
    for (const row of rows) sum.add(table.columns.map((c, i) => normalise(row[i], c.kind)));
    if (rows.length < batchSize) break;
  }
  await client.query(`CLOSE ${cursor}`);
  return sum;
}

/**
 * The rebuilt PostgreSQL search rows against the source's FTS5 index: the same listings with the same title and body
 * tokens (both engines' writers share the tokeniser, app/models/catalog/product-search-index.server.ts).
 */
async function searchCheck(sqlite: Database.Database, client: pg.ClientBase): Promise<TableCheck> {
  const source = new RowChecksum();
  for (const row of sqlite.prepare(`SELECT rowid, "title", "body" FROM "ProductSearch"`).safeIntegers(true).raw(true).iterate()) {
    if (!Array.isArray(row)) throw new Error("ProductSearch: better-sqlite3 returned a row that is not an array");
    source.add(row.map((v) => normalise(v, "text")));
  }
  const target = new RowChecksum();
  const { rows } = await client.query<unknown[]>({
    text: `SELECT "id", array_to_string("title", ' '), array_to_string("body", ' ') FROM "ProductSearch"`,
    rowMode: "array",
  });
  for (const row of rows) target.add(row.map((v) => normalise(v, "text")));
  return {
    table: "ProductSearch (rebuilt)",
    rebuilt: true,
    sourceRows: source.rows,
    targetRows: target.rows,
    sourceChecksum: source.hex,
    targetChecksum: target.hex,
  };
}

async function checkSequences(client: pg.ClientBase, tables: TablePlan[], sqliteSeq: Map<string, bigint>): Promise<SequenceCheck[]> {
  const checks: SequenceCheck[] = [];
  for (const table of tables) {
    for (const { column, sequence } of table.serial) {
      const { rows } = await client.query<{ max: string | null }>(`SELECT MAX(${q(column)})::text AS "max" FROM ${q(table.name)}`);
      const last = [BigInt(rows[0].max ?? "0"), sqliteSeq.get(table.name) ?? 0n].reduce((a, b) => (a > b ? a : b));
      const seq = await client.query<{ last: string; called: boolean }>(`SELECT "last_value"::text AS "last", "is_called" AS "called" FROM ${sequence}`);
      const next = seq.rows[0].called ? BigInt(seq.rows[0].last) + 1n : BigInt(seq.rows[0].last);
      checks.push({ table: table.name, column, expectedNext: (last + 1n).toString(), actualNext: next.toString() });
    }
  }
  return checks;
}

async function verify(sqlite: Database.Database, client: pg.ClientBase, tables: TablePlan[], batchSize: number, log: (line: string) => void, search: boolean) {
  const checks: TableCheck[] = [];
  let started = performance.now();
  for (const table of tables) {
    const s = sourceChecksum(sqlite, table);
    const t = await targetChecksum(client, table, batchSize);
    checks.push({ table: table.name, sourceRows: s.rows, targetRows: t.rows, sourceChecksum: s.hex, targetChecksum: t.hex });
  }
  if (search) checks.push(await searchCheck(sqlite, client));
  const sequences = await checkSequences(client, tables, sqliteSequences(sqlite));
  log(`checksummed both sides and checked the sequences in ${((performance.now() - started) / 1000).toFixed(1)}s`);
  started = performance.now();
  const report = await postgresReportDifferences(client);
  log(`recomputed the report figures on PostgreSQL in ${((performance.now() - started) / 1000).toFixed(1)}s`);
  const differences =
    checks.filter((c) => c.sourceRows !== c.targetRows || c.sourceChecksum !== c.targetChecksum).length +
    sequences.filter((s) => s.expectedNext !== s.actualNext).length +
    report.differences.length;
  return { tables: checks, sequences, report, differences };
}

// ----- the command ------------------------------------------------------------------------------------------------

export interface CopyOptions {
  from: string;
  to: string;
  batchSize?: number;
  /** Check an earlier copy against the source; write nothing. */
  verifyOnly?: boolean;
  log?: (line: string) => void;
}

/**
 * Copies (or, with verifyOnly, checks) and returns what the verification found. Rolls the copy back when the
 * verification finds any difference; throws CopyRefused, writing nothing, when the target is not empty.
 */
export async function copyDatabase({ from, to, batchSize = 5000, verifyOnly = false, log = () => undefined }: CopyOptions): Promise<CopyReport> {
  if (!fs.existsSync(sqliteFile(from))) throw new Error(`No SQLite database at ${sqliteFile(from)} (--from file:path/to/bangfu.db)`);
  const sqlite = new Database(sqliteFile(from), { readonly: true, fileMustExist: true });
  const client = new pg.Client({ connectionString: to });
  await client.connect();
  try {
    if (!verifyOnly) {
      await assertOursOrBlank(client);
      for (const name of await migrate(to)) log(`migrated the target: ${name}`);
    }
    sqlite.exec("BEGIN"); // one snapshot of the source for the copy and its verification
    await client.query(verifyOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
    try {
      const { tables, skipped, derivedTargets, targetOnlyColumns } = await plan(sqlite, client);
      const searchOnTarget = derivedTargets.includes("ProductSearch") && skipped.includes("ProductSearch");
      let copySeconds = 0;
      if (!verifyOnly) {
        const started = performance.now();
        // No one else writes while we copy; a second db:copy to the same target waits here, then finds it full.
        const allTables = [...tables.map((t) => t.name), ...derivedTargets];
        await client.query(`LOCK TABLE ${allTables.map(q).join(", ")} IN EXCLUSIVE MODE`);
        const reference = migrationReferenceRows();
        await assertEmpty(client, allTables, reference);
        // A copy is verbatim: the triggers that keep derived rows (CatalogVersion, UnionOrderTotal, …) stay off while
        // the rows they would derive are copied as the source has them; on again before the search index is rebuilt
        // below (docs/decisions/0198-db-copy-kept-tables.md).
        const copied = tables.map((t) => q(t.name));
        for (const table of copied) await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
        // The migrations' reference rows in copied tables make way for the source's own (which started as the same rows).
        for (const table of tables) {
          const ids = reference.get(table.name);
          if (ids) await client.query(`DELETE FROM ${q(table.name)} WHERE "id" = ANY($1::bigint[])`, [ids.map(String)]);
        }
        for (const table of tables) {
          const t0 = performance.now();
          const rows = await copyTable(sqlite, client, table, batchSize);
          if (rows) log(`copied ${table.name}: ${rows} rows in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
        }
        for (const table of copied) await client.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
        await setSequences(client, tables, sqliteSequences(sqlite));
        if (searchOnTarget) {
          const t0 = performance.now();
          await rebuildProductSearchIndexPostgres(client);
          log(`rebuilt the catalog search index (ProductSearch) in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
        }
        copySeconds = (performance.now() - started) / 1000;
      }
      const started = performance.now();
      const result = await verify(sqlite, client, tables, batchSize, log, searchOnTarget);
      const verifySeconds = (performance.now() - started) / 1000;
      await client.query(result.differences === 0 && !verifyOnly ? "COMMIT" : "ROLLBACK");
      return { ...result, skipped, targetOnlyColumns, copySeconds, verifySeconds };
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    } finally {
      sqlite.exec("COMMIT");
    }
  } finally {
    await client.end();
    sqlite.close();
  }
}

export function summary(report: CopyReport, { verifyOnly = false } = {}): string[] {
  const lines: string[] = [];
  const copied = report.tables.filter((t) => !t.rebuilt);
  const rows = copied.reduce((n, t) => n + t.sourceRows, 0);
  const badTables = report.tables.filter((t) => t.sourceRows !== t.targetRows || t.sourceChecksum !== t.targetChecksum);
  const badSequences = report.sequences.filter((s) => s.expectedNext !== s.actualNext);
  if (!verifyOnly) lines.push(`copied ${copied.length} tables, ${rows} rows in ${report.copySeconds.toFixed(1)}s`);
  lines.push(
    `verified in ${report.verifySeconds.toFixed(1)}s: ${report.tables.length - badTables.length}/${report.tables.length} tables (the rebuilt search index included) with equal row count and checksum, ` +
      `${report.sequences.length - badSequences.length}/${report.sequences.length} sequences at max(id)+1, report figures recomputed on PostgreSQL ` +
      `(${report.report.checked.totals} node-year rows, ${report.report.checked.unitCounts} unit counts, ${report.report.checked.standings} standings, ` +
      `${report.report.checked.breakdowns} breakdown rows, ${report.report.checked.orderTotals} union-year order totals): ${report.report.differences.length} difference(s)`,
  );
  for (const t of badTables) {
    lines.push(`  ${t.table}: source ${t.sourceRows} rows (checksum ${t.sourceChecksum}), target ${t.targetRows} rows (checksum ${t.targetChecksum})`);
  }
  for (const s of badSequences) lines.push(`  sequence of ${s.table}.${s.column}: next id ${s.actualNext}, expected ${s.expectedNext}`);
  for (const d of report.report.differences.slice(0, 50)) lines.push(`  ${JSON.stringify(d)}`);
  if (report.report.differences.length > 50) lines.push(`  … and ${report.report.differences.length - 50} more`);
  if (report.skipped.length) lines.push(`not copied (derived): ${report.skipped.join(", ")}`);
  if (report.targetOnlyColumns.length) lines.push(`left to the target's defaults (not in the source): ${report.targetOnlyColumns.join(", ")}`);
  if (!verifyOnly) lines.push("uploads are not copied: they stay where they are (DATA_DIR/uploads or the S3 bucket)");
  lines.push(
    report.differences === 0
      ? verifyOnly
        ? "0 differences"
        : "0 differences: committed"
      : verifyOnly
        ? `${report.differences} difference(s)`
        : `${report.differences} difference(s): the copy was rolled back (the target is migrated and holds no copied rows)`,
  );
  return lines;
}

async function main() {
  const args = process.argv.slice(2);
  const get = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const from = get("from");
  const to = get("to");
  const batchSize = Number(get("batch") ?? 5000);
  const verifyOnly = args.includes("--verify-only");
  if (!from || !to || !/^postgres(ql)?:\/\//.test(to) || !Number.isInteger(batchSize) || batchSize < 1) {
    console.error("Usage: npm run db:copy -- --from file:data/bangfu.db --to postgresql://user@host:5432/db [--batch 5000] [--verify-only]");
    process.exit(2);
  }
  try {
    const report = await copyDatabase({ from, to, batchSize, verifyOnly, log: (line) => console.log(line) });
    for (const line of summary(report, { verifyOnly })) console.log(line);
    process.exit(report.differences === 0 ? 0 : 1);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(error instanceof CopyRefused ? 3 : 1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) void main();
