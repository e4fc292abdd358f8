import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { verifyReportAggregates } from "~/models/welfare/report-verify.server";
import { sqliteConnection } from "~/utils/sql.server";
import { generate } from "../../scripts/generate-data";

async function fingerprint(file: string) {
  const c = new Database(file, { readonly: true });
  const one = (sql: string) => c.prepare(sql).get();
  const result = {
    counts: one(
      `SELECT (SELECT COUNT(*) FROM "Organization") AS orgs, (SELECT COUNT(*) FROM "Product") AS products, (SELECT COUNT(*) FROM "Order") AS orders, (SELECT COUNT(*) FROM "OrderLine") AS lines, (SELECT COUNT(*) FROM "Refund") AS refunds`,
    ),
    sums: one(
      `SELECT (SELECT SUM("amountFen") FROM "OrderLine") AS lineFen, (SELECT SUM("certifiedFen") FROM "ProcurementTotal") AS certifiedFen, (SELECT SUM("certifiedFen") FROM "ProcurementBreakdown") AS breakdownFen`,
    ),
    states: c.prepare(`SELECT "status", COUNT(*) AS n FROM "Order" GROUP BY 1 ORDER BY 1`).all(),
    differences: (await verifyReportAggregates(sqliteConnection(c))).differences.length,
  };
  c.close();
  return result;
}

describe("the data generator", () => {
  it("writes the same data for the same seed, in every order state, with aggregates that verify", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bangfu-gen-"));
    const options = { unions: 120, products: 300, lines: 3000, seed: 11 };
    await generate({ ...options, out: path.join(dir, "a.db") });
    await generate({ ...options, out: path.join(dir, "b.db") });
    const a = await fingerprint(path.join(dir, "a.db"));
    expect(await fingerprint(path.join(dir, "b.db"))).toEqual(a);
    expect(a.counts).toMatchObject({ lines: 3000 });
    expect(a.states.map((s) => (s as { status: string }).status)).toEqual(["CANCELLED", "COMPLETED", "PENDING_APPROVAL", "PLACED"]);
    expect(a.differences).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it("refuses to overwrite the demo database", async () => {
    await expect(generate({ unions: 1, products: 1, lines: 1, seed: 1, out: "data/bangfu.db" })).rejects.toThrow(/demo database/);
  });
});
