// First-run setup, also safe on every start: create the data directory, apply migrations, seed demo data
// when the database is empty. Run by `npm start` (prestart) and by the test harness.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";

const dataDir = path.resolve(process.env.DATA_DIR ?? "data");
const databaseUrl = process.env.DATABASE_URL ?? `file:${path.join(dataDir, "bangfu.db")}`;
const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
fs.mkdirSync(dataDir, { recursive: true });
fs.mkdirSync(path.dirname(databaseUrl.replace(/^file:/, "")), { recursive: true });

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"]);

const connection = new Database(databaseUrl.replace(/^file:/, ""));
connection.pragma("journal_mode = WAL");
const { n } = connection.prepare(`SELECT COUNT(*) AS n FROM "Organization"`).get();
connection.close();
if (n === 0 && process.env.SEED !== "false") {
  console.log("Empty database: seeding demo data…");
  run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts"]);
}

// Goods listed before a banned-goods rule existed go off sale (docs/decisions/0111-welfare-eligibility.md).
run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/welfare-sweep.ts"]);
