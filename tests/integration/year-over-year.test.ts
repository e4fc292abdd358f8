// Year over year (this year to date against the same months of last year) and the monthly bulletin, on a fixture
// with purchases in two years whose figures are worked out by hand.
import { sql, type SqlBool } from "kysely";
import { all, one, q, run } from "~/utils/sql.server";
import { beforeAll, describe, expect, it } from "vitest";
import { bulletin } from "~/models/welfare/bulletin.server";
import { throughMonthOf, unitsThrough, yearOverYear } from "~/models/welfare/report-periods.server";
import { periodFigures } from "~/domain/year-over-year";
import { governingPolicy } from "~/models/welfare/welfare.server";
import { dashboard, unitsUnder } from "~/models/welfare/reports.server";
import { reader, transaction } from "~/utils/db.server";
import { inSubtreeSql } from "~/models/rules-sql.server";
import { seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";
import { recordBudgetChanged } from "~/models/welfare/procurement-ledger.server";

const org = (code: string) => one(reader, q.selectFrom("Organization").select(["id", "path", "kind"]).where("code", "=", code));
const at = (iso: string) => new Date(iso);
let county: { id: number; path: string; kind: string };
let bank: { id: number; path: string; kind: string };
let water: { id: number; path: string; kind: string };
const countyLeader = () => ({ org: { id: county.id, path: county.path } });

beforeAll(async () => {
  await seedDemoBase();
  county = await org("SZ");
  bank = await org("SZ-05");
  water = await org("SZ-06");
  const unionsInCounty = q
    .selectFrom("Organization")
    .select("id")
    .where(sql.raw<SqlBool>(inSubtreeSql(`"path"`, county.path)))
    .where("kind", "=", "GRASSROOTS");
  await transaction(async (c) => {
    await run(c, q.updateTable("Product").set({ priceFen: 10000 }).where("id", "=", 1));
    // Only these two units have budgets in the county, so the county's figures are theirs.
    await run(c, q.updateTable("WelfareBudget").set({ budgetFen: 0 }).where("orgId", "in", unionsInCounty));
    await run(c, q.updateTable("WelfareBudget").set({ budgetFen: 10000000 }).where("orgId", "=", bank.id).where("year", "=", 2025));
    await run(c, q.updateTable("WelfareBudget").set({ budgetFen: 20000000 }).where("orgId", "=", bank.id).where("year", "=", 2026));
    await run(c, q.updateTable("WelfareBudget").set({ budgetFen: 5000000 }).where("orgId", "=", water.id).where("year", "in", [2025, 2026]));
    // Budgets are kept current in the report aggregates; tell them what changed.
    const unions = await all(c, unionsInCounty);
    for (const { id } of unions) for (const y of [2025, 2026]) await recordBudgetChanged(c, id, y);
  });
  // 2026: the bank pays ¥20,000 in March and ¥3,000 in November; the water company buys nothing.
  await insertOrder({
    unionId: bank.id,
    createdAt: at("2026-03-01T10:00:00+08:00"),
    paidAt: at("2026-03-02T10:00:00+08:00"),
    lines: [{ productId: 1, quantity: 200, certified: true }],
  });
  await insertOrder({
    unionId: bank.id,
    createdAt: at("2026-11-01T10:00:00+08:00"),
    paidAt: at("2026-11-03T10:00:00+08:00"),
    lines: [{ productId: 1, quantity: 30, certified: true }],
  });
  // 2025: the bank pays ¥10,000 in April; the water company ¥4,000 in June and ¥9,000 in December (after November).
  await insertOrder({
    unionId: bank.id,
    createdAt: at("2025-04-01T10:00:00+08:00"),
    paidAt: at("2025-04-02T10:00:00+08:00"),
    lines: [{ productId: 1, quantity: 100, certified: true }],
  });
  await insertOrder({
    unionId: water.id,
    createdAt: at("2025-06-01T10:00:00+08:00"),
    paidAt: at("2025-06-02T10:00:00+08:00"),
    lines: [{ productId: 1, quantity: 40, certified: true }],
  });
  await insertOrder({
    unionId: water.id,
    createdAt: at("2025-12-01T10:00:00+08:00"),
    paidAt: at("2025-12-02T10:00:00+08:00"),
    lines: [{ productId: 1, quantity: 90, certified: true }],
  });
});

describe("year over year", () => {
  it("compares January–November 2026 with January–November 2025 for B, P, share and unit counts", async () => {
    const { current, previous } = await yearOverYear(county, 2026, 11);
    expect(current.figures.assistanceProcurementFen).toBe(2_300_000);
    expect(previous.figures.assistanceProcurementFen).toBe(1_400_000); // December's ¥9,000 is after the period
    expect(current.figures.budgetFen).toBe(25_000_000);
    expect(previous.figures.budgetFen).toBe(15_000_000);
    expect(current.figures.share).toBeCloseTo(2_300_000 / 25_000_000, 12);
    expect(previous.figures.share).toBeCloseTo(1_400_000 / 15_000_000, 12);
    expect([current.bought, previous.bought]).toEqual([1, 2]);
    expect([current.withBudget, previous.withBudget]).toEqual([2, 2]);
    expect([current.budgetButNoPurchases, previous.budgetButNoPurchases]).toEqual([1, 0]);
  });

  it("uses whole years for a past year and only the months so far for the current one", async () => {
    expect(throughMonthOf(2025, at("2026-11-29T12:00:00+08:00"))).toBe(12);
    expect(throughMonthOf(2026, at("2026-11-29T12:00:00+08:00"))).toBe(11);
    expect(throughMonthOf(2026, at("2026-12-31T23:30:00+08:00"))).toBe(12);
    const march = await yearOverYear(county, 2026, 3);
    expect([march.current.figures.assistanceProcurementFen, march.previous.figures.assistanceProcurementFen]).toEqual([2_000_000, 0]);
    const wholeYears = await yearOverYear(county, 2025, 12);
    expect(wholeYears.current.figures.assistanceProcurementFen).toBe(2_300_000);
  });

  it("reads the same figures from the kept node rows as from every unit below, for every node, month and year", async () => {
    // The dashboard reads a node's kept rows (O(1) in units); the bulletin and this check read every unit.
    const nodes = [
      await org("SL"),
      county,
      bank,
      water,
      ...(await all(reader, q.selectFrom("Organization").select(["id", "path", "kind"]).where("kind", "=", "PARTNER_GROUP").orderBy("id"))),
    ];
    for (const node of nodes) {
      for (const year of [2025, 2026]) {
        const target = (await governingPolicy(node.path, year)).targetBasisPoints;
        for (let month = 0; month <= 12; month++) {
          const kept = (await yearOverYear(node, year, month)).current;
          const fromUnits = periodFigures(await unitsThrough(unitsUnder, node, year, month), year, month, target);
          expect({ node: node.id, at: `${year}-${month}`, kept }).toEqual({ node: node.id, at: `${year}-${month}`, kept: fromUnits });
        }
      }
    }
  });

  it("puts last year's months beside this year's on the dashboard, and links up only where the viewer may go", async () => {
    const data = await dashboard(countyLeader(), county.id, 2026);
    expect(data.monthly[2].certifiedFen).toBe(2_000_000);
    expect(data.monthlyLastYear[5].certifiedFen).toBe(400_000);
    expect(data.monthlyLastYear[11].certifiedFen).toBe(900_000);
    expect(data.org.parentId).toBeNull(); // the county leader cannot open the city's report
    const city = await org("SL");
    expect((await dashboard({ org: { id: city.id, path: city.path } }, county.id, 2026)).org.parentId).toBe(city.id);
    expect((await dashboard(countyLeader(), bank.id, 2026)).org.parentId).toBe(county.id);
  });
});

describe("the monthly bulletin", () => {
  it("gives the month, the year to date through that month and a grade per unit, equal to the dashboard's figures", async () => {
    const march = await bulletin(countyLeader(), county.id, 2026, 3, at("2026-11-29T12:00:00+08:00"));
    expect(march.monthFen).toBe(2_000_000);
    expect(march.period.figures.assistanceProcurementFen).toBe(2_000_000);
    expect(march.issuedOn).toBe("2026-11-29");
    const bankRow = march.children.find((c) => c.orgId === bank.id)!;
    expect(bankRow.monthFen).toBe(2_000_000);
    // 30% of ¥200,000 is ¥60,000; ¥20,000 is 33% of that: grade F, gap ¥40,000.
    expect(bankRow.figures.grade).toBe("F");
    expect(bankRow.figures.gapFen).toBe(4_000_000);
    expect(march.lagging.map((u) => u.orgId)).toEqual([bank.id, water.id]);

    const november = await bulletin(countyLeader(), county.id, 2026, 11);
    const data = await dashboard(countyLeader(), county.id, 2026);
    expect(november.monthFen).toBe(data.monthly[10].certifiedFen);
    expect(november.period.figures.assistanceProcurementFen).toBe(data.headline.assistanceProcurementFen);
    expect(november.period.figures.budgetFen).toBe(data.headline.budgetFen);
  });
});
