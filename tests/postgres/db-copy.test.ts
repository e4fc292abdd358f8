// npm run db:copy (scripts/db-copy.ts, docs/decisions/0193-db-copy.md): a freshly seeded SQLite database copied into
// a brand-new PostgreSQL database (migrated by the copy itself) with 0 differences, sequences past the copied ids and
// the search index rebuilt; a target with rows refused and left unchanged; a corrupted value on the target found by
// the verification; a source whose kept report figures are wrong copied, found and rolled back.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyDatabase, CopyRefused, migrationReferenceRows, summary } from "../../scripts/db-copy";
import { freshDatabases, rowCounts, withClient } from "./support";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bangfu-db-copy-"));
const source = path.join(dir, "bangfu.db");
const databases = freshDatabases("copy");

let copied = "";
beforeAll(() => {
  // The seeded demo database, made the way `npm start` makes it (scripts/setup.mjs: migrate, seed, sweep).
  const result = spawnSync(process.execPath, ["scripts/setup.mjs"], {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: `file:${source}` },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`setup failed:\n${result.stdout}\n${result.stderr}`);
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await databases.dropAll();
});

describe("db:copy from SQLite to PostgreSQL", () => {
  it("copies the seeded database into a new database with 0 differences: every table, every sequence, the report figures", async () => {
    copied = await databases.create();
    const report = await copyDatabase({ from: `file:${source}`, to: copied, batchSize: 97 });
    expect(summary(report).join("\n")).toMatch(/0 differences: committed$/);
    expect(report.differences).toBe(0);
    const sqlite = new Database(source, { readonly: true });
    try {
      const orderLines = sqlite.prepare(`SELECT COUNT(*) AS "n" FROM "OrderLine"`).pluck().get();
      expect(report.tables.find((t) => t.table === "OrderLine")).toMatchObject({ sourceRows: orderLines, targetRows: orderLines });
    } finally {
      sqlite.close();
    }
    expect(report.tables.length).toBeGreaterThan(50);
    expect(report.tables.every((t) => t.sourceRows === t.targetRows && t.sourceChecksum === t.targetChecksum)).toBe(true);
    expect(report.report.checked.standings).toBeGreaterThan(0);
    expect(report.report.checked.breakdowns).toBeGreaterThan(0);
    expect(report.report.differences).toEqual([]);
    // The kept union-year order totals are copied as they are, not built a second time by the Order triggers, which
    // were off only while the copy wrote (docs/decisions/0197-union-order-totals-by-trigger.md).
    expect(report.report.checked.orderTotals).toBeGreaterThan(0);
    expect(report.tables.find((t) => t.table === "UnionOrderTotal")).toMatchObject({ sourceRows: report.report.checked.orderTotals });
    await withClient(copied, async (client) => {
      const { rows } = await client.query<{ name: string; enabled: string }>(
        `SELECT "tgname" AS "name", "tgenabled" AS "enabled" FROM pg_trigger WHERE "tgrelid" = '"Order"'::regclass AND NOT "tgisinternal" ORDER BY 1`,
      );
      expect(rows.filter((r) => r.name.startsWith("Order_union_totals_")).map((r) => r.enabled)).toEqual(["O", "O", "O", "O"]);
    });
    // The catalog search index is not copied but rebuilt by the app's PostgreSQL writer, equal to the source's FTS5 rows.
    expect(report.skipped).toContain("ProductSearch");
    const search = report.tables.find((t) => t.table === "ProductSearch (rebuilt)");
    expect(search?.targetRows).toBeGreaterThan(50);
    expect(search).toMatchObject({ sourceRows: search?.targetRows, sourceChecksum: search?.targetChecksum });
    await withClient(copied, async (client) => {
      const { rows } = await client.query<{ products: string; totals: string; matches: string }>(
        `SELECT (SELECT COUNT(*) FROM "Product") AS "products", (SELECT "rows" FROM "ProductSearchTotals") AS "totals",
                (SELECT COUNT(*) FROM "ProductSearch" WHERE "document" @@ $1::tsquery) AS "matches"`,
        [`'米'`],
      );
      expect(Number(rows[0].totals)).toBe(Number(rows[0].products));
      expect(Number(rows[0].matches)).toBeGreaterThan(0);
    });
    const counts = await rowCounts(copied);
    expect(counts.OrderLine).toBeGreaterThan(1000);
    expect(counts.ProcurementTotal).toBeGreaterThan(0);
  });

  it("leaves every sequence at max(id) + 1: an insert without an id after the copy gets the next one", async () => {
    expect(copied).not.toBe("");
    await withClient(copied, async (client) => {
      const { rows: stamp } = await client.query<{ version: number }>(`SELECT "version" FROM "CatalogVersion" WHERE "id" = 1`);
      const { rows: max } = await client.query<{ max: number }>(`SELECT MAX("id") AS "max" FROM "Village"`);
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO "Village" ("name", "township", "county") VALUES ('新村', '新镇', '新县') RETURNING "id"`,
      );
      expect(rows[0].id).toBe(max[0].max + 1);
      const { rows: order } = await client.query<{ max: number; next: string }>(
        `SELECT (SELECT MAX("id") FROM "Order") AS "max", nextval(pg_get_serial_sequence('"Order"', 'id'))::text AS "next"`,
      );
      expect(Number(order[0].next)).toBe(order[0].max + 1);
      // Put both back as the copy left them, for the tests below.
      await client.query(`DELETE FROM "Village" WHERE "id" = $1`, [rows[0].id]);
      await client.query(`SELECT setval(pg_get_serial_sequence('"Village"', 'id'), $1)`, [max[0].max]);
      await client.query(`SELECT setval(pg_get_serial_sequence('"Order"', 'id'), $1)`, [order[0].max]);
      // The delete's cascade to "Product" moved the catalog's result stamp (docs/decisions/0185-catalog-result-cache.md).
      await client.query(`UPDATE "CatalogVersion" SET "version" = $1 WHERE "id" = 1`, [stamp[0].version]);
    });
  });

  it("refuses a target that already holds rows, and leaves it unchanged", async () => {
    expect(copied).not.toBe("");
    const before = await rowCounts(copied);
    await expect(copyDatabase({ from: `file:${source}`, to: copied })).rejects.toThrow(CopyRefused);
    await expect(copyDatabase({ from: `file:${source}`, to: copied })).rejects.toThrow(/not empty: .*Organization \(\d+ rows\)/);
    expect(await rowCounts(copied)).toEqual(before);
    expect((await copyDatabase({ from: `file:${source}`, to: copied, verifyOnly: true })).differences).toBe(0);

    // One row beyond the migrations' reference rows is enough, even in a reference table.
    const migrated = process.env.POSTGRES_URL ?? "";
    expect(migrationReferenceRows().get("WelfareBanRule")?.length).toBeGreaterThan(0);
    await withClient(migrated, (client) =>
      client.query(`INSERT INTO "WelfareBanRule" ("ruleClass", "kind", "value", "note", "createdAt") VALUES ('TOBACCO', 'WORD', '测试词', '', now())`),
    );
    const beforeOne = await rowCounts(migrated);
    await expect(copyDatabase({ from: `file:${source}`, to: migrated })).rejects.toThrow(/not empty: WelfareBanRule \(1 rows\)/);
    expect(await rowCounts(migrated)).toEqual(beforeOne);
  });

  it("finds a corrupted value on the target: the table's checksum, then a kept report figure; the command exits 1", async () => {
    expect(copied).not.toBe("");
    // One instant, one millisecond earlier: the normalised checksum sees even that.
    await withClient(copied, (client) =>
      client.query(`UPDATE "Order" SET "createdAt" = "createdAt" - INTERVAL '1 millisecond' WHERE "id" = (SELECT MIN("id") FROM "Order")`),
    );
    let report = await copyDatabase({ from: `file:${source}`, to: copied, verifyOnly: true });
    const bad = report.tables.filter((t) => t.sourceChecksum !== t.targetChecksum);
    expect(bad.map((t) => t.table)).toEqual(["Order"]);
    expect(bad[0].sourceRows).toBe(bad[0].targetRows);
    expect(report.differences).toBe(1);

    const { rows } = await withClient(copied, (client) =>
      client.query<{ orgId: number; year: number }>(
        `UPDATE "ProcurementTotal" SET "certifiedFen" = "certifiedFen" + 1
         WHERE ("orgId", "year") = (SELECT "orgId", "year" FROM "ProcurementTotal" WHERE "certifiedFen" > 0 ORDER BY "orgId", "year" LIMIT 1)
         RETURNING "orgId", "year"`,
      ),
    );
    report = await copyDatabase({ from: `file:${source}`, to: copied, verifyOnly: true });
    expect(report.report.differences).toEqual([
      expect.objectContaining({ table: "ProcurementTotal", orgId: rows[0].orgId, year: rows[0].year, field: "certifiedFen" }),
    ]);
    const cli = spawnSync(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/db-copy.ts", "--verify-only", "--from", `file:${source}`, "--to", copied],
      {
        encoding: "utf8",
      },
    );
    expect(cli.status).toBe(1);
    expect(cli.stdout).toMatch(/ {2}Order: source \d+ rows/);
    expect(cli.stdout).toMatch(/"field":"certifiedFen"/);
    expect(cli.stdout).toMatch(/3 difference\(s\)$/m);
  });

  it("rolls the whole copy back when the verification finds a difference (a source whose kept figures are wrong)", async () => {
    const wrong = path.join(dir, "wrong.db");
    fs.copyFileSync(source, wrong);
    const sqlite = new Database(wrong);
    sqlite.prepare(`UPDATE "ReportStanding" SET "gapFen" = "gapFen" + 1 WHERE rowid = (SELECT MIN(rowid) FROM "ReportStanding")`).run();
    sqlite.close();
    const target = await databases.create();
    const report = await copyDatabase({ from: `file:${wrong}`, to: target });
    expect(report.report.differences).toEqual([expect.objectContaining({ table: "ReportStanding", field: "gapFen" })]);
    expect(summary(report).at(-1)).toMatch(/rolled back/);
    const counts = await rowCounts(target);
    expect(Object.entries(counts).filter(([table, n]) => n > 0 && table !== "_bangfu_migrations" && !migrationReferenceRows().has(table))).toEqual([]);
  });
});
