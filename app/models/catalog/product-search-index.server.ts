// The search index writer (docs/decisions/0010-catalog-search.md), one per engine: FTS5 on SQLite, the token arrays
// of docs/decisions/0196-postgres-search.md on PostgreSQL. Takes a connection and imports no database handle, so
// bulk writers (seed, data generator) can use it on any database file.
import type Database from "better-sqlite3";
import { sql, type InferResult, type Kysely } from "kysely";
import type pg from "pg";
import { indexTokens } from "~/domain/search";
import type { DB } from "~/generated/db-types";
import { common } from "~/locales/zh-CN/common";
import { all, first, q, qPostgres } from "~/utils/sql.server";
import { listingsWithOrigin } from "~/models/catalog/listing-source.server";

type Connection = Database.Database;
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

/** Re-indexes one listing; call inside the write that changed it. */
export function indexProduct(connection: Connection, productId: number) {
  connection.prepare(`DELETE FROM "ProductSearch" WHERE rowid = ?`).run(productId);
  const row = first(connection, SEARCH_SOURCE.where("p.id", "=", productId));
  if (!row) return;
  const doc = searchRow(row);
  connection.prepare(`INSERT INTO "ProductSearch" (rowid, "title", "body") VALUES (?, ?, ?)`).run(doc.id, doc.title.join(" "), doc.body.join(" "));
}

/** Rebuilds the whole index, for bulk writers (seed, data generator). */
export function rebuildProductSearchIndex(connection: Connection) {
  connection.prepare(`DELETE FROM "ProductSearch"`).run();
  const insert = connection.prepare(`INSERT INTO "ProductSearch" (rowid, "title", "body") VALUES (?, ?, ?)`);
  // all(), not iterate(): better-sqlite3 cannot write on a connection while a read cursor is open on it.
  for (const row of all(connection, SEARCH_SOURCE)) {
    const doc = searchRow(row);
    insert.run(doc.id, doc.title.join(" "), doc.body.join(" "));
  }
}

// PostgreSQL: the same tokens as arrays; the table computes its tsvector and size (scripts/postgres-schema.mjs).

async function writePostgres(connection: PostgresConnection, docs: Array<ReturnType<typeof searchRow>>) {
  if (!docs.length) return;
  // unnest cannot take an array of arrays row by row, so each row's tokens travel as one space-joined text and are
  // split back (a token never holds a space: app/domain/search.ts).
  await connection.query(
    `INSERT INTO "ProductSearch" ("id", "title", "body")
     SELECT d."id", string_to_array(d."title", ' '), string_to_array(d."body", ' ')
     FROM unnest($1::int[], $2::text[], $3::text[]) AS d("id", "title", "body")
     ON CONFLICT ("id") DO UPDATE SET "title" = EXCLUDED."title", "body" = EXCLUDED."body"`,
    [docs.map((d) => d.id), docs.map((d) => d.title.join(" ")), docs.map((d) => d.body.join(" "))],
  );
}

/** Re-indexes one listing on PostgreSQL; call inside the transaction that changed it. */
export async function indexProductPostgres(connection: PostgresConnection, productId: number) {
  const compiled = SEARCH_SOURCE_POSTGRES.where("p.id", "=", productId).compile();
  const { rows } = await connection.query<SearchSourceRow>(compiled.sql, [...compiled.parameters]);
  if (!rows.length) {
    await connection.query(`DELETE FROM "ProductSearch" WHERE "id" = $1`, [productId]);
    return;
  }
  await writePostgres(connection, rows.map(searchRow));
}

/** Rebuilds the whole PostgreSQL index (a copied or bulk-written database), in batches of 1,000 listings. */
export async function rebuildProductSearchIndexPostgres(connection: PostgresConnection) {
  await connection.query(`DELETE FROM "ProductSearch"`);
  const compiled = SEARCH_SOURCE_POSTGRES.orderBy("p.id").compile();
  const { rows } = await connection.query<SearchSourceRow>(compiled.sql, [...compiled.parameters]);
  for (let i = 0; i < rows.length; i += 1000) await writePostgres(connection, rows.slice(i, i + 1000).map(searchRow));
}
