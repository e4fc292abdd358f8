// rebuildReportNodes' script (REBUILD_REPORT_NODES_SQL in app/models/welfare/procurement-ledger.server.ts, what the
// seed and the data generator run after writing in bulk) on PostgreSQL: the seeded demo database is copied there
// (npm run db:copy, 0 differences, so its kept rows are SQLite's), every figure the script derives is cleared, and
// the script run on PostgreSQL must write back exactly the rows SQLite's run of it kept.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REBUILD_REPORT_NODES_SQL } from "~/models/welfare/procurement-ledger.server";
import { copyDatabase } from "../../scripts/db-copy";
import { databaseUrl } from "./support";

const adminUrl = process.env.BANGFU_PG_ADMIN_URL ?? "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bangfu-report-rebuild-"));
const source = path.join(dir, "bangfu.db");
const database = `rebuild_${crypto.randomBytes(4).toString("hex")}`;
let client: pg.Client;

/** The rows the script derives, as text, in a fixed order: B, W, the unit counts and every row of the other tables. */
const KEPT = {
  totals: `SELECT "orgId", "year", "budgetFen"::text, "offPlatformFen"::text, "unitsWithBudget", "unitsBought", "unitsBudgetNoPurchases"
           FROM "ProcurementTotal" ORDER BY 1, 2`,
  unitCounts: `SELECT "orgId", "registered" FROM "ReportUnitCount" ORDER BY 1`,
  standings: `SELECT "nodeId", "year", "unitId", "direct", "gapFen"::text, "completion" FROM "ReportStanding" ORDER BY 1, 2, 3`,
  periodCounts: `SELECT "orgId", "year", "month", "unitsBought", "unitsBudgetBought" FROM "ReportPeriodCount" ORDER BY 1, 2, 3`,
};

async function kept() {
  const out: Record<string, unknown[]> = {};
  for (const [name, query] of Object.entries(KEPT)) out[name] = (await client.query(query)).rows;
  return out;
}

beforeAll(async () => {
  // The seeded demo database, made the way `npm start` makes it (scripts/setup.mjs: migrate, seed, sweep).
  const result = spawnSync(process.execPath, ["scripts/setup.mjs"], {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: `file:${source}` },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`setup failed:\n${result.stdout}\n${result.stderr}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const url = databaseUrl(adminUrl, database);
  const report = await copyDatabase({ from: `file:${source}`, to: url });
  if (report.differences !== 0) throw new Error(`the copy has ${report.differences} differences`);
  client = new pg.Client({ connectionString: url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  fs.rmSync(dir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
});

describe("rebuildReportNodes' script on PostgreSQL", () => {
  it("writes back exactly the budgets, spending, unit counts, registered units, standings and period counts SQLite kept", async () => {
    const before = await kept();
    expect(before.standings.length).toBeGreaterThan(10);
    expect(before.periodCounts.length).toBeGreaterThan(10);
    expect(before.unitCounts.length).toBeGreaterThan(5);
    await client.query(
      `UPDATE "ProcurementTotal" SET "budgetFen" = 0, "offPlatformFen" = 0, "unitsWithBudget" = 0, "unitsBought" = 0, "unitsBudgetNoPurchases" = 0`,
    );
    await client.query(`DELETE FROM "ReportStanding"; DELETE FROM "ReportUnitCount"; DELETE FROM "ReportPeriodCount"`);
    expect((await kept()).standings).toEqual([]);
    await client.query(`BEGIN; ${REBUILD_REPORT_NODES_SQL}; COMMIT`);
    expect(await kept()).toEqual(before);
  });
});
