// Loads what the catalog search reads (organisations, villages, suppliers, listings) from a SQLite database into
// this file's PostgreSQL database, then builds the PostgreSQL search rows with the app's own PostgreSQL index writer.
// Used by tests/postgres/catalog-search.test.ts (the seed) and scripts/pg-search-explain.ts (the generator's 10,000).
import fs from "node:fs";
import type Database from "better-sqlite3";
import type pg from "pg";
import { modelsOf, SQLITE_SCHEMA } from "../../scripts/postgres-schema.mjs";
import { rebuildProductSearchIndexPostgres } from "~/models/catalog/product-search-index.server";

const TABLES = ["Organization", "Village", "Supplier", "Product"] as const;

/** Copies the four tables row for row (instants from epoch ms, booleans from 0/1), foreign keys unchecked. */
export async function loadCatalog(sqlite: Database.Database, client: pg.ClientBase) {
  const models = modelsOf(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  await client.query("BEGIN");
  // Only these tables are copied, so the keys to the rest (users, certificates…) would fail: replica mode skips them.
  await client.query("SET LOCAL session_replication_role = replica");
  for (const table of TABLES) {
    const fields = models.get(table);
    const rows = sqlite.prepare(`SELECT * FROM "${table}" ORDER BY "id"`).all() as Array<Record<string, unknown>>;
    const converted = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([column, value]) => {
          const type = fields?.get(column)?.type;
          if (value !== null && type === "DateTime") return [column, new Date(Number(value)).toISOString()];
          if (value !== null && type === "Boolean") return [column, value === 1];
          return [column, value];
        }),
      ),
    );
    for (let i = 0; i < converted.length; i += 2000)
      await client.query(`INSERT INTO "${table}" SELECT * FROM json_populate_recordset(NULL::"${table}", $1::json)`, [
        JSON.stringify(converted.slice(i, i + 2000)),
      ]);
  }
  await client.query("SET LOCAL session_replication_role = DEFAULT");
  await rebuildProductSearchIndexPostgres(client);
  await client.query("COMMIT");
  await client.query(`ANALYZE`);
}
