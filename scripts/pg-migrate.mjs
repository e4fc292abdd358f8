// Applies prisma/postgres/migrations to the PostgreSQL database at DATABASE_URL (or --url): each pending folder's
// migration.sql in name order, each in its own transaction, recorded with its checksum in "_bangfu_migrations".
// `prisma migrate deploy` cannot do this here: with the JS schema engine it fails on PostgreSQL reading its own
// catalog ("Column type 'name' could not be deserialized", prisma/prisma#27403). See docs/decisions/0190-two-engines.md.
// Several app processes may start at once: an advisory lock lets one runner work while the others wait.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const PG_MIGRATIONS = path.join(root, "prisma", "postgres", "migrations");
const LOCK_KEY = 0x62616e67; // "bang": any constant, the same in every runner

/** The migration folders, in the order they apply, with their SQL and its checksum. */
export function migrationsIn(dir = PG_MIGRATIONS) {
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Brings the database up to date. Returns the names applied now. Throws, leaving the failing migration unapplied,
 * when one fails, and when a migration recorded as applied has changed since (its checksum differs).
 */
export async function migrate(url, { dir = PG_MIGRATIONS, log = () => undefined } = {}) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied = [];
  try {
    await client.query(`SELECT pg_advisory_lock($1)`, [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_bangfu_migrations" (
      "name" TEXT PRIMARY KEY,
      "checksum" TEXT NOT NULL,
      "appliedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
    )`);
    const { rows } = await client.query(`SELECT "name", "checksum" FROM "_bangfu_migrations"`);
    const recorded = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const migration of migrationsIn(dir)) {
      const known = recorded.get(migration.name);
      if (known === migration.checksum) continue;
      if (known) {
        throw new Error(
          `Migration ${migration.name} was applied with different contents. While PostgreSQL runs on a regenerated baseline, ` +
            `recreate the database (docs/decisions/0190-two-engines.md).`,
        );
      }
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO "_bangfu_migrations" ("name", "checksum") VALUES ($1, $2)`, [migration.name, migration.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed and was rolled back: ${error.message}`);
      }
      applied.push(migration.name);
      log(`applied ${migration.name}`);
    }
  } finally {
    await client.end();
  }
  return applied;
}

async function main() {
  const flag = process.argv.indexOf("--url");
  const url = flag >= 0 ? process.argv[flag + 1] : process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    console.error("Usage: node scripts/pg-migrate.mjs [--url postgresql://…] (or DATABASE_URL=postgresql://…)");
    process.exit(2);
  }
  const applied = await migrate(url, { log: console.log });
  console.log(applied.length ? `${applied.length} migration(s) applied` : "PostgreSQL schema is up to date");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
