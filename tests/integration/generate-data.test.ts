import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { verifyReportAggregates } from "~/models/welfare/report-verify.server";
import { sqliteConnection } from "~/utils/sql.server";
import { generate } from "../../scripts/generate-data";
import { datasetFingerprint } from "../support/dataset-fingerprint";

async function fingerprint(file: string) {
  const c = new Database(file, { readonly: true });
  try {
    const connection = sqliteConnection(c);
    return { ...(await datasetFingerprint(connection)), differences: (await verifyReportAggregates(connection)).differences.length };
  } finally {
    c.close();
  }
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
    expect([...new Set(a.states.map((s) => s.status))]).toEqual(["CANCELLED", "COMPLETED", "PENDING_APPROVAL", "PLACED"]);
    expect([...new Set(a.states.map((s) => s.paymentStatus))].sort()).toEqual(["PAID", "REFUNDED", "UNPAID"]);
    expect(a.differences).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it("refuses to overwrite the demo database", async () => {
    await expect(generate({ unions: 1, products: 1, lines: 1, seed: 1, out: "data/bangfu.db" })).rejects.toThrow(/demo database/);
  });
});
