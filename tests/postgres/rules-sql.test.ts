// The rules that run in SQL, compiled for PostgreSQL (app/models/rules-sql.server.ts with dialect "postgres"), equal
// their pure twins in app/domain on generated cases in a real PostgreSQL: the twin of
// tests/integration/rules-sql.test.ts, with the same generators and seeds.
import fc from "fast-check";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isInSubtree } from "~/domain/actor";
import { certificateCovers } from "~/domain/certification";
import { chinaDate, chinaMonth, chinaYear } from "~/domain/china-time";
import { isLiveOrder, ORDER_STATUSES } from "~/domain/order-state";
import { isPayable, PAYMENT_STATUSES } from "~/domain/payments";
import {
  certificateNumberOnDaySql,
  certifiedOnDaySql,
  chinaMonthOfSql,
  chinaYearOfSql,
  inChinaYearSql,
  inSubtreeSql,
  liveOrderSql,
  payableSql,
} from "~/models/rules-sql.server";
import { connect } from "./support";

const DAY = 86_400_000;
const START = Date.parse("2024-12-25T00:00:00+08:00");
// Instants around China-midnight boundaries, where a UTC or off-by-one-day rule would disagree.
const instant = fc
  .tuple(fc.integer({ min: 0, max: 800 }), fc.constantFrom(0, 1, DAY / 3, DAY - 1, DAY - 8 * 3_600_000, DAY - 8 * 3_600_000 - 1))
  .map(([d, o]) => new Date(START + d * DAY + o));

let client: pg.Client;
beforeAll(async () => {
  client = await connect();
  // A session far from China's zone: the rules must not depend on it.
  await client.query(`SET TIME ZONE 'America/Los_Angeles'`);
});
afterAll(() => client.end());

async function makeProbeProduct(): Promise<number> {
  const org = await client.query<{ id: number }>(
    `INSERT INTO "Organization" ("name","kind","code","path") VALUES ('probe','SUPPLIER','PROBE','/') RETURNING "id"`,
  );
  const orgId = org.rows[0].id;
  await client.query(`UPDATE "Organization" SET "path" = '/' || "id" || '/' WHERE "id" = $1`, [orgId]);
  const supplier = await client.query<{ id: number }>(
    `INSERT INTO "Supplier" ("orgId","kind","tradeRole","county") VALUES ($1,'COOPERATIVE','PRODUCER','商州区') RETURNING "id"`,
    [orgId],
  );
  const product = await client.query<{ id: number }>(
    `INSERT INTO "Product" ("code","supplierId","title","category","unit","priceFen","stock","minOrderQty","active","createdAt","updatedAt")
     VALUES ('PROBE',$1,'probe','TEA','box',100,1,1,TRUE,now(),now()) RETURNING "id"`,
    [supplier.rows[0].id],
  );
  return product.rows[0].id;
}

describe("rules that run in SQL equal their domain form on PostgreSQL", () => {
  it("certified on a China day: certifiedOnDaySql ≡ certificateCovers, and the covering certificate's number", async () => {
    const productId = await makeProbeProduct();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("APPROVED", "SUBMITTED", "REJECTED"), instant, instant, instant, async (status, a, b, at) => {
        const [validFrom, validTo] = a <= b ? [a, b] : [b, a];
        await client.query(`DELETE FROM "Certificate" WHERE "productId" = $1`, [productId]);
        await client.query(
          `INSERT INTO "Certificate" ("productId","number","level","issuer","validFrom","validTo","status","submittedAt") VALUES ($1,'T-1','COUNTY','test',$2,$3,$4,now())`,
          [productId, validFrom, validTo, status],
        );
        const { rows } = await client.query<{ covered: boolean; number: string | null }>(
          `SELECT ${certifiedOnDaySql("$1", chinaDate(at), "postgres")} AS "covered", ${certificateNumberOnDaySql("$1", chinaDate(at), "postgres")} AS "number"`,
          [productId],
        );
        const covers = certificateCovers({ status, validFrom, validTo }, at);
        expect(rows[0].covered).toBe(covers);
        expect(rows[0].number).toBe(covers ? "T-1" : null);
      }),
      { numRuns: 400, seed: 20261129 },
    );
  });

  it("live order: liveOrderSql ≡ isLiveOrder for every status", async () => {
    for (const status of ORDER_STATUSES) {
      const { rows } = await client.query<{ live: boolean }>(`SELECT ${liveOrderSql("$1::text")} AS "live"`, [status]);
      expect(rows[0].live, status).toBe(isLiveOrder({ status }));
    }
  });

  it("payable: payableSql ≡ isPayable for every order status and payment status", async () => {
    for (const status of ORDER_STATUSES)
      for (const paymentStatus of PAYMENT_STATUSES) {
        const { rows } = await client.query<{ payable: boolean }>(
          `SELECT ${payableSql("probe")} AS "payable" FROM (SELECT $1::text AS "status", $2::text AS "paymentStatus") probe`,
          [status, paymentStatus],
        );
        expect(rows[0].payable, `${status}/${paymentStatus}`).toBe(isPayable({ status, paymentStatus }));
      }
  });

  it("China year: inChinaYearSql ≡ chinaYear", async () => {
    await fc.assert(
      fc.asyncProperty(instant, fc.integer({ min: 2024, max: 2027 }), async (at, year) => {
        const { rows } = await client.query<{ inside: boolean }>(
          `SELECT ${inChinaYearSql(`probe."v"`, year, "postgres")} AS "inside" FROM (SELECT $1::timestamptz AS "v") probe`,
          [at],
        );
        expect(rows[0].inside).toBe(chinaYear(at) === year);
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it("China year and month of an instant: chinaYearOfSql ≡ chinaYear, chinaMonthOfSql ≡ the MONTH breakdown key", async () => {
    await fc.assert(
      fc.asyncProperty(instant, async (at) => {
        const { rows } = await client.query<{ year: number; month: string }>(
          `SELECT ${chinaYearOfSql(`probe."v"`, "postgres")} AS "year", ${chinaMonthOfSql(`probe."v"`, "postgres")} AS "month" FROM (SELECT $1::timestamptz AS "v") probe`,
          [at],
        );
        expect(rows[0]).toEqual({ year: chinaYear(at), month: String(chinaMonth(at)).padStart(2, "0") });
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it("subtree: inSubtreeSql ≡ isInSubtree, also under a collation that ignores punctuation", async () => {
    const path = fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 4 }).map((ids) => `/${ids.join("/")}/`);
    // Like glibc's en_US.UTF-8, a common database default, this collation ignores '/' at the first level.
    await client.query(`CREATE COLLATION IF NOT EXISTS "ignore_punctuation" (provider = icu, locale = 'und-u-ka-shifted')`);
    for (const collation of [``, ` COLLATE "C"`, ` COLLATE "ignore_punctuation"`]) {
      await fc.assert(
        fc.asyncProperty(path, path, async (root, candidate) => {
          const { rows } = await client.query<{ inside: boolean }>(
            `SELECT ${inSubtreeSql(`probe."v"`, root, "postgres")} AS "inside" FROM (SELECT $1::text${collation} AS "v") probe`,
            [candidate],
          );
          expect(rows[0].inside).toBe(isInSubtree({ org: { path: root } }, candidate));
        }),
        { numRuns: 300, seed: 3 },
      );
    }
    // Why PostgreSQL has its own form: there, SQLite's byte range puts /12/ inside /1/.
    const { rows } = await client.query<{ inside: boolean }>(
      `SELECT ${inSubtreeSql(`probe."v"`, "/1/")} AS "inside" FROM (SELECT '/12/'::text COLLATE "ignore_punctuation" AS "v") probe`,
    );
    expect(rows[0].inside).toBe(true);
  });

  it("subtree: the path prefix index serves the PostgreSQL form", async () => {
    await client.query(`SET enable_seqscan = off`);
    const { rows } = await client.query<{ "QUERY PLAN": string }>(
      `EXPLAIN SELECT "id" FROM "Organization" o WHERE ${inSubtreeSql(`o."path"`, "/1/5/", "postgres")}`,
    );
    await client.query(`RESET enable_seqscan`);
    expect(rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("Organization_path_prefix_idx");
  });

  it("leaves the SQLite forms as they were", () => {
    expect(chinaYearOfSql("c", "sqlite")).toBe(`CAST(strftime('%Y', (c) / 1000 + 28800, 'unixepoch') AS INTEGER)`);
    expect(chinaMonthOfSql("c", "sqlite")).toBe(`strftime('%m', (c) / 1000 + 28800, 'unixepoch')`);
    expect(inSubtreeSql(`o."path"`, "/1/")).toBe(`o."path" >= '/1/' AND o."path" < '/1/\uffff'`);
    expect(inChinaYearSql("c", 2026)).toBe(`c >= ${Date.parse("2026-01-01T00:00:00+08:00")} AND c < ${Date.parse("2027-01-01T00:00:00+08:00")}`);
    expect(inChinaYearSql("c", 2026, "postgres")).toBe(`c >= TIMESTAMPTZ '2025-12-31T16:00:00.000Z' AND c < TIMESTAMPTZ '2026-12-31T16:00:00.000Z'`);
  });
});
