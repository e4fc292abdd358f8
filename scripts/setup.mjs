// First-run setup, also safe on every start: create the data directory, apply migrations, seed demo data
// when the database is empty. Run by `npm start` (prestart) and by the test harness.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import pg from "pg";
import { migrationFolders, pendingMigrations, pendingPostgresMigrations } from "../server/migrations.js";

const dataDir = path.resolve(process.env.DATA_DIR ?? "data");
const databaseUrl = process.env.DATABASE_URL ?? `file:${path.join(dataDir, "bangfu.db")}`;
const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
const postgres = /^postgres(ql)?:\/\//.test(databaseUrl);
fs.mkdirSync(dataDir, { recursive: true });
if (!postgres) fs.mkdirSync(path.dirname(databaseUrl.replace(/^file:/, "")), { recursive: true });

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Prisma's CLI takes seconds to start: skip it when every migration folder is already applied.
function anyMigrationPending() {
  const file = databaseUrl.replace(/^file:/, "");
  if (!fs.existsSync(file)) return true;
  const db = new Database(file, { readonly: true });
  try {
    return pendingMigrations(db, migrationFolders()).missing.length > 0;
  } catch {
    return true;
  } finally {
    db.close();
  }
}

/** PostgreSQL (docs/decisions/0190-two-engines.md): its own migration runner and history, the same questions. */
async function postgresState() {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const pending = await pendingPostgresMigrations(client).catch(() => ({ missing: ["(no history yet)"] }));
    const organizations = pending.missing.length ? 0 : Number((await client.query(`SELECT COUNT(*) AS n FROM "Organization"`)).rows[0].n);
    return { migrating: pending.missing.length > 0, organizations };
  } finally {
    await client.end();
  }
}

let migrating;
let n;
if (postgres) {
  ({ migrating } = await postgresState());
  if (migrating) run(process.execPath, ["scripts/pg-migrate.mjs"]);
  else console.log("setup: all migrations applied");
  n = (await postgresState()).organizations;
} else {
  migrating = anyMigrationPending();
  if (migrating) run(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"]);
  else console.log("setup: all migrations applied");
  const connection = new Database(databaseUrl.replace(/^file:/, ""));
  connection.pragma("journal_mode = WAL");
  ({ n } = connection.prepare(`SELECT COUNT(*) AS n FROM "Organization"`).get());
  connection.close();
}
if (n === 0 && process.env.SEED !== "false") {
  console.log("Empty database: seeding demo data…");
  run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts"]);
}

// Goods listed before a banned-goods rule existed go off sale (docs/decisions/0111-welfare-eligibility.md). Only when
// a migration (which may bring rules) or a seed ran: rules added in the app sweep in their own transaction.
if (migrating || (n === 0 && process.env.SEED !== "false")) run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/welfare-sweep.ts"]);
