// Each rule that runs inside SQL is built by one function in app/models/rules-sql.server.ts; these tests prove each
// equal to its pure twin in app/domain on generated data, in a real database: the engine DATABASE_URL names, so the
// same statements run on SQLite and, in the PostgreSQL suite, on PostgreSQL. tests/postgres/rules-sql.test.ts adds
// what only PostgreSQL has: collations, the path prefix index, a session far from China's time zone.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isInSubtree } from "~/domain/actor";
import { certificateCovers } from "~/domain/certification";
import { chinaDate, chinaMonth, chinaYear } from "~/domain/china-time";
import { isLiveOrder, ORDER_STATUSES } from "~/domain/order-state";
import { certifiedOnDaySql, chinaMonthOfSql, chinaYearOfSql, inChinaYearSql, inSubtreeSql, liveOrderSql, payableSql } from "~/models/rules-sql.server";
import { isPayable, PAYMENT_STATUSES } from "~/domain/payments";
import { sql, type Expression, type SqlBool } from "kysely";
import { reader, transaction } from "~/utils/db.server";
import { first, instant as instantOf, instantValue, one, q, run } from "~/utils/sql.server";

const DAY = 86_400_000;
const START = Date.parse("2024-12-25T00:00:00+08:00");
// Instants around China-midnight boundaries, where a UTC or off-by-one-day rule would disagree.
const instant = fc
  .tuple(fc.integer({ min: 0, max: 800 }), fc.constantFrom(0, 1, DAY / 3, DAY - 1, DAY - 8 * 3_600_000, DAY - 8 * 3_600_000 - 1))
  .map(([d, o]) => new Date(START + d * DAY + o));

/** A rule's SQL fragment, evaluated against one row of probe values (a CTE named "probe"). */
const rule = <T = SqlBool>(fragment: string) => sql.raw<T>(fragment);
function probe<V extends Record<string, Expression<unknown>>>(values: V) {
  return q.with("probe", (db) => db.selectNoFrom(() => Object.entries(values).map(([name, value]) => sql`${value}`.as(name)))).selectFrom("probe");
}
const text = (value: string) => sql<string>`CAST(${value} AS TEXT)`;
const at = (date: Date) => instantValue(date.getTime(), reader.dialect);

describe("rules that run in SQL equal their domain form", () => {
  it("certified on a China day: certifiedOnDaySql ≡ certificateCovers", async () => {
    const product = await first(reader, q.selectFrom("Product").select("id").orderBy("id").limit(1));
    // The template database has no products: make one bare product row to hang certificates on.
    const productId = product?.id ?? (await makeProbeProduct());
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("APPROVED", "SUBMITTED", "REJECTED"), instant, instant, instant, async (status, a, b, day) => {
        const [validFrom, validTo] = a <= b ? [a, b] : [b, a];
        await transaction(async (c) => {
          await run(c, q.deleteFrom("Certificate").where("productId", "=", productId));
          await run(
            c,
            q.insertInto("Certificate").values({
              productId,
              number: "T-1",
              level: "COUNTY",
              issuer: "test",
              validFrom: instantOf(validFrom.getTime()),
              validTo: instantOf(validTo.getTime()),
              status,
              submittedAt: instantOf(0),
            }),
          );
        });
        const inSql = await one(
          reader,
          q
            .selectFrom("Product as p")
            .select(rule(certifiedOnDaySql(`p."id"`, chinaDate(day))).as("covered"))
            .where("p.id", "=", productId),
        );
        expect(inSql.covered === 1).toBe(certificateCovers({ status, validFrom, validTo }, day));
      }),
      { numRuns: 400, seed: 20261129 },
    );
  });

  it("live order: liveOrderSql ≡ isLiveOrder for every status", async () => {
    for (const status of ORDER_STATUSES) {
      const row = await one(reader, probe({ status: text(status) }).select(rule(liveOrderSql(`probe."status"`)).as("live")));
      expect(row.live === 1, status).toBe(isLiveOrder({ status }));
    }
  });

  it("payable: payableSql ≡ isPayable for every order status and payment status", async () => {
    for (const status of ORDER_STATUSES)
      for (const paymentStatus of PAYMENT_STATUSES) {
        const row = await one(reader, probe({ status: text(status), paymentStatus: text(paymentStatus) }).select(rule(payableSql("probe")).as("payable")));
        expect(row.payable === 1, `${status}/${paymentStatus}`).toBe(isPayable({ status, paymentStatus }));
      }
  });

  it("China year: inChinaYearSql ≡ chinaYear", async () => {
    await fc.assert(
      fc.asyncProperty(instant, fc.integer({ min: 2024, max: 2027 }), async (moment, year) => {
        const row = await one(reader, probe({ v: at(moment) }).select(rule(inChinaYearSql(`probe."v"`, year)).as("inside")));
        expect(row.inside === 1).toBe(chinaYear(moment) === year);
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it("China year and month of an instant: chinaYearOfSql ≡ chinaYear, chinaMonthOfSql ≡ the MONTH breakdown key", async () => {
    await fc.assert(
      fc.asyncProperty(instant, async (moment) => {
        const row = await one(
          reader,
          probe({ v: at(moment) }).select([rule<number>(chinaYearOfSql(`probe."v"`)).as("year"), rule<string>(chinaMonthOfSql(`probe."v"`)).as("month")]),
        );
        expect(row).toEqual({ year: chinaYear(moment), month: String(chinaMonth(moment)).padStart(2, "0") });
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it("subtree: inSubtreeSql ≡ isInSubtree", async () => {
    const path = fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 4 }).map((ids) => `/${ids.join("/")}/`);
    await fc.assert(
      fc.asyncProperty(path, path, async (root, candidate) => {
        const row = await one(reader, probe({ v: text(candidate) }).select(rule(inSubtreeSql(`probe."v"`, root)).as("inside")));
        expect(row.inside === 1).toBe(isInSubtree({ org: { path: root } }, candidate));
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});

function makeProbeProduct(): Promise<number> {
  return transaction(async (c) => {
    const org = (
      await one(
        c,
        q
          .insertInto("Organization")
          .values({ name: "probe", kind: "SUPPLIER", code: "PROBE", path: "/", createdAt: instantOf(Date.now()) })
          .returning("id"),
      )
    ).id;
    await run(
      c,
      q
        .updateTable("Organization")
        .set({ path: `/${org}/` })
        .where("id", "=", org),
    );
    const supplier = (
      await one(c, q.insertInto("Supplier").values({ orgId: org, kind: "COOPERATIVE", tradeRole: "PRODUCER", county: "商州区" }).returning("id"))
    ).id;
    const never = instantOf(0);
    return (
      await one(
        c,
        q
          .insertInto("Product")
          .values({
            code: "PROBE",
            supplierId: supplier,
            title: "probe",
            category: "TEA",
            unit: "box",
            priceFen: 100,
            stock: 1,
            minOrderQty: 1,
            active: 1,
            createdAt: never,
            updatedAt: never,
          })
          .returning("id"),
      )
    ).id;
  });
}
