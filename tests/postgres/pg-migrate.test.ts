// scripts/pg-migrate.mjs on a fresh database: pending migrations in order, each in its own transaction; a failing
// one rolled back and not recorded; a changed applied one refused; two runners at once apply each migration once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../scripts/pg-migrate.mjs";
import { freshDatabases, withClient } from "./support";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bangfu-pg-migrations-"));
const databases = freshDatabases("runner");

function write(name: string, sql: string) {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  return (await withClient(url, (client) => client.query<T>(sql))).rows;
}

beforeAll(() => {
  write("001_first", `CREATE TABLE "A" ("id" INTEGER PRIMARY KEY); INSERT INTO "A" VALUES (1);`);
  write("002_second", `CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);`);
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await databases.dropAll();
});

describe("the PostgreSQL migration runner", () => {
  it("applies pending migrations in name order once, and records each", async () => {
    const url = await databases.create();
    expect(await migrate(url, { dir })).toEqual(["001_first", "002_second"]);
    expect(await migrate(url, { dir })).toEqual([]);
    expect(await query(url, `SELECT "name" FROM "_bangfu_migrations" ORDER BY "name"`)).toEqual([{ name: "001_first" }, { name: "002_second" }]);
  });

  it("rolls a failing migration back whole and does not record it; the ones before it stay", async () => {
    const url = await databases.create();
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
    const url = await databases.create();
    await migrate(url, { dir });
    write("002_second", `CREATE TABLE "B" ("id" INTEGER PRIMARY KEY, "more" TEXT);`);
    try {
      await expect(migrate(url, { dir })).rejects.toThrow(/002_second was applied with different contents/);
    } finally {
      write("002_second", `CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);`);
    }
  });

  it("lets four runners started together apply each migration exactly once", async () => {
    const url = await databases.create();
    const applied = await Promise.all(Array.from({ length: 4 }, () => migrate(url, { dir })));
    expect(applied.flat().sort()).toEqual(["001_first", "002_second"]);
    expect(await query(url, `SELECT COUNT(*)::int AS "n" FROM "A"`)).toEqual([{ n: 1 }]);
  });
});
