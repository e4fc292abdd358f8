// scripts/pg-migrate.mjs on a fresh database: pending migrations in order, each in its own transaction; a failing
// one rolled back and not recorded; a changed applied one refused; two runners at once apply each migration once.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../scripts/pg-migrate.mjs";
import { databaseUrl } from "./support";

const adminUrl = process.env.BANGFU_PG_ADMIN_URL ?? "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bangfu-pg-migrations-"));
const databases: string[] = [];

function write(name: string, sql: string) {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

async function freshDatabase(): Promise<string> {
  const name = `runner_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  databases.push(name);
  return databaseUrl(adminUrl, name);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(() => {
  write("001_first", `CREATE TABLE "A" ("id" INTEGER PRIMARY KEY); INSERT INTO "A" VALUES (1);`);
  write("002_second", `CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);`);
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const name of databases) await query(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe("the PostgreSQL migration runner", () => {
  it("applies pending migrations in name order once, and records each", async () => {
    const url = await freshDatabase();
    expect(await migrate(url, { dir })).toEqual(["001_first", "002_second"]);
    expect(await migrate(url, { dir })).toEqual([]);
    expect(await query(url, `SELECT "name" FROM "_bangfu_migrations" ORDER BY "name"`)).toEqual([{ name: "001_first" }, { name: "002_second" }]);
  });

  it("rolls a failing migration back whole and does not record it; the ones before it stay", async () => {
    const url = await freshDatabase();
    write("003_broken", `CREATE TABLE "C" ("id" INTEGER); INSERT INTO "C" VALUES (1); INSERT INTO "Missing" VALUES (1);`);
    try {
      await expect(migrate(url, { dir })).rejects.toThrow(/003_broken failed and was rolled back: relation "Missing" does not exist/);
    } finally {
      fs.rmSync(path.join(dir, "003_broken"), { recursive: true });
    }
    expect(await query(url, `SELECT to_regclass('"C"') AS "c", to_regclass('"B"') AS "b"`)).toEqual([{ c: null, b: '"B"' }]);
    expect((await query(url, `SELECT "name" FROM "_bangfu_migrations"`)).map((r) => r.name)).toEqual(["001_first", "002_second"]);
  });

  it("refuses a migration that changed after it was applied", async () => {
    const url = await freshDatabase();
    await migrate(url, { dir });
    write("002_second", `CREATE TABLE "B" ("id" INTEGER PRIMARY KEY, "more" TEXT);`);
    try {
      await expect(migrate(url, { dir })).rejects.toThrow(/002_second was applied with different contents/);
    } finally {
      write("002_second", `CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);`);
    }
  });

  it("lets four runners started together apply each migration exactly once", async () => {
    const url = await freshDatabase();
    const applied = await Promise.all(Array.from({ length: 4 }, () => migrate(url, { dir })));
    expect(applied.flat().sort()).toEqual(["001_first", "002_second"]);
    expect(await query(url, `SELECT COUNT(*)::int AS "n" FROM "A"`)).toEqual([{ n: 1 }]);
  });
});
