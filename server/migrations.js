// Which migration folders a SQLite database has not applied yet: read by `npm start`'s setup (to skip Prisma's slow
// CLI when there is nothing to do) and by /readyz (a process on an unmigrated database is not ready).
import fs from "node:fs";
import path from "node:path";

export function migrationFolders(dir = path.resolve("prisma/migrations")) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

/** How many migrations `database` (a better-sqlite3 connection) has applied, and which of `folders` it has not. */
export function pendingMigrations(database, folders) {
  const applied = new Set(
    database
      .prepare(`SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)
      .all()
      .map((row) => row.name),
  );
  return { applied: applied.size, missing: folders.filter((name) => !applied.has(name)) };
}

/** The same for PostgreSQL (a pg Pool or Client): the folders of prisma/postgres/migrations that scripts/pg-migrate.mjs has not recorded. */
export async function pendingPostgresMigrations(pool, folders = migrationFolders(path.resolve("prisma/postgres/migrations"))) {
  const { rows } = await pool.query(`SELECT "name" FROM "_bangfu_migrations"`);
  const applied = new Set(rows.map((row) => row.name));
  return { applied: applied.size, missing: folders.filter((name) => !applied.has(name)) };
}
