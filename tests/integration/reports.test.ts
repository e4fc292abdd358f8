// The 30% rule on hand-computed fixtures, scoping of every report loader, and the verify command.
import fc from "fast-check";
import { sql, type SqlBool } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { loader as orgReportLoader } from "~/routes/reports.$orgId._index";
import { loader as reportsLoader } from "~/routes/reports._index";
import { loader as exportLoader } from "~/routes/reports.$orgId.export";
import { loader as linesLoader } from "~/routes/reports.orders.$orderId";
import { dashboard } from "~/models/welfare/reports.server";
import { verifyReportAggregates } from "~/models/welfare/report-verify.server";
import { inChinaYearSql } from "~/models/rules-sql.server";
import { reader, transaction } from "~/utils/db.server";
import { all, instant, one, q, run } from "~/utils/sql.server";
import { cookieFor, getRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";
import { recordBudgetChanged, recordOffPlatformChanged } from "~/models/welfare/procurement-ledger.server";

const org = (code: string) => one(reader, q.selectFrom("Organization").select(["id", "path"]).where("code", "=", code));
const at = (iso: string) => new Date(iso);
let union: { id: number; path: string };
let certifiedProduct: number;
let firstOrderId: number;

beforeAll(async () => {
  await seedDemoBase();
  union = await org("SZ-05");
  certifiedProduct = 1;
  await transaction(async (c) => {
    await run(c, q.updateTable("Product").set({ priceFen: 10000 }).where("id", "in", [1, 2]));
    await run(c, q.updateTable("WelfareBudget").set({ budgetFen: 10000000 }).where("orgId", "=", union.id).where("year", "=", 2026));
    await run(
      c,
      q.insertInto("OffPlatformSpending").values({
        orgId: union.id,
        spentOn: instant(at("2026-05-01T00:00:00+08:00").getTime()),
        year: 2026,
        amountFen: 300000,
        category: "HEALTH",
        note: "体检",
        createdById: 1,
        createdAt: instant(Date.now()),
      }),
    );
    // Written directly, so the ledger is told, as the app's budget and spending forms do.
    await recordBudgetChanged(c, union.id, 2026);
    await recordOffPlatformChanged(c, union.id, 2026);
  });
  // A: certified ¥20,000 paid → counts. B: non-certified ¥5,000 paid → W only. C: certified, unpaid → nothing.
  // D: certified ¥8,000 paid then refunded → nothing. E: paid 23:30 on 31 Dec 2025 in Shanghai → counts in 2025.
  firstOrderId = (
    await insertOrder({
      unionId: union.id,
      createdAt: at("2026-02-20T10:00:00+08:00"),
      paidAt: at("2026-03-01T10:00:00+08:00"),
      lines: [{ productId: certifiedProduct, quantity: 200, certified: true }],
    })
  ).orderId;
  await insertOrder({
    unionId: union.id,
    createdAt: at("2026-04-01T10:00:00+08:00"),
    paidAt: at("2026-04-03T10:00:00+08:00"),
    lines: [{ productId: 2, quantity: 50, certified: false }],
  });
  await insertOrder({
    unionId: union.id,
    createdAt: at("2026-05-01T10:00:00+08:00"),
    lines: [{ productId: certifiedProduct, quantity: 100, certified: true }],
  });
  await insertOrder({
    unionId: union.id,
    createdAt: at("2026-06-01T10:00:00+08:00"),
    paidAt: at("2026-06-02T10:00:00+08:00"),
    refundAll: true,
    status: "CANCELLED",
    lines: [{ productId: certifiedProduct, quantity: 80, certified: true }],
  });
  await insertOrder({
    unionId: union.id,
    createdAt: at("2025-12-30T10:00:00+08:00"),
    paidAt: at("2025-12-31T23:30:00+08:00"),
    lines: [{ productId: certifiedProduct, quantity: 10, certified: true }],
  });
  // A partner union's purchase belongs to the partner group, never to the city.
  await insertOrder({
    unionId: (await org("NJ-01")).id,
    createdAt: at("2026-03-01T10:00:00+08:00"),
    paidAt: at("2026-03-02T10:00:00+08:00"),
    lines: [{ productId: certifiedProduct, quantity: 70, certified: true }],
  });
});

describe("the 30% rule on hand-computed figures", () => {
  it("counts only certified, paid, unrefunded lines in the payment's China year", async () => {
    const viewer = { org: { id: union.id, path: union.path } };
    const d2026 = await dashboard(viewer, union.id, 2026);
    expect(d2026.headline.assistanceProcurementFen).toBe(2_000_000); // A only
    expect(d2026.headline.budgetFen).toBe(10_000_000);
    expect(d2026.headline.welfareSpendingFen).toBe(2_000_000 + 500_000 + 300_000); // P + non-certified + off-platform
    expect(d2026.headline.share).toBeCloseTo(0.2, 10);
    expect(d2026.headline.shareOfSpending).toBeCloseTo(20 / 28, 10);
    expect(d2026.headline.gapFen).toBe(1_000_000); // ¥30,000 target − ¥20,000
    expect(d2026.headline.grade).toBe("F"); // 66.7% of target
    expect(d2026.monthly[2].certifiedFen).toBe(2_000_000); // March
    const d2025 = await dashboard(viewer, union.id, 2025);
    expect(d2025.headline.assistanceProcurementFen).toBe(100_000); // E, paid 23:30 on 31 Dec in Shanghai
  });

  it("rolls a county up as a ratio of sums, with unit counts", async () => {
    const county = await org("SZ");
    const d = await dashboard({ org: { id: county.id, path: county.path } }, county.id, 2026);
    const budgets = await one(
      reader,
      q
        .selectFrom("WelfareBudget as b")
        .innerJoin("Organization as o", "o.id", "b.orgId")
        .select((eb) => eb.fn.sum<number>("b.budgetFen").as("s"))
        .where("b.year", "=", 2026)
        .where("o.parentId", "=", county.id),
    );
    expect(d.headline.budgetFen).toBe(budgets.s);
    expect(d.headline.assistanceProcurementFen).toBe(2_000_000);
    expect(d.headline.share).toBeCloseTo(2_000_000 / budgets.s, 12);
    expect(d.counts).toEqual({ registered: 6, withBudget: 6, bought: 1, budgetButNoPurchases: 5 });
    expect(d.lagging[0].figures.gapFen).toBeGreaterThanOrEqual(d.lagging[d.lagging.length - 1].figures.gapFen);
    expect(d.totals.certifiedFen).toBe(d.headline.assistanceProcurementFen);
  });

  it("keeps partner unions out of the city's own figure and reports them separately", async () => {
    const city = await org("SL");
    const d = await dashboard({ org: { id: city.id, path: city.path } }, city.id, 2026);
    expect(d.headline.assistanceProcurementFen).toBe(2_000_000);
    expect(d.children.some((c) => c.name.includes("协作"))).toBe(false);
    expect(d.partners).toHaveLength(1);
    expect(d.partners[0].figures.assistanceProcurementFen).toBe(700_000);
  });
});

describe("scoping", () => {
  it("refuses a county leader another county, its unions and their order lines, also as ?_data=", async () => {
    const cookie = await cookieFor("sz.leader");
    const other = await org("LN");
    for (const orgId of [other.id, (await org("LN-01")).id]) {
      const response = await responseOf(() =>
        orgReportLoader({
          request: getRequest(`/reports/${orgId}?_data=routes%2Freports.%24orgId._index`, cookie),
          params: { orgId: String(orgId) },
          context: {},
        }),
      );
      expect(response.status).toBe(403);
    }
    const njUnion = await org("NJ-01");
    const njOrder = await one(reader, q.selectFrom("Order").select("id").where("unionId", "=", njUnion.id).orderBy("id").limit(1));
    const lines = await responseOf(() =>
      linesLoader({ request: getRequest(`/reports/orders/${njOrder.id}`, cookie), params: { orderId: String(njOrder.id) }, context: {} }),
    );
    expect(lines.status).toBe(403);
    const own = await responseOf(() =>
      orgReportLoader({ request: getRequest(`/reports/${union.id}`, cookie), params: { orgId: String(union.id) }, context: {} }),
    );
    expect(own.status).toBe(200);
    const ownLines = await responseOf(() =>
      linesLoader({ request: getRequest(`/reports/orders/${firstOrderId}`, cookie), params: { orderId: String(firstOrderId) }, context: {} }),
    );
    expect(ownLines.status).toBe(200);
  });

  it("refuses buyers and suppliers the reports, and answers nonsense ids with 404", async () => {
    for (const username of ["hospital.buyer", "tea.coop"]) {
      const response = await responseOf(async () => reportsLoader({ request: getRequest("/reports", await cookieFor(username)), params: {}, context: {} }));
      expect(response.status).toBe(403);
    }
    const cookie = await cookieFor("city.leader");
    const response = await responseOf(() => orgReportLoader({ request: getRequest("/reports/abc", cookie), params: { orgId: "abc" }, context: {} }));
    expect(response.status).toBe(404);
  });

  it("exports a table as CSV with exact yuan and as XLSX, and refuses an unknown table with 400", async () => {
    const cookie = await cookieFor("sz.leader");
    const county = await org("SZ");
    const csv = await responseOf(() =>
      exportLoader({
        request: getRequest(`/reports/${county.id}/export?table=children&format=csv&year=2026`, cookie),
        params: { orgId: String(county.id) },
        context: {},
      }),
    );
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    expect(await csv.text()).toContain("20000.00");
    const xlsx = await responseOf(() =>
      exportLoader({
        request: getRequest(`/reports/${county.id}/export?table=lagging&format=xlsx&year=2026`, cookie),
        params: { orgId: String(county.id) },
        context: {},
      }),
    );
    expect(xlsx.headers.get("Content-Type")).toContain("spreadsheetml");
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b])); // a zip
    const bad = await responseOf(() =>
      exportLoader({ request: getRequest(`/reports/${county.id}/export?table=secrets&format=csv`, cookie), params: { orgId: String(county.id) }, context: {} }),
    );
    expect(bad.status).toBe(400);
  });
});

describe("verification", () => {
  it("finds no difference on consistent data and flags a corrupted aggregate", async () => {
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
    await transaction((c) =>
      run(
        c,
        q
          .updateTable("ProcurementTotal")
          .set((eb) => ({ certifiedFen: eb("certifiedFen", "+", 1) }))
          .where("orgId", "=", union.id)
          .where("year", "=", 2026),
      ),
    );
    const { differences } = await verifyReportAggregates(reader);
    expect(differences.filter((d) => d.table === "ProcurementTotal")).toEqual([
      expect.objectContaining({ orgId: union.id, field: "certifiedFen", expected: 2_000_000, stored: 2_000_001 }),
    ]);
    // The union's gap shown from the kept row no longer matches the roll-up of its lines.
    expect(differences).toContainEqual(expect.objectContaining({ table: "Headline", orgId: union.id, field: "gapFen", expected: 1_000_000, stored: 999_999 }));
    await transaction((c) =>
      run(
        c,
        q
          .updateTable("ProcurementTotal")
          .set((eb) => ({ certifiedFen: eb("certifiedFen", "-", 1) }))
          .where("orgId", "=", union.id)
          .where("year", "=", 2026),
      ),
    );
  });

  it("keeps city = Σ counties = recomputation from order lines, to the fen, for random order histories", async () => {
    const unions = await all(reader, q.selectFrom("Organization").select("id").where("kind", "=", "GRASSROOTS").orderBy("id"));
    const city = await org("SL");
    const counties = await all(reader, q.selectFrom("Organization").select(["id", "path"]).where("kind", "=", "COUNTY").orderBy("id"));
    const order = fc.record({
      union: fc.integer({ min: 0, max: unions.length - 1 }),
      product: fc.integer({ min: 1, max: 60 }),
      quantity: fc.integer({ min: 1, max: 500 }),
      certified: fc.boolean(),
      paid: fc.boolean(),
      refund: fc.boolean(),
      day: fc.integer({ min: 0, max: 729 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(order, { minLength: 1, maxLength: 8 }), async (orders) => {
        for (const o of orders) {
          const createdAt = new Date(Date.parse("2025-01-01T00:00:00+08:00") + o.day * 86400_000);
          await insertOrder({
            unionId: unions[o.union].id,
            createdAt,
            paidAt: o.paid ? new Date(createdAt.getTime() + 3600_000) : null,
            refundAll: o.paid && o.refund,
            lines: [{ productId: o.product, quantity: o.quantity, certified: o.certified }],
          });
        }
        for (const year of [2025, 2026]) {
          const cityFigure = (await dashboard({ org: city }, city.id, year)).totals.certifiedFen;
          let sumOfCounties = 0;
          for (const c of counties) sumOfCounties += (await dashboard({ org: c }, c.id, year)).totals.certifiedFen;
          // P recomputed from the order lines: certified lines of grassroots unions' orders paid in the China year, less
          // what succeeded refunds gave back of them.
          const paidInYear = sql.raw<SqlBool>(inChinaYearSql(`o."paidAt"`, year));
          const certifiedPaid = q
            .selectFrom("OrderLine as l")
            .innerJoin("Order as o", "o.id", "l.orderId")
            .innerJoin("Organization as g", "g.id", "o.unionId")
            .select((eb) => eb.fn.sum<number>("l.amountFen").as("fen"))
            .where("o.paidAt", "is not", null)
            .where("l.certifiedOnOrderDate", "=", 1)
            .where("g.kind", "=", "GRASSROOTS")
            .where(paidInYear);
          const refunded = q
            .selectFrom("RefundLine as rl")
            .innerJoin("Refund as r", "r.id", "rl.refundId")
            .innerJoin("OrderLine as l", "l.id", "rl.orderLineId")
            .innerJoin("Order as o", "o.id", "l.orderId")
            .innerJoin("Organization as g", "g.id", "o.unionId")
            .select((eb) => eb.fn.sum<number>("rl.amountFen").as("fen"))
            .where("r.status", "=", "SUCCEEDED")
            .where("l.certifiedOnOrderDate", "=", 1)
            .where("g.kind", "=", "GRASSROOTS")
            .where(paidInYear);
          const fromLines = await one(
            reader,
            q.selectNoFrom((eb) => eb(eb.fn.coalesce(certifiedPaid, sql.lit(0)), "-", eb.fn.coalesce(refunded, sql.lit(0))).as("p")),
          );
          expect(cityFigure).toBe(sumOfCounties);
          expect(cityFigure).toBe(fromLines.p);
        }
        expect((await verifyReportAggregates(reader)).differences).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });
});
