// The PostgreSQL schema, applied by scripts/pg-migrate.mjs, against the SQLite one the migrations build: the same
// tables and columns (names, nullability, kind of type), indexes, foreign keys, CHECK constraints, triggers and
// reference rows, each read from the two engines' own catalogs.
import type Database from "better-sqlite3";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratedSqlite, NOT_YET_PORTED, sqliteTables, VIRTUAL_PORTS } from "../../scripts/postgres-schema.mjs";
import { connect } from "./support";

let client: pg.Client;
let sqlite: Database.Database;
let tables: ReturnType<typeof sqliteTables>;

beforeAll(async () => {
  client = await connect();
  sqlite = migratedSqlite().db;
  tables = sqliteTables(sqlite);
});
afterAll(async () => {
  await client.end();
  sqlite.close();
});

const MIGRATIONS_TABLE = "_bangfu_migrations";

/** A column's type, as one word both engines agree on. */
function sqliteKind(declared: string): string {
  const type = declared.toUpperCase();
  if (type === "INTEGER") return "int";
  if (type === "BIGINT") return "bigint";
  if (type === "DATETIME") return "instant";
  if (type === "BOOLEAN") return "boolean";
  if (type === "TEXT") return "text";
  if (type === "REAL" || type === "DOUBLE" || type === "FLOAT") return "float";
  return `sqlite:${type}`;
}
function postgresKind(dataType: string): string {
  return (
    {
      integer: "int",
      bigint: "bigint",
      "timestamp with time zone": "instant",
      boolean: "boolean",
      text: "text",
      "double precision": "float",
    }[dataType] ?? `postgres:${dataType}`
  );
}

async function postgresTables(): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT "table_name" FROM information_schema.tables WHERE "table_schema" = 'public' AND "table_type" = 'BASE TABLE' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name).filter((name) => name !== MIGRATIONS_TABLE);
}

type PragmaColumn = { name: string; type: string; notnull: number; pk: number };

describe("the PostgreSQL schema matches the SQLite one", () => {
  it("has the same tables; SQLite's virtual tables are ported to ordinary ones or listed as not yet ported", async () => {
    expect(await postgresTables()).toEqual([...tables.ordinary, ...Object.values(VIRTUAL_PORTS).flatMap((port) => port.tables)].sort());
    expect(tables.virtual).toEqual([...Object.keys(VIRTUAL_PORTS), ...Object.keys(NOT_YET_PORTED)].sort());
    for (const shadow of tables.shadow)
      expect(
        tables.virtual.some((v) => shadow.startsWith(`${v}_`)),
        shadow,
      ).toBe(true);
  });

  it("has the same columns in every table: names, nullability and kind of type", async () => {
    const { rows } = await client.query<{ table_name: string; column_name: string; is_nullable: string; data_type: string }>(
      `SELECT "table_name", "column_name", "is_nullable", "data_type" FROM information_schema.columns WHERE "table_schema" = 'public'`,
    );
    let compared = 0;
    for (const table of tables.ordinary) {
      const expected = (sqlite.prepare(`SELECT * FROM pragma_table_info(?)`).all(table) as PragmaColumn[])
        .map((c) => ({ column: c.name, nullable: !(c.notnull || c.pk), kind: sqliteKind(c.type) }))
        .sort((a, b) => a.column.localeCompare(b.column));
      const actual = rows
        .filter((r) => r.table_name === table)
        .map((r) => ({ column: r.column_name, nullable: r.is_nullable === "YES", kind: postgresKind(r.data_type) }))
        .sort((a, b) => a.column.localeCompare(b.column));
      expect(actual, table).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(400);
  });

  it("has every SQLite index under the same name, unique and partial alike, on the same columns", async () => {
    const { rows } = await client.query<{ name: string; table: string; unique: boolean; partial: boolean; columns: string[] }>(
      `SELECT i.relname AS "name", t.relname AS "table", x.indisunique AS "unique", x.indpred IS NOT NULL AS "partial",
              ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a
                    ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS "columns"
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace ns ON ns.oid = t.relnamespace WHERE ns.nspname = 'public'`,
    );
    const postgres = new Map(rows.map((r) => [r.name, r]));
    let compared = 0;
    for (const table of tables.ordinary) {
      const indexes = sqlite.prepare(`SELECT "name", "unique", "partial" FROM pragma_index_list(?) WHERE "origin" = 'c'`).all(table) as Array<{
        name: string;
        unique: number;
        partial: number;
      }>;
      for (const index of indexes) {
        const columns = (sqlite.prepare(`SELECT "name" FROM pragma_index_info(?) ORDER BY "seqno"`).all(index.name) as Array<{ name: string }>).map(
          (c) => c.name,
        );
        expect(postgres.get(index.name), index.name).toMatchObject({ table, unique: index.unique === 1, partial: index.partial === 1, columns });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it("has the same foreign keys: column, referenced table and column, on delete and on update", async () => {
    const { rows } = await client.query<{ table: string; column: string; target: string; targetColumn: string; onDelete: string; onUpdate: string }>(
      `SELECT t.relname AS "table", a.attname AS "column", r.relname AS "target", ra.attname AS "targetColumn", c.confdeltype AS "onDelete",
              c.confupdtype AS "onUpdate"
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
        WHERE c.contype = 'f'`,
    );
    const action: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };
    const postgres = rows.map((r) => `${r.table}.${r.column} -> ${r.target}.${r.targetColumn} ${action[r.onDelete]} ${action[r.onUpdate]}`).sort();
    const expected = tables.ordinary
      .flatMap((table) =>
        (
          sqlite.prepare(`SELECT "table", "from", "to", "on_delete", "on_update" FROM pragma_foreign_key_list(?)`).all(table) as Array<Record<string, string>>
        ).map((fk) => `${table}.${fk.from} -> ${fk.table}.${fk.to} ${fk.on_delete} ${fk.on_update}`),
      )
      .sort();
    expect(postgres).toEqual(expected);
    expect(expected.length).toBeGreaterThan(30);
  });

  it("carries as many CHECK constraints per table as the SQLite migrations", async () => {
    const { checksOf } = await import("../../scripts/postgres-schema.mjs");
    const { rows } = await client.query<{ table: string; count: string }>(
      `SELECT t.relname AS "table", COUNT(*) AS "count" FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE c.contype = 'c' GROUP BY t.relname`,
    );
    const postgres = Object.fromEntries(rows.map((r) => [r.table, Number(r.count)]));
    const expected = Object.fromEntries(
      tables.ordinary
        .map((table) => {
          const { sql } = sqlite.prepare(`SELECT "sql" FROM sqlite_master WHERE "type" = 'table' AND "name" = ?`).get(table) as { sql: string };
          return [table, checksOf(sql).length] as const;
        })
        .filter(([, count]) => count > 0),
    );
    expect(postgres).toEqual(expected);
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBeGreaterThan(90);
  });
});

describe("the ported rules hold on PostgreSQL", () => {
  it("refuses what the CHECK constraints refuse", async () => {
    await expect(client.query(`UPDATE "WelfareEligibilitySetting" SET "spiritsCapFenPerBottle" = 0`)).rejects.toThrow(/check constraint/);
    await expect(client.query(`INSERT INTO "WelfareBanRule" ("ruleClass", "kind", "value") VALUES ('TOBACCO', 'GUESS', 'x')`)).rejects.toThrow(
      /check constraint/,
    );
    const org = await client.query<{ id: number }>(
      `INSERT INTO "Organization" ("kind", "name", "code", "path") VALUES ('GRASSROOTS', 'u', 'U-1', '/') RETURNING "id"`,
    );
    await expect(client.query(`UPDATE "Organization" SET "kind" = 'CLUB' WHERE "id" = $1`, [org.rows[0].id])).rejects.toThrow(/check constraint/);
    await expect(client.query(`UPDATE "Organization" SET "approvalThresholdFen" = -1 WHERE "id" = $1`, [org.rows[0].id])).rejects.toThrow(/check constraint/);
  });

  it("keeps one default address per union (a partial unique index with a boolean predicate)", async () => {
    const org = await client.query<{ id: number }>(
      `INSERT INTO "Organization" ("kind", "name", "code", "path") VALUES ('GRASSROOTS', 'u', 'U-2', '/') RETURNING "id"`,
    );
    const address = (isDefault: boolean) =>
      client.query(`INSERT INTO "UnionAddress" ("orgId", "label", "recipient", "phone", "address", "isDefault") VALUES ($1, 'l', 'r', '1', 'a', $2)`, [
        org.rows[0].id,
        isDefault,
      ]);
    await address(true);
    await address(false);
    await expect(address(true)).rejects.toThrow(/UnionAddress_one_default/);
  });

  it("keeps the audit log append-only: update, delete and truncate are refused", async () => {
    await client.query(`INSERT INTO "AuditLog" ("action", "entityType", "entityId", "detail") VALUES ('test', 'Test', '1', '{}')`);
    await expect(client.query(`UPDATE "AuditLog" SET "action" = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(client.query(`DELETE FROM "AuditLog"`)).rejects.toThrow(/append-only/);
    await expect(client.query(`TRUNCATE "AuditLog"`)).rejects.toThrow(/append-only/);
  });

  it("has the reference rows the SQLite migrations insert, with ids the sequences continue after", async () => {
    for (const table of ["WelfareBanRule", "WelfareEligibilitySetting"]) {
      const { n } = sqlite.prepare(`SELECT COUNT(*) AS "n" FROM "${table}"`).get() as { n: number };
      const { rows } = await client.query<{ n: string }>(`SELECT COUNT(*) AS "n" FROM "${table}"`);
      expect(Number(rows[0].n), table).toBe(n);
      expect(n).toBeGreaterThan(0);
    }
    // Without the sequence set past them, this insert would take id 1 and fail.
    const next = await client.query<{ id: number }>(
      `INSERT INTO "WelfareBanRule" ("ruleClass", "kind", "value") VALUES ('TOBACCO', 'WORD', '新词') RETURNING "id"`,
    );
    const { max } = sqlite.prepare(`SELECT MAX("id") AS "max" FROM "WelfareBanRule"`).get() as { max: number };
    expect(next.rows[0].id).toBeGreaterThan(max);
  });

  it("records the applied migration with its checksum", async () => {
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}"`);
    const { migrationsIn } = await import("../../scripts/pg-migrate.mjs");
    expect(rows).toEqual(migrationsIn().map((m) => ({ name: m.name, checksum: m.checksum })));
  });
});
