// The search index writer (docs/decisions/0010-catalog-search.md). Takes a connection and imports no database
// handle, so bulk writers (seed, data generator) can use it on any database file.
import type Database from "better-sqlite3";
import { sql } from "kysely";
import { indexTokens } from "~/domain/search";
import { common } from "~/locales/zh-CN/common";
import { all, first, q } from "~/utils/sql.server";

type Connection = Database.Database;

const SEARCH_SOURCE = q
  .selectFrom("Product as p")
  .innerJoin("Supplier as s", "s.id", "p.supplierId")
  .innerJoin("Organization as o", "o.id", "s.orgId")
  .leftJoin("Village as v", "v.id", "p.originVillageId")
  .select((eb) => [
    "p.id",
    "p.title",
    "p.description",
    "p.category",
    "p.unit",
    "o.name as supplierName",
    sql<string>`COALESCE(${eb.ref("v.county")}, '') || COALESCE(${eb.ref("v.township")}, '') || COALESCE(${eb.ref("v.name")}, '')`.as("origin"),
  ]);

function searchRow(row: { id: number; title: string; description: string; category: string; unit: string; supplierName: string; origin: string }) {
  const label = Object.prototype.hasOwnProperty.call(common.categories, row.category)
    ? common.categories[row.category as keyof typeof common.categories]
    : row.category;
  return {
    id: row.id,
    title: indexTokens(row.title).join(" "),
    body: indexTokens([label, row.supplierName, row.origin, row.unit, row.description].join(" ")).join(" "),
  };
}

/** Re-indexes one listing; call inside the write that changed it. */
export function indexProduct(connection: Connection, productId: number) {
  connection.prepare(`DELETE FROM "ProductSearch" WHERE rowid = ?`).run(productId);
  const row = first(connection, SEARCH_SOURCE.where("p.id", "=", productId));
  if (!row) return;
  const doc = searchRow(row);
  connection.prepare(`INSERT INTO "ProductSearch" (rowid, "title", "body") VALUES (?, ?, ?)`).run(doc.id, doc.title, doc.body);
}

/** Rebuilds the whole index, for bulk writers (seed, data generator). */
export function rebuildProductSearchIndex(connection: Connection) {
  connection.prepare(`DELETE FROM "ProductSearch"`).run();
  const insert = connection.prepare(`INSERT INTO "ProductSearch" (rowid, "title", "body") VALUES (?, ?, ?)`);
  // all(), not iterate(): better-sqlite3 cannot write on a connection while a read cursor is open on it.
  for (const row of all(connection, SEARCH_SOURCE)) {
    const doc = searchRow(row);
    insert.run(doc.id, doc.title, doc.body);
  }
}
