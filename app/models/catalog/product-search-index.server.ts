// The search index writer (docs/decisions/0010-catalog-search.md), one per engine: FTS5 on SQLite, the token arrays
// of docs/decisions/0196-postgres-search.md on PostgreSQL. Takes a connection and imports no database handle, so
// bulk writers (seed, data generator) can use it on any database file. The statements that differ per engine are
// built in one place, one form per dialect (deleteSearchRowQuery, writeSearchRowsQuery).
import { sql, type InferResult, type Kysely } from "kysely";
import type pg from "pg";
import { indexTokens } from "~/domain/search";
import type { DB } from "~/generated/db-types";
import { common } from "~/locales/zh-CN/common";
import { engine } from "~/utils/engine.server";
import { all, first, q, qPostgres, run, type SqlDialect, type Connection } from "~/utils/sql.server";
import { listingsWithOrigin } from "~/models/catalog/listing-source.server";

/** A PostgreSQL connection as node-postgres gives it (a Client, or a PoolClient inside the caller's transaction). */
type PostgresConnection = Pick<pg.ClientBase, "query">;

/** What a listing's search row is made of, for either engine's builder (the SQL is common to both). */
const searchSource = (builder: Kysely<DB>) =>
  listingsWithOrigin(builder).select((eb) => [
    "p.id",
    "p.title",
    "p.description",
    "p.category",
    "p.unit",
    "o.name as supplierName",
    sql<string>`COALESCE(${eb.ref("v.county")}, '') || COALESCE(${eb.ref("v.township")}, '') || COALESCE(${eb.ref("v.name")}, '')`.as("origin"),
  ]);
const SEARCH_SOURCE = searchSource(q);
const SEARCH_SOURCE_POSTGRES = searchSource(qPostgres);
type SearchSourceRow = InferResult<typeof SEARCH_SOURCE_POSTGRES>[number];

function searchRow(row: SearchSourceRow) {
  const label = Object.prototype.hasOwnProperty.call(common.categories, row.category)
    ? common.categories[row.category as keyof typeof common.categories]
    : row.category;
  return {
    id: row.id,
    title: indexTokens(row.title),
    body: indexTokens([label, row.supplierName, row.origin, row.unit, row.description].join(" ")),
  };
}

type SearchDoc = ReturnType<typeof searchRow>;

/**
 * The search table as each engine has it (not in the generated table types: Prisma does not model it), each on that
 * engine's builder (`q` compiles for SQLite when SQLite is the engine, as in email-outbox-sql.server.ts).
 * SQLite: an FTS5 table keyed by its rowid, the tokens space-joined (docs/decisions/0010-catalog-search.md).
 * PostgreSQL: a table keyed by "id", the tokens as arrays; it computes its tsvector and size itself
 * (scripts/postgres-schema.mjs, docs/decisions/0196-postgres-search.md).
 */
const sqliteSearch = q.withTables<{ ProductSearch: { rowid: number; title: string; body: string } }>();
const postgresSearch = qPostgres.withTables<{ ProductSearch: { id: number; title: string[]; body: string[] } }>();

/** Rows one statement writes when rebuilding (SQLite binds 3 values a row, well under its 32,766). */
const WRITE_BATCH = 1000;

/** Removes one listing's search row, or every row (a rebuild) when `productId` is null. */
export function deleteSearchRowQuery(productId: number | null, dialect: SqlDialect = engine) {
  if (dialect === "postgres") {
    const every = postgresSearch.deleteFrom("ProductSearch");
    return productId == null ? every : every.where("id", "=", productId);
  }
  const every = sqliteSearch.deleteFrom("ProductSearch");
  return productId == null ? every : every.where("rowid", "=", productId);
}

/**
 * Writes listings' search rows (at least one). SQLite: plain inserts into FTS5, which has no upsert, so the caller
 * deletes the rows first. PostgreSQL: an upsert of the arrays; unnest cannot take an array of arrays row by row, so
 * each row's tokens travel as one space-joined text and are split back (a token never holds a space:
 * app/domain/search.ts).
 */
export function writeSearchRowsQuery(docs: readonly SearchDoc[], dialect: SqlDialect = engine) {
  if (!docs.length) throw new Error("no search rows to write");
  if (dialect === "postgres")
    return postgresSearch
      .insertInto("ProductSearch")
      .columns(["id", "title", "body"])
      .expression(
        sql`SELECT d."id", string_to_array(d."title", ' '), string_to_array(d."body", ' ')
     FROM unnest(${docs.map((d) => d.id)}::int[], ${docs.map((d) => d.title.join(" "))}::text[], ${docs.map((d) => d.body.join(" "))}::text[]) AS d("id", "title", "body")`,
      )
      .onConflict((oc) => oc.column("id").doUpdateSet((eb) => ({ title: eb.ref("excluded.title"), body: eb.ref("excluded.body") })));
  return sqliteSearch.insertInto("ProductSearch").values(docs.map((d) => ({ rowid: d.id, title: d.title.join(" "), body: d.body.join(" ") })));
}

// The writers below run on the app's synchronous connection and build the form of the engine DATABASE_URL names (today
// SQLite's: that connection is better-sqlite3); the PostgreSQL writers further down build PostgreSQL's form for a
// node-postgres connection (the copy, the PostgreSQL suite).

/** Re-indexes one listing; call inside the write that changed it. */
export async function indexProduct(connection: Connection, productId: number) {
  await run(connection, deleteSearchRowQuery(productId));
  const row = await first(connection, SEARCH_SOURCE.where("p.id", "=", productId));
  if (!row) return;
  await run(connection, writeSearchRowsQuery([searchRow(row)]));
}

/** Rebuilds the whole index, for bulk writers (seed, data generator). */
export async function rebuildProductSearchIndex(connection: Connection) {
  await run(connection, deleteSearchRowQuery(null));
  // all(), not iterate(): better-sqlite3 cannot write on a connection while a read cursor is open on it.
  const rows = await all(connection, SEARCH_SOURCE);
  for (let i = 0; i < rows.length; i += WRITE_BATCH) await run(connection, writeSearchRowsQuery(rows.slice(i, i + WRITE_BATCH).map(searchRow)));
}

// PostgreSQL: the same tokens as arrays.

async function writePostgres(connection: PostgresConnection, docs: SearchDoc[]) {
  if (!docs.length) return;
  const compiled = writeSearchRowsQuery(docs, "postgres").compile();
  await connection.query(compiled.sql, [...compiled.parameters]);
}

/** Re-indexes one listing on PostgreSQL; call inside the transaction that changed it. */
export async function indexProductPostgres(connection: PostgresConnection, productId: number) {
  const compiled = SEARCH_SOURCE_POSTGRES.where("p.id", "=", productId).compile();
  const { rows } = await connection.query<SearchSourceRow>(compiled.sql, [...compiled.parameters]);
  if (!rows.length) {
    const remove = deleteSearchRowQuery(productId, "postgres").compile();
    await connection.query(remove.sql, [...remove.parameters]);
    return;
  }
  await writePostgres(connection, rows.map(searchRow));
}

/** Rebuilds the whole PostgreSQL index (a copied or bulk-written database), in batches of 1,000 listings. */
export async function rebuildProductSearchIndexPostgres(connection: PostgresConnection) {
  const clear = deleteSearchRowQuery(null, "postgres").compile();
  await connection.query(clear.sql, [...clear.parameters]);
  const compiled = SEARCH_SOURCE_POSTGRES.orderBy("p.id").compile();
  const { rows } = await connection.query<SearchSourceRow>(compiled.sql, [...compiled.parameters]);
  for (let i = 0; i < rows.length; i += WRITE_BATCH) await writePostgres(connection, rows.slice(i, i + 1000).map(searchRow));
}
