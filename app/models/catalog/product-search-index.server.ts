// The search index writer (docs/decisions/0010-catalog-search.md). Takes a connection and imports no database
// handle, so bulk writers (seed, data generator) can use it on any database file.
import type Database from "better-sqlite3";
import { indexTokens } from "~/domain/search";
import { common } from "~/locales/zh-CN/common";

type Connection = Database.Database;

const SEARCH_SOURCE = `
  SELECT p."id", p."title", p."description", p."category", p."unit", o."name" AS "supplierName",
         COALESCE(v."county", '') || COALESCE(v."township", '') || COALESCE(v."name", '') AS "origin"
  FROM "Product" p JOIN "Supplier" s ON s."id" = p."supplierId" JOIN "Organization" o ON o."id" = s."orgId"
  LEFT JOIN "Village" v ON v."id" = p."originVillageId"`;

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
  const row = connection.prepare(`${SEARCH_SOURCE} WHERE p."id" = ?`).get(productId) as Parameters<typeof searchRow>[0] | undefined;
  if (!row) return;
  const doc = searchRow(row);
  connection.prepare(`INSERT INTO "ProductSearch" (rowid, "title", "body") VALUES (?, ?, ?)`).run(doc.id, doc.title, doc.body);
}

/** Rebuilds the whole index, for bulk writers (seed, data generator). */
export function rebuildProductSearchIndex(connection: Connection) {
  connection.prepare(`DELETE FROM "ProductSearch"`).run();
  const insert = connection.prepare(`INSERT INTO "ProductSearch" (rowid, "title", "body") VALUES (?, ?, ?)`);
  // all(), not iterate(): better-sqlite3 cannot write on a connection while a read cursor is open on it.
  for (const row of connection.prepare(SEARCH_SOURCE).all() as Array<Parameters<typeof searchRow>[0]>) {
    const doc = searchRow(row);
    insert.run(doc.id, doc.title, doc.body);
  }
}
