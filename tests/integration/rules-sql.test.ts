// Each rule that runs inside SQL is built by one function in app/models/rules-sql.server.ts; these tests prove each
// equal to its pure twin in app/domain on generated data, in a real database.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isInSubtree } from "~/domain/actor";
import { certificateCovers } from "~/domain/certification";
import { chinaDate, chinaMonth, chinaYear } from "~/domain/china-time";
import { isLiveOrder, ORDER_STATUSES } from "~/domain/order-state";
import { certifiedOnDaySql, chinaMonthOfSql, chinaYearOfSql, inChinaYearSql, inSubtreeSql, liveOrderSql, payableSql } from "~/models/rules-sql.server";
import { isPayable, PAYMENT_STATUSES } from "~/domain/payments";
import { sqlite } from "~/utils/db.server";

const DAY = 86_400_000;
const START = Date.parse("2024-12-25T00:00:00+08:00");
// Instants around China-midnight boundaries, where a UTC or off-by-one-day rule would disagree.
const instant = fc
  .tuple(fc.integer({ min: 0, max: 800 }), fc.constantFrom(0, 1, DAY / 3, DAY - 1, DAY - 8 * 3_600_000, DAY - 8 * 3_600_000 - 1))
  .map(([d, o]) => new Date(START + d * DAY + o));

describe("rules that run in SQL equal their domain form", () => {
  it("certified on a China day: certifiedOnDaySql ≡ certificateCovers", () => {
    const product = sqlite.prepare(`SELECT "id" FROM "Product" LIMIT 1`).get() as { id: number } | undefined;
    // The template database has no products: make one bare product row to hang certificates on.
    const productId = product?.id ?? makeProbeProduct();
    fc.assert(
      fc.property(fc.constantFrom("APPROVED", "SUBMITTED", "REJECTED"), instant, instant, instant, (status, a, b, at) => {
        const [validFrom, validTo] = a <= b ? [a, b] : [b, a];
        sqlite.prepare(`DELETE FROM "Certificate" WHERE "productId" = ?`).run(productId);
        sqlite
          .prepare(`INSERT INTO "Certificate" ("productId","number","level","issuer","validFrom","validTo","status","submittedAt") VALUES (?,?,?,?,?,?,?,?)`)
          .run(productId, "T-1", "COUNTY", "test", validFrom.getTime(), validTo.getTime(), status, 0);
        const inSql = sqlite.prepare(`SELECT ${certifiedOnDaySql("?", chinaDate(at))} AS "covered"`).get(productId) as { covered: number };
        expect(inSql.covered === 1).toBe(certificateCovers({ status, validFrom, validTo }, at));
      }),
      { numRuns: 400, seed: 20261129 },
    );
  });

  it("live order: liveOrderSql ≡ isLiveOrder for every status", () => {
    for (const status of ORDER_STATUSES) {
      const row = sqlite.prepare(`SELECT ${liveOrderSql("?")} AS "live"`).get(status) as { live: number };
      expect(row.live === 1, status).toBe(isLiveOrder({ status }));
    }
  });

  it("payable: payableSql ≡ isPayable for every order status and payment status", () => {
    for (const status of ORDER_STATUSES)
      for (const paymentStatus of PAYMENT_STATUSES) {
        const row = sqlite
          .prepare(`SELECT ${payableSql("probe")} AS "payable" FROM (SELECT ? AS "status", ? AS "paymentStatus") probe`)
          .get(status, paymentStatus) as {
          payable: number;
        };
        expect(row.payable === 1, `${status}/${paymentStatus}`).toBe(isPayable({ status, paymentStatus }));
      }
  });

  it("China year: inChinaYearSql ≡ chinaYear", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 2024, max: 2027 }), (at, year) => {
        const row = sqlite.prepare(`SELECT ${inChinaYearSql(`probe."v"`, year)} AS "inside" FROM (SELECT ? AS "v") probe`).get(at.getTime()) as {
          inside: number;
        };
        expect(row.inside === 1).toBe(chinaYear(at) === year);
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it("China year and month of an instant: chinaYearOfSql ≡ chinaYear, chinaMonthOfSql ≡ the MONTH breakdown key", () => {
    fc.assert(
      fc.property(instant, (at) => {
        const row = sqlite
          .prepare(`SELECT ${chinaYearOfSql(`probe."v"`)} AS "year", ${chinaMonthOfSql(`probe."v"`)} AS "month" FROM (SELECT ? AS "v") probe`)
          .get(at.getTime()) as { year: number; month: string };
        expect(row).toEqual({ year: chinaYear(at), month: String(chinaMonth(at)).padStart(2, "0") });
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it("subtree: inSubtreeSql ≡ isInSubtree", () => {
    const path = fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 4 }).map((ids) => `/${ids.join("/")}/`);
    fc.assert(
      fc.property(path, path, (root, candidate) => {
        const row = sqlite.prepare(`SELECT ${inSubtreeSql(`probe."v"`, root)} AS "inside" FROM (SELECT ? AS "v") probe`).get(candidate) as { inside: number };
        expect(row.inside === 1).toBe(isInSubtree({ org: { path: root } }, candidate));
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});

function makeProbeProduct(): number {
  const org = sqlite.prepare(`INSERT INTO "Organization" ("name","kind","code","path") VALUES ('probe','SUPPLIER','PROBE','/')`).run().lastInsertRowid;
  sqlite.prepare(`UPDATE "Organization" SET "path" = '/' || "id" || '/' WHERE "id" = ?`).run(org);
  const supplier = sqlite
    .prepare(`INSERT INTO "Supplier" ("orgId","kind","tradeRole","county") VALUES (?,'COOPERATIVE','PRODUCER','商州区')`)
    .run(org).lastInsertRowid;
  return Number(
    sqlite
      .prepare(
        `INSERT INTO "Product" ("code","supplierId","title","category","unit","priceFen","stock","minOrderQty","active","createdAt","updatedAt") VALUES ('PROBE',?,'probe','TEA','box',100,1,1,1,0,0)`,
      )
      .run(supplier).lastInsertRowid,
  );
}
