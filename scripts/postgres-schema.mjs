// The PostgreSQL side of the schema, generated from the SQLite side so there is one source
// (docs/decisions/0190-two-engines.md):
//   prisma/postgres/schema.prisma          prisma/schema.prisma with provider postgresql and mapped types
//   prisma/postgres/migrations/…/migration.sql
//                                          Prisma's DDL for that schema (`migrate diff --from-empty`), plus what the
//                                          SQLite migrations add beyond schema.prisma, read from the migrated SQLite
//                                          catalog: CHECK constraints, partial indexes, triggers, reference rows.
// `node scripts/postgres-schema.mjs` writes both; `--check` regenerates into memory and fails when the committed
// files differ (tests/unit/postgres-schema.test.ts runs it). Anything SQLite-only that this script cannot port
// (a new trigger, a virtual table) fails generation until it is ported below or listed as not yet ported.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const SQLITE_MIGRATIONS = path.join(root, "prisma", "migrations");
export const PG_SCHEMA = path.join(root, "prisma", "postgres", "schema.prisma");
export const PG_MIGRATIONS = path.join(root, "prisma", "postgres", "migrations");
// One baseline while no PostgreSQL database is in service: regenerated whole, so its checksum changes with every
// schema change and scripts/pg-migrate.mjs refuses to run it over an older baseline (see the ADR for what follows).
export const PG_BASELINE = path.join(PG_MIGRATIONS, "00000000000000_baseline", "migration.sql");

/** SQLite constructs with no PostgreSQL port yet, each with the reason; anything else unported fails generation. */
export const NOT_YET_PORTED = {};

/**
 * SQLite virtual tables, ported by hand: keyed by the virtual table's name, the PostgreSQL tables that replace it and
 * the statements that make them. ProductSearch (FTS5, docs/decisions/0010-catalog-search.md) becomes an ordinary
 * table holding the same tokens (app/domain/search.ts) as arrays: a `tsvector` made of them as they are
 * (array_to_tsvector: no parser, no dictionary, so no locale decides what a Chinese character is) under a GIN index
 * finds the rows; `size` is FTS5's row length and ProductSearchTotals its row count and total length, which bm25
 * needs (docs/decisions/0196-postgres-search.md). The rows are written by indexProductPostgres in
 * app/models/catalog/product-search-index.server.ts, as on SQLite; the totals follow them by statement triggers.
 * No foreign key to Product, as on SQLite: the writer deletes a listing's row, and searches join Product anyway.
 */
export const VIRTUAL_PORTS = {
  ProductSearch: {
    tables: ["ProductSearch", "ProductSearchTotals"],
    statements: [
      `CREATE TABLE "ProductSearch" (
    "id" INTEGER NOT NULL,
    "title" TEXT[] NOT NULL,
    "body" TEXT[] NOT NULL,
    "size" INTEGER GENERATED ALWAYS AS (cardinality("title") + cardinality("body")) STORED,
    "document" TSVECTOR GENERATED ALWAYS AS (array_to_tsvector("title" || "body")) STORED,
    CONSTRAINT "ProductSearch_pkey" PRIMARY KEY ("id")
);`,
      `CREATE INDEX "ProductSearch_document_idx" ON "ProductSearch" USING GIN ("document");`,
      `CREATE TABLE "ProductSearchTotals" (
    "id" INTEGER NOT NULL,
    "rows" BIGINT NOT NULL,
    "tokens" BIGINT NOT NULL,
    CONSTRAINT "ProductSearchTotals_pkey" PRIMARY KEY ("id")
);`,
      `INSERT INTO "ProductSearchTotals" ("id", "rows", "tokens") VALUES (1, 0, 0);`,
      `CREATE FUNCTION "ProductSearch_totals"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE "ProductSearchTotals" SET "rows" = 0, "tokens" = 0;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE "ProductSearchTotals" SET "rows" = "rows" - (SELECT count(*) FROM old_rows), "tokens" = "tokens" - (SELECT COALESCE(sum("size"), 0) FROM old_rows);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    UPDATE "ProductSearchTotals" SET "rows" = "rows" + (SELECT count(*) FROM new_rows), "tokens" = "tokens" + (SELECT COALESCE(sum("size"), 0) FROM new_rows);
  END IF;
  RETURN NULL;
END
$$;`,
      `CREATE TRIGGER "ProductSearch_totals_insert" AFTER INSERT ON "ProductSearch" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "ProductSearch_totals"();`,
      `CREATE TRIGGER "ProductSearch_totals_update" AFTER UPDATE ON "ProductSearch" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "ProductSearch_totals"();`,
      `CREATE TRIGGER "ProductSearch_totals_delete" AFTER DELETE ON "ProductSearch" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "ProductSearch_totals"();`,
      `CREATE TRIGGER "ProductSearch_totals_truncate" AFTER TRUNCATE ON "ProductSearch" FOR EACH STATEMENT EXECUTE FUNCTION "ProductSearch_totals"();`,
    ],
  },
};

/**
 * SQLite triggers, ported by hand: PL/pgSQL has another syntax. Keyed by the SQLite trigger's name.
 * The union-year order totals (docs/decisions/0197-union-order-totals-by-trigger.md): one row-level function for the
 * three SQLite triggers on "Order", the same rule — live (status not REJECTED or CANCELLED), festival occasions, the
 * China year as the UTC calendar year 8 hours later — proved equal to the domain by
 * tests/postgres/union-order-totals.test.ts.
 */
const TRIGGER_PORTS = {
  AuditLog_no_update: `CREATE TRIGGER "AuditLog_no_update" BEFORE UPDATE ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION "AuditLog_append_only"();`,
  AuditLog_no_delete: `CREATE TRIGGER "AuditLog_no_delete" BEFORE DELETE ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION "AuditLog_append_only"();`,
  Order_union_totals_insert: `CREATE TRIGGER "Order_union_totals_insert" AFTER INSERT ON "Order" FOR EACH ROW EXECUTE FUNCTION "Order_union_totals"();`,
  Order_union_totals_update: `CREATE TRIGGER "Order_union_totals_update" AFTER UPDATE OF "status", "totalFen", "unionId", "createdAt", "occasion" ON "Order" FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."totalFen" IS DISTINCT FROM NEW."totalFen" OR OLD."unionId" IS DISTINCT FROM NEW."unionId"
    OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt" OR OLD."occasion" IS DISTINCT FROM NEW."occasion")
  EXECUTE FUNCTION "Order_union_totals"();`,
  Order_union_totals_delete: `CREATE TRIGGER "Order_union_totals_delete" AFTER DELETE ON "Order" FOR EACH ROW EXECUTE FUNCTION "Order_union_totals"();`,
  // The catalog's result stamp (docs/decisions/0185-catalog-result-cache.md): once per statement is enough here.
  ...Object.fromEntries(
    [
      ["product_insert", "INSERT", "Product"],
      [
        "product_update",
        'UPDATE OF "supplierId", "code", "title", "description", "category", "unit", "priceFen", "marketPriceFen", "minOrderQty", "originVillageId", "active", "listingState", "createdAt"',
        "Product",
      ],
      ["product_delete", "DELETE", "Product"],
      ["supplier_update", 'UPDATE OF "orgId", "kind", "tradeRole", "ratingSum", "ratingCount"', "Supplier"],
      ["organization_update", 'UPDATE OF "name"', "Organization"],
      ["village_update", 'UPDATE OF "name", "township", "county"', "Village"],
      ["certificate_insert", "INSERT", "Certificate"],
      ["certificate_update", "UPDATE", "Certificate"],
      ["certificate_delete", "DELETE", "Certificate"],
      ["tier_insert", "INSERT", "ProductTierPrice"],
      ["tier_update", "UPDATE", "ProductTierPrice"],
      ["tier_delete", "DELETE", "ProductTierPrice"],
      ["photo_insert", "INSERT", "ProductPhoto"],
      ["photo_update", "UPDATE", "ProductPhoto"],
      ["photo_delete", "DELETE", "ProductPhoto"],
    ].map(([name, event, table]) => [
      `CatalogVersion_${name}`,
      `CREATE TRIGGER "CatalogVersion_${name}" AFTER ${event} ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "CatalogVersion_bump"();`,
    ]),
  ),
};
const TRIGGER_FUNCTIONS = `CREATE FUNCTION "AuditLog_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only';
END
$$;
CREATE FUNCTION "Order_union_totals"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."status" NOT IN ('REJECTED','CANCELLED') THEN
    UPDATE "UnionOrderTotal" SET
      "committedFen" = "committedFen" - OLD."totalFen",
      "festivalFen" = "festivalFen" - CASE WHEN OLD."occasion" IN ('SPRING_FESTIVAL','LANTERN','QINGMING','DRAGON_BOAT','MID_AUTUMN','NATIONAL_DAY') THEN OLD."totalFen" ELSE 0 END
    WHERE "unionId" = OLD."unionId" AND "year" = EXTRACT(YEAR FROM (OLD."createdAt" AT TIME ZONE 'UTC') + INTERVAL '8 hours')::integer;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW."status" NOT IN ('REJECTED','CANCELLED') THEN
    INSERT INTO "UnionOrderTotal" ("unionId", "year", "committedFen", "festivalFen")
    VALUES (
      NEW."unionId",
      EXTRACT(YEAR FROM (NEW."createdAt" AT TIME ZONE 'UTC') + INTERVAL '8 hours')::integer,
      NEW."totalFen",
      CASE WHEN NEW."occasion" IN ('SPRING_FESTIVAL','LANTERN','QINGMING','DRAGON_BOAT','MID_AUTUMN','NATIONAL_DAY') THEN NEW."totalFen" ELSE 0 END
    )
    ON CONFLICT ("unionId", "year") DO UPDATE SET
      "committedFen" = "UnionOrderTotal"."committedFen" + EXCLUDED."committedFen",
      "festivalFen" = "UnionOrderTotal"."festivalFen" + EXCLUDED."festivalFen";
  END IF;
  RETURN NULL;
END
$$;
CREATE FUNCTION "Order_union_totals_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "UnionOrderTotal";
  RETURN NULL;
END
$$;

CREATE FUNCTION "CatalogVersion_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;`;

/**
 * PostgreSQL-only additions. The subtree rule is `path LIKE '/1/5/%'` on PostgreSQL (app/models/rules-sql.server.ts):
 * a plain btree serves a prefix LIKE only under the C collation, text_pattern_ops serves it under any. SQLite has no
 * TRUNCATE, so the append-only audit log needs one more guard here, and a truncated "Order" empties the kept
 * union-year order totals its row triggers would otherwise miss.
 */
const POSTGRES_ONLY = [
  // A path sorts and compares byte by byte, as on SQLite: a tree listed in path order is the same on both engines
  // whatever the database's collation (under en_US.UTF-8 "/12/" would sort between "/1/" and "/2/" differently).
  `ALTER TABLE "Organization" ALTER COLUMN "path" TYPE TEXT COLLATE "C";`,
  `CREATE INDEX "Organization_path_prefix_idx" ON "Organization" ("path" text_pattern_ops);`,
  `CREATE TRIGGER "AuditLog_no_truncate" BEFORE TRUNCATE ON "AuditLog" FOR EACH STATEMENT EXECUTE FUNCTION "AuditLog_append_only"();`,
  `CREATE TRIGGER "Order_union_totals_truncate" AFTER TRUNCATE ON "Order" FOR EACH STATEMENT EXECUTE FUNCTION "Order_union_totals_truncate"();`,
];

const HEADER = `-- Generated by scripts/postgres-schema.mjs from prisma/schema.prisma and prisma/migrations. Do not edit:
-- change the SQLite side and run \`npm run db:postgres:generate\`.`;

/** Scalar fields per model, from a Prisma schema's text. */
export function modelsOf(schemaText) {
  const models = new Map();
  for (const [, name, body] of schemaText.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const fields = new Map();
    for (const line of body.split("\n")) {
      const field = line.trim().match(/^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/);
      if (!field || line.trim().startsWith("@@")) continue;
      const [, column, type, list, optional, rest] = field;
      if (list || !["Int", "BigInt", "Float", "String", "Boolean", "DateTime", "Decimal", "Json", "Bytes"].includes(type)) continue;
      fields.set(column, { type, optional: Boolean(optional), autoincrementId: /@id\b/.test(rest) && /autoincrement\(\)/.test(rest) });
    }
    models.set(name, fields);
  }
  return models;
}

/** The PostgreSQL side's own Prisma client (the app picks it when DATABASE_URL names PostgreSQL, app/utils/db.server.ts). */
const POSTGRES_CLIENT_GENERATOR = `generator client {
  provider     = "prisma-client"
  output       = "../../app/generated/prisma-postgres"
  engineType   = "client"
  runtime      = "nodejs"
  moduleFormat = "esm"
}

`;

/**
 * The PostgreSQL schema: the same models and comments; the datasource is PostgreSQL from DATABASE_URL, and an
 * instant is `timestamptz(3)` (an absolute time, whatever the session's time zone: China-day rules compare instants).
 */
export function postgresSchemaFrom(schemaText) {
  const withoutBlocks = schemaText
    .replace(/^generator client \{[\s\S]*?^\}\n\n?/m, POSTGRES_CLIENT_GENERATOR)
    .replace(/^datasource db \{[\s\S]*?^\}/m, `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}`);
  const mapped = withoutBlocks.replace(/^(model \w+ \{)([\s\S]*?)^\}/gm, (_, open, body) => {
    const lines = body.split("\n").map((line) => line.replace(/^(\s*\w+\s+DateTime\??)(?=\s|$)/, "$1 @db.Timestamptz(3)"));
    return `${open}${lines.join("\n")}}`;
  });
  return `// Generated by scripts/postgres-schema.mjs from prisma/schema.prisma. Do not edit: change prisma/schema.prisma and
// run \`npm run db:postgres:generate\` (npm run lint's unit suite fails while this file is stale).
${mapped}`;
}

/**
 * Applies the SQLite migrations, in order, to a database in memory: the catalog every SQLite database ends with.
 * @returns {{ db: import("better-sqlite3").Database; migratedAt: number }}
 */
export function migratedSqlite() {
  const db = new Database(":memory:");
  const migratedAt = Date.now();
  for (const name of fs.readdirSync(SQLITE_MIGRATIONS).sort()) {
    const file = path.join(SQLITE_MIGRATIONS, name, "migration.sql");
    if (fs.existsSync(file)) db.exec(fs.readFileSync(file, "utf8"));
  }
  return { db, migratedAt };
}

/**
 * The SQLite catalog's ordinary tables and the virtual tables with their shadows.
 * @param {import("better-sqlite3").Database} db
 * @returns {{ ordinary: string[]; virtual: string[]; shadow: string[] }}
 */
export function sqliteTables(db) {
  const list = db
    .prepare(`PRAGMA table_list`)
    .all()
    .filter((t) => t.schema === "main" && !t.name.startsWith("sqlite_") && t.name !== "_prisma_migrations");
  return {
    ordinary: list
      .filter((t) => t.type === "table")
      .map((t) => t.name)
      .sort(),
    virtual: list
      .filter((t) => t.type === "virtual")
      .map((t) => t.name)
      .sort(),
    shadow: list
      .filter((t) => t.type === "shadow")
      .map((t) => t.name)
      .sort(),
  };
}

/**
 * The CHECK expressions of a CREATE TABLE statement, column and table constraints alike, in order.
 * @param {string} createTableSql
 * @returns {string[]}
 */
export function checksOf(createTableSql) {
  const checks = [];
  let depth = 0;
  for (let i = 0; i < createTableSql.length; i++) {
    const c = createTableSql[i];
    if (c === "'" || c === '"' || c === "`") {
      i = createTableSql.indexOf(c, i + 1);
      while (createTableSql[i + 1] === c) i = createTableSql.indexOf(c, i + 2);
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 1 && /^CHECK\s*\(/i.test(createTableSql.slice(i, i + 12)) && !/\w/.test(createTableSql[i - 1] ?? "")) {
      const open = createTableSql.indexOf("(", i);
      const close = closingParen(createTableSql, open);
      checks.push(createTableSql.slice(open + 1, close).trim());
      i = close;
    }
  }
  return checks;
}

function closingParen(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      i = text.indexOf(c, i + 1);
      while (text[i + 1] === c) i = text.indexOf(c, i + 2);
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  throw new Error(`unbalanced parentheses in ${text}`);
}

/** A SQLite boolean test (`"isDefault" = 1`) as PostgreSQL's; everything else in these expressions is common SQL. */
function postgresExpression(expression, fields) {
  return expression.replace(/"(\w+)"\s*(=|<>|!=)\s*([01])\b/g, (whole, column, op, bit) =>
    fields.get(column)?.type === "Boolean" ? `"${column}" ${op} ${bit === "1" ? "TRUE" : "FALSE"}` : whole,
  );
}

function literal(value, field, migratedAt) {
  if (value === null) return "NULL";
  switch (field.type) {
    case "Boolean":
      return value ? "TRUE" : "FALSE";
    case "DateTime":
      // A SQLite migration's "now" becomes PostgreSQL's: the instant the migration runs, on either engine.
      return Math.abs(Number(value) - migratedAt) < 10 * 60_000 ? "CURRENT_TIMESTAMP" : `TIMESTAMPTZ '${new Date(Number(value)).toISOString()}'`;
    case "Int":
    case "BigInt":
    case "Float":
      return String(value);
    default:
      return `'${String(value).replaceAll("'", "''")}'`;
  }
}

/** What the SQLite migrations add beyond schema.prisma, as PostgreSQL statements, and what stays unported. */
export function sqliteExtras(prismaDdl) {
  const models = modelsOf(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const { db, migratedAt } = migratedSqlite();
  const tables = sqliteTables(db);
  const unported = tables.virtual.filter((name) => !(name in NOT_YET_PORTED) && !(name in VIRTUAL_PORTS));
  if (unported.length) throw new Error(`SQLite virtual tables with no PostgreSQL port: ${unported.join(", ")} (scripts/postgres-schema.mjs)`);

  const checks = [];
  const foreignKeys = [];
  const indexes = [];
  const triggers = [];
  const rows = [];
  for (const table of tables.ordinary) {
    const fields = models.get(table);
    if (!fields) throw new Error(`SQLite table "${table}" has no model in prisma/schema.prisma`);
    const { sql } = db.prepare(`SELECT "sql" FROM sqlite_master WHERE "type" = 'table' AND "name" = ?`).get(table);
    checksOf(sql).forEach((expression, i) => {
      checks.push(`ALTER TABLE "${table}" ADD CONSTRAINT "${table}_check_${i + 1}" CHECK (${postgresExpression(expression, fields)});`);
    });
    foreignKeys.push(...foreignKeysBeyond(db, table, prismaDdl));
    for (const index of db
      .prepare(`SELECT "name", "sql" FROM sqlite_master WHERE "type" = 'index' AND "tbl_name" = ? AND "sql" IS NOT NULL ORDER BY "name"`)
      .all(table)) {
      // Prisma's DDL already has every index schema.prisma declares, under the same name.
      if (prismaDdl.includes(`"${index.name}"`)) continue;
      indexes.push(`${postgresExpression(index.sql, fields)};`);
    }
    for (const trigger of db.prepare(`SELECT "name" FROM sqlite_master WHERE "type" = 'trigger' AND "tbl_name" = ? ORDER BY "name"`).all(table)) {
      if (!TRIGGER_PORTS[trigger.name]) throw new Error(`SQLite trigger "${trigger.name}" has no PostgreSQL port in scripts/postgres-schema.mjs`);
      triggers.push(TRIGGER_PORTS[trigger.name]);
    }
    const present = db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all();
    if (present.length) {
      const columns = Object.keys(present[0]);
      const values = present.map((row) => `(${columns.map((c) => literal(row[c], fields.get(c), migratedAt)).join(", ")})`);
      rows.push(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES\n  ${values.join(",\n  ")};`);
      for (const [column, field] of fields) {
        if (field.autoincrementId) rows.push(`SELECT setval(pg_get_serial_sequence('"${table}"', '${column}'), (SELECT MAX("${column}") FROM "${table}"));`);
      }
    }
  }
  const virtual = tables.virtual.filter((name) => name in VIRTUAL_PORTS).flatMap((name) => VIRTUAL_PORTS[name].statements);
  db.close();
  return { checks, foreignKeys, indexes, triggers, virtual, rows, tables };
}

/**
 * The SQLite foreign keys of a table that Prisma's DDL lacks or declares otherwise (a migration may declare a key
 * that schema.prisma has no relation for, or other actions), as PostgreSQL statements under Prisma's names.
 */
function foreignKeysBeyond(db, table, prismaDdl) {
  const statements = [];
  const keys = new Map();
  for (const fk of db.prepare(`SELECT * FROM pragma_foreign_key_list(?) ORDER BY "id", "seq"`).all(table)) keys.set(fk.id, [...(keys.get(fk.id) ?? []), fk]);
  for (const parts of keys.values()) {
    const { table: target, on_delete: onDelete, on_update: onUpdate } = parts[0];
    if (parts.some((p) => p.to === null)) throw new Error(`${table}: a foreign key to ${target} names no column; name it in the migration`);
    const from = parts.map((p) => p.from);
    const name = `${table}_${from.join("_")}_fkey`;
    const list = (columns) => columns.map((c) => `"${c}"`).join(", ");
    const statement = `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY (${list(from)}) REFERENCES "${target}"(${list(parts.map((p) => p.to))}) ON DELETE ${onDelete} ON UPDATE ${onUpdate};`;
    if (prismaDdl.includes(statement)) continue;
    if (prismaDdl.includes(`"${name}"`)) statements.push(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}";`);
    statements.push(statement);
  }
  return statements;
}

/**
 * Prisma's PostgreSQL DDL for a schema file, from nothing (`migrate diff --from-empty`, offline through
 * scripts/prisma.mjs). The JS schema engine connects to a server even for that, so it gets `databaseUrl`.
 */
function prismaDdlFor(schemaFile, databaseUrl) {
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, "scripts", "prisma.mjs"),
      "migrate",
      "diff",
      "--config",
      path.join(root, "prisma", "postgres", "prisma.config.ts"),
      "--from-empty",
      "--to-schema-datamodel",
      schemaFile,
      "--script",
    ],
    { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  if (result.status !== 0) throw new Error(`prisma migrate diff failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout.trim();
}

const BEYOND = "-- ==== Beyond schema.prisma: from the SQLite migrations, and PostgreSQL only ====";

function ddlHeader(schema) {
  return `-- Prisma's DDL for prisma/postgres/schema.prisma (sha256 ${checksum(schema)})`;
}

/** What follows Prisma's DDL in the baseline, given that DDL (indexes it already has are not repeated). */
function beyondSchema(ddl) {
  const extras = sqliteExtras(ddl);
  const section = (title, statements) => (statements.length ? `\n\n-- ${title}\n${statements.join("\n")}` : "");
  return `${BEYOND}${section("CHECK constraints of the SQLite migrations", extras.checks)}${section("Foreign keys of the SQLite migrations that schema.prisma lacks or declares otherwise", extras.foreignKeys)}${section("Indexes the SQLite migrations add beyond schema.prisma", extras.indexes)}${section("Triggers of the SQLite migrations, ported", [TRIGGER_FUNCTIONS, ...extras.triggers])}${section("Virtual tables of the SQLite migrations, ported", extras.virtual)}${section("PostgreSQL only", POSTGRES_ONLY)}${section("Reference rows the SQLite migrations insert", extras.rows)}
`;
}

/**
 * The generated files' contents, from the SQLite sources as they are now. Prisma needs a PostgreSQL server for its
 * DDL: `databaseUrl`, or a throwaway one (scripts/pg-test-server.mjs) started and removed here.
 */
export async function generate({ databaseUrl } = {}) {
  const schema = postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bangfu-pg-schema-"));
  let server = null;
  let ddl;
  try {
    const file = path.join(scratch, "schema.prisma");
    fs.writeFileSync(file, schema);
    if (!databaseUrl) {
      const { startTestPostgres } = await import("./pg-test-server.mjs");
      server = await startTestPostgres();
    }
    ddl = prismaDdlFor(file, databaseUrl ?? server.url);
  } finally {
    server?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return { schema, migration: `${HEADER}\n${ddlHeader(schema)}\n\n${ddl}\n\n${beyondSchema(ddl)}` };
}

/**
 * The drift check that needs no server: the schema file as generated now, the baseline's DDL generated from exactly
 * that schema (its recorded hash), and everything beyond the DDL as generated now. Returns what is stale.
 * (tests/postgres/schema-generation.test.ts regenerates Prisma's DDL itself against a real server.)
 */
export function staleWithoutServer() {
  const schema = postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const stale = [];
  if (!fs.existsSync(PG_SCHEMA) || fs.readFileSync(PG_SCHEMA, "utf8") !== schema) stale.push(path.relative(root, PG_SCHEMA));
  const baseline = fs.existsSync(PG_BASELINE) ? fs.readFileSync(PG_BASELINE, "utf8") : "";
  const split = baseline.indexOf(BEYOND);
  const fresh = split >= 0 && baseline.includes(ddlHeader(schema)) && baseline.slice(split) === beyondSchema(baseline.slice(0, split));
  if (!fresh) stale.push(path.relative(root, PG_BASELINE));
  return stale;
}

export function checksum(text) {
  return crypto.createHash("sha256").update(text).digest("hex");
}

const STALE_ADVICE = "The PostgreSQL schema is generated from the SQLite one: run npm run db:postgres:generate";

async function main() {
  if (process.argv.includes("--check")) {
    const stale = staleWithoutServer();
    if (stale.length) {
      console.error(`Stale: ${stale.join(", ")}. ${STALE_ADVICE}`);
      process.exit(1);
    }
    console.log("prisma/postgres is up to date with prisma/schema.prisma and prisma/migrations");
    return;
  }
  const { schema, migration } = await generate({ databaseUrl: /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? "") ? process.env.DATABASE_URL : undefined });
  for (const [file, text] of [
    [PG_SCHEMA, schema],
    [PG_BASELINE, migration],
  ]) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(root, file)}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
