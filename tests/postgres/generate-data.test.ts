// npm run generate-data -- --to postgresql://… (scripts/generate-data.ts, docs/decisions/0210-generate-data-on-postgres.md):
// the same seed gives the same dataset in a brand-new PostgreSQL database as in a SQLite file (counts, sums of fen,
// orders per state), with 0 differences from db:copy's verification and from the app's own report:verify run on
// PostgreSQL; the temporary SQLite file is gone afterwards; a target with rows is refused before anything is
// generated and left unchanged, through the function and through the command with DATABASE_URL naming it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteConnection } from "~/utils/sql.server";
import { assertTargetEmpty, CopyRefused, summary } from "../../scripts/db-copy";
import { generate, generateToPostgres } from "../../scripts/generate-data";
import { datasetFingerprint } from "../support/dataset-fingerprint";
import { freshDatabases, pgConnection, rowCounts, withClient } from "./support";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bangfu-generate-pg-test-"));
const options = { unions: 120, products: 300, lines: 3000, seed: 11 };
const databases = freshDatabases("gen");

const temporaryFiles = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith("bangfu-generate-") && !name.startsWith("bangfu-generate-pg-test-"));

let sqliteFingerprint: Awaited<ReturnType<typeof datasetFingerprint>>;
let filled = "";
beforeAll(async () => {
  // The same seed into a SQLite file, the way `npm run generate-data -- --out …` writes it.
  const file = path.join(dir, "reference.db");
  await generate({ ...options, out: file });
  const sqlite = new Database(file, { readonly: true });
  try {
    sqliteFingerprint = await datasetFingerprint(sqliteConnection(sqlite));
  } finally {
    sqlite.close();
  }
}, 120_000);
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await databases.dropAll();
});

describe("generate-data --to PostgreSQL", () => {
  it("fills a new database with the dataset the same seed writes to SQLite, verified with 0 differences", async () => {
    filled = await databases.create();
    const before = temporaryFiles();
    const log: string[] = [];
    const result = await generateToPostgres({ ...options, to: filled, log: (line) => log.push(line) });
    expect(summary(result.copy).join("\n")).toMatch(/0 differences: committed$/);
    expect(result.copy.differences).toBe(0);
    expect(result.copy.report.checked.standings).toBeGreaterThan(0);
    expect(result.copy.report.checked.breakdowns).toBeGreaterThan(0);
    expect(log.some((line) => /: 120 unions, \d+ products, \d+ orders, 3000 order lines in/.test(line))).toBe(true);
    expect(log.some((line) => /^copied OrderLine: 3000 rows/.test(line))).toBe(true);
    // The temporary SQLite file (and its directory) is gone.
    expect(temporaryFiles()).toEqual(before);

    const postgresFingerprint = await withClient(filled, (client) => datasetFingerprint(pgConnection(client)));
    expect(postgresFingerprint).toEqual(sqliteFingerprint);
    expect(postgresFingerprint.counts.lines).toBe(3000);
    expect([...new Set(postgresFingerprint.states.map((s) => s.status))]).toEqual(["CANCELLED", "COMPLETED", "PENDING_APPROVAL", "PLACED"]);

    // The app's own verifyReportAggregates, in a process whose DATABASE_URL names the PostgreSQL database.
    const verify = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/report-verify.ts"], {
      env: { ...process.env, DATABASE_URL: filled },
      encoding: "utf8",
    });
    expect(verify.stderr).toBe("");
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/: 3000 order lines; checked \d+ nodes/);
    expect(verify.stdout).toMatch(/^0 differences$/m);
  }, 120_000);

  it("refuses a database that holds rows before generating anything, and leaves it unchanged", async () => {
    expect(filled).not.toBe("");
    const before = await rowCounts(filled);
    const log: string[] = [];
    await expect(generateToPostgres({ ...options, to: filled, log: (line) => log.push(line) })).rejects.toThrow(CopyRefused);
    await expect(generateToPostgres({ ...options, to: filled })).rejects.toThrow(/not empty: .*Organization \(\d+ rows\)/);
    expect(log).toEqual([]);
    expect(await rowCounts(filled)).toEqual(before);

    // The command, with DATABASE_URL naming the target and neither --to nor --out: the same refusal, exit 3.
    const cli = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/generate-data.ts", "--lines", "3000"], {
      env: { ...process.env, DATABASE_URL: filled },
      encoding: "utf8",
    });
    expect(cli.status).toBe(3);
    expect(cli.stderr).toMatch(/generate-data --to fills only an empty database\. The target database is not empty: /);
    expect(await rowCounts(filled)).toEqual(before);
  });

  it("accepts a migrated database holding only the migrations' reference rows, and refuses it after one more row", async () => {
    const migrated = process.env.POSTGRES_URL ?? "";
    await expect(assertTargetEmpty(migrated)).resolves.toBeUndefined();
    await withClient(migrated, (client) =>
      client.query(`INSERT INTO "WelfareBanRule" ("ruleClass", "kind", "value", "note", "createdAt") VALUES ('TOBACCO', 'WORD', '测试词', '', now())`),
    );
    await expect(generateToPostgres({ ...options, to: migrated })).rejects.toThrow(/not empty: WelfareBanRule \(1 rows\)/);
  });

  it("takes --to only as a postgresql:// URL, and not with --out", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/generate-data.ts", ...args], {
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: "" },
      });
    const notUrl = run("--to", "file:data/x.db");
    expect(notUrl.status).toBe(2);
    expect(notUrl.stderr).toMatch(/--to takes a postgresql:\/\/ URL/);
    const both = run("--to", "postgresql://localhost/x", "--out", path.join(dir, "x.db"));
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/not both/);
  });
});
