// Every report node's kept figures stay exact under each event that moves them — payment, partial refund,
// cancellation, budget, off-platform spending, target, moving and merging unions — and, for random histories,
// every node equals the sum of its children and a recomputation from the lines (report:verify).
import { rawSqlite } from "~/utils/sql.server";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { cancelOrder } from "~/models/orders/orders.server";
import { refundAfterCancellation } from "~/models/orders/order-refunds.server";
import { attachUnionFigures, detachUnionFigures, recordUnionsMerged } from "~/models/welfare/procurement-ledger.server";
import { verifyReportAggregates } from "~/models/welfare/report-verify.server";
import { dashboard } from "~/models/welfare/reports.server";
import { recordOffPlatformSpending, saveWelfareBudget, saveWelfarePolicy } from "~/models/welfare/welfare.server";
import { sqlite, reader, transaction } from "~/utils/db.server";
import { seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";

interface Org {
  id: number;
  name: string;
  kind: string;
  path: string;
  parentId: number;
  region: string | null;
}
const org = (code: string) => sqlite.prepare(`SELECT "id","name","kind","path","parentId","region" FROM "Organization" WHERE "code" = ?`).get(code) as Org;
const actorOf = (o: Org, role: Actor["role"]): Actor => ({
  userId: 1,
  username: "admin",
  name: "test",
  role,
  membershipId: 1,
  supplierId: null,
  org: { id: o.id, name: o.name, kind: o.kind, path: o.path, region: o.region },
});
const FIELDS = [
  "budgetFen",
  "certifiedFen",
  "otherPlatformFen",
  "offPlatformFen",
  "paidLineCount",
  "unitsWithBudget",
  "unitsBought",
  "unitsBudgetNoPurchases",
] as const;
type Row = Record<(typeof FIELDS)[number], number>;
const row = (orgId: number, year: number): Row => {
  const r = sqlite.prepare(`SELECT ${FIELDS.map((f) => `"${f}"`).join(",")} FROM "ProcurementTotal" WHERE "orgId" = ? AND "year" = ?`).get(orgId, year) as
    Row | undefined;
  return Object.fromEntries(FIELDS.map((f) => [f, Number(r?.[f] ?? 0)])) as Row;
};
const registered = (orgId: number) =>
  (sqlite.prepare(`SELECT "registered" FROM "ReportUnitCount" WHERE "orgId" = ?`).get(orgId) as { registered: number } | undefined)?.registered ?? 0;
const diff = (after: Row, before: Row) => Object.fromEntries(FIELDS.map((f) => [f, after[f] - before[f]]));
const none = {
  budgetFen: 0,
  certifiedFen: 0,
  otherPlatformFen: 0,
  offPlatformFen: 0,
  paidLineCount: 0,
  unitsWithBudget: 0,
  unitsBought: 0,
  unitsBudgetNoPurchases: 0,
};
const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));

let city: Org;
let county: Org;
let otherProduct: number;

beforeAll(async () => {
  await seedDemoBase();
  city = org("SL");
  county = org("SZ");
  otherProduct = (
    sqlite.prepare(`SELECT "id" FROM "Product" WHERE "supplierId" <> (SELECT "supplierId" FROM "Product" WHERE "id" = 1) ORDER BY "id" LIMIT 1`).get() as {
      id: number;
    }
  ).id;
});

/** The union, its county and the city at once, so each event's effect can be read on all three. */
const snapshot = (unionId: number) => ({ union: row(unionId, year), county: row(county.id, year), city: row(city.id, year) });
const subOrderOf = (orderId: number, certified: boolean) =>
  (
    sqlite
      .prepare(`SELECT l."subOrderId" AS id FROM "OrderLine" l WHERE l."orderId" = ? AND l."certifiedOnOrderDate" = ? LIMIT 1`)
      .get(orderId, certified ? 1 : 0) as { id: number } | undefined
  )?.id ?? null;

describe("node figures under money events", () => {
  it("paid, partial refund and cancellation move the union, its county and the city by exactly the lines", async () => {
    const union = org("SZ-03");
    const start = snapshot(union.id);
    expect(start.union.unitsBudgetNoPurchases).toBe(1); // the seed gives it a budget and no purchases

    // Paid: a certified line (P) and a non-certified line (other platform spending) from two suppliers.
    const paid = await insertOrder({
      unionId: union.id,
      createdAt: new Date(),
      paidAt: new Date(),
      lines: [
        { productId: 1, quantity: 10, certified: true },
        { productId: otherProduct, quantity: 4, certified: false },
      ],
    });
    const certifiedFen = paid.certifiedFen;
    const otherFen = paid.totalFen - paid.certifiedFen;
    const afterPaid = snapshot(union.id);
    const expectedPaid = { ...none, certifiedFen, otherPlatformFen: otherFen, paidLineCount: 2, unitsBought: 1, unitsBudgetNoPurchases: -1 };
    for (const level of ["union", "county", "city"] as const) expect(diff(afterPaid[level], start[level])).toEqual(expectedPaid);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);

    // Partial refund: the certified supplier's part only; the union still bought.
    await refundAfterCancellation({ orderId: paid.orderId, subOrderId: subOrderOf(paid.orderId, true), reason: "质量问题", actorId: null });
    const afterPartial = snapshot(union.id);
    for (const level of ["union", "county", "city"] as const)
      expect(diff(afterPartial[level], afterPaid[level])).toEqual({ ...none, certifiedFen: -certifiedFen, paidLineCount: -1 });
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);

    // Cancellation of a second paid order: everything it added comes off again.
    const second = await insertOrder({
      unionId: union.id,
      createdAt: new Date(),
      paidAt: new Date(),
      status: "PLACED",
      lines: [{ productId: 1, quantity: 7, certified: true }],
    });
    await transaction(async (c) => rawSqlite(c).prepare(`UPDATE "SubOrder" SET "status" = 'PENDING' WHERE "orderId" = ?`).run(second.orderId)); // not yet shipped
    expect(await cancelOrder(actorOf(union, "BUYER"), second.orderId, "不需要了")).toBe("ok");
    await refundAfterCancellation({ orderId: second.orderId, subOrderId: null, reason: "订单取消", actorId: null });
    const afterCancel = snapshot(union.id);
    for (const level of ["union", "county", "city"] as const) expect(afterCancel[level]).toEqual(afterPartial[level]);

    // Refunding the last part: the union no longer counts as bought, and lags with its budget again.
    await refundAfterCancellation({ orderId: paid.orderId, subOrderId: subOrderOf(paid.orderId, false), reason: "退货", actorId: null });
    const end = snapshot(union.id);
    for (const level of ["union", "county", "city"] as const) expect(end[level]).toEqual(start[level]);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });

  it("a budget, off-platform spending and a new target move B, W, the counts and the lagging list", async () => {
    const union = org("SZ-04");
    const start = snapshot(union.id);
    const oldBudget = start.union.budgetFen;
    await saveWelfareBudget(actorOf(union, "APPROVER"), {
      year,
      budgetFen: oldBudget + 1_000_000,
      headcount: 100,
      blockOverBudget: false,
      approvalThresholdFen: 5_000_000,
    });
    await recordOffPlatformSpending(actorOf(union, "APPROVER"), { spentOn: `${year}-01-15`, amountFen: 123_400, category: "HEALTH", note: "体检" });
    const after = snapshot(union.id);
    for (const level of ["union", "county", "city"] as const)
      expect(diff(after[level], start[level])).toEqual({ ...none, budgetFen: 1_000_000, offPlatformFen: 123_400 });
    const d = await dashboard({ org: county }, county.id, year);
    expect(d.headline.welfareSpendingFen).toBe(after.county.certifiedFen + after.county.otherPlatformFen + after.county.offPlatformFen);

    // No budget: the union leaves the counts of budgeted units and the lagging list.
    await saveWelfareBudget(actorOf(union, "APPROVER"), { year, budgetFen: 0, headcount: 100, blockOverBudget: false, approvalThresholdFen: 5_000_000 });
    expect(row(county.id, year).unitsWithBudget).toBe(start.county.unitsWithBudget - 1);
    expect((await dashboard({ org: county }, county.id, year)).lagging.some((l) => l.unit.orgId === union.id)).toBe(false);
    await saveWelfareBudget(actorOf(union, "APPROVER"), {
      year,
      budgetFen: oldBudget,
      headcount: 100,
      blockOverBudget: false,
      approvalThresholdFen: 5_000_000,
    });

    // A 50% target: every gap under the city grows, and the lagging list follows at once.
    const gapBefore = (await dashboard({ org: city }, city.id, year)).headline.gapFen;
    await saveWelfarePolicy(actorOf(city, "LEADER"), { year, targetBasisPoints: 5000, festivalCapPerMemberFen: 220000 });
    const cityAfter = await dashboard({ org: city }, city.id, year);
    expect(cityAfter.headline.gapFen).toBeGreaterThan(gapBefore);
    expect(cityAfter.headline.targetBasisPoints).toBe(5000);
    const first = cityAfter.lagging[0];
    const own = row(first.unit.orgId, year);
    expect(first.figures.gapFen).toBe(Math.max(0, Math.ceil((own.budgetFen * 5000) / 10000) - own.certifiedFen));
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
    await saveWelfarePolicy(actorOf(city, "LEADER"), { year, targetBasisPoints: 3000, festivalCapPerMemberFen: 220000 });
  });

  it("moving a union to another county moves its figures, breakdowns, counts and standings", async () => {
    const union = org("SZ-06");
    const target = org("LN");
    await insertOrder({ unionId: union.id, createdAt: new Date(), paidAt: new Date(), lines: [{ productId: 1, quantity: 12, certified: true }] });
    const own = row(union.id, year);
    const [fromBefore, toBefore, cityBefore] = [row(county.id, year), row(target.id, year), row(city.id, year)];
    const [fromUnits, toUnits] = [registered(county.id), registered(target.id)];
    await transaction(async (c) => {
      await detachUnionFigures(c, union.id);
      rawSqlite(c).prepare(`UPDATE "Organization" SET "parentId" = ?, "path" = ? WHERE "id" = ?`).run(target.id, `${target.path}${union.id}/`, union.id);
      await attachUnionFigures(c, union.id);
    });
    expect(diff(row(county.id, year), fromBefore)).toEqual(Object.fromEntries(FIELDS.map((f) => [f, 0 - own[f]])));
    expect(diff(row(target.id, year), toBefore)).toEqual(Object.fromEntries(FIELDS.map((f) => [f, own[f]])));
    expect(row(city.id, year)).toEqual(cityBefore);
    expect([registered(county.id), registered(target.id)]).toEqual([fromUnits - 1, toUnits + 1]);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });

  it("merging a union into another adds its figures to the survivor and removes it from every count", async () => {
    const [from, into] = [org("DF-03"), org("DF-04")];
    const dfCounty = org("DF");
    await insertOrder({ unionId: from.id, createdAt: new Date(), paidAt: new Date(), lines: [{ productId: 1, quantity: 9, certified: true }] });
    await insertOrder({ unionId: into.id, createdAt: new Date(), paidAt: new Date(), lines: [{ productId: otherProduct, quantity: 3, certified: false }] });
    const [fromRow, intoRow, countyBefore] = [row(from.id, year), row(into.id, year), row(dfCounty.id, year)];
    const unitsBefore = registered(dfCounty.id);
    await transaction(async (c) => {
      // What a merge does to the sources (issue 14 owns the command): orders, budgets and spending go to the survivor.
      rawSqlite(c).prepare(`UPDATE "Order" SET "unionId" = ? WHERE "unionId" = ?`).run(into.id, from.id);
      rawSqlite(c).prepare(`UPDATE "OffPlatformSpending" SET "orgId" = ? WHERE "orgId" = ?`).run(into.id, from.id);
      for (const b of rawSqlite(c).prepare(`SELECT "year","budgetFen" FROM "WelfareBudget" WHERE "orgId" = ?`).all(from.id) as Array<{
        year: number;
        budgetFen: number;
      }>) {
        rawSqlite(c).prepare(`UPDATE "WelfareBudget" SET "budgetFen" = "budgetFen" + ? WHERE "orgId" = ? AND "year" = ?`).run(b.budgetFen, into.id, b.year);
      }
      rawSqlite(c).prepare(`DELETE FROM "WelfareBudget" WHERE "orgId" = ?`).run(from.id);
      await recordUnionsMerged(c, from.id, into.id);
      rawSqlite(c).prepare(`DELETE FROM "Membership" WHERE "orgId" = ?`).run(from.id);
      rawSqlite(c).prepare(`DELETE FROM "Organization" WHERE "id" = ?`).run(from.id);
    });
    const merged = row(into.id, year);
    expect(merged.certifiedFen).toBe(fromRow.certifiedFen + intoRow.certifiedFen);
    expect(merged.budgetFen).toBe(fromRow.budgetFen + intoRow.budgetFen);
    expect(merged.unitsBought).toBe(1);
    const countyAfter = row(dfCounty.id, year);
    expect(countyAfter.certifiedFen).toBe(countyBefore.certifiedFen);
    expect(countyAfter.budgetFen).toBe(countyBefore.budgetFen);
    expect(countyAfter.unitsBought).toBe(countyBefore.unitsBought - 1); // two buying units became one
    expect(registered(dfCounty.id)).toBe(unitsBefore - 1);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });
});

describe("every node = Σ children = recomputation from lines", () => {
  it("holds for random histories of payments, refunds, budgets, spending, targets and moves", async () => {
    const unions = () =>
      sqlite.prepare(`SELECT "id","name","kind","path","parentId","region" FROM "Organization" WHERE "kind" = 'GRASSROOTS' ORDER BY "id"`).all() as Org[];
    const counties = sqlite.prepare(`SELECT "id","path" FROM "Organization" WHERE "kind" = 'COUNTY' ORDER BY "id"`).all() as Array<{
      id: number;
      path: string;
    }>;
    const event = fc.oneof(
      fc.record({
        kind: fc.constant("pay" as const),
        union: fc.nat(),
        quantity: fc.integer({ min: 1, max: 300 }),
        certified: fc.boolean(),
        lastYear: fc.boolean(),
      }),
      fc.record({ kind: fc.constant("refund" as const), pick: fc.nat(), part: fc.boolean() }),
      fc.record({ kind: fc.constant("budget" as const), union: fc.nat(), budgetFen: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50_000_000 })) }),
      fc.record({ kind: fc.constant("spend" as const), union: fc.nat(), amountFen: fc.integer({ min: 1, max: 2_000_000 }) }),
      fc.record({ kind: fc.constant("target" as const), basisPoints: fc.integer({ min: 500, max: 8000 }) }),
      fc.record({ kind: fc.constant("move" as const), union: fc.nat(), county: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 10 }), async (events) => {
        for (const e of events) {
          const all = unions();
          if (e.kind === "pay") {
            const union = all[e.union % all.length];
            const when = e.lastYear ? new Date(Date.parse(`${year - 1}-06-01T10:00:00+08:00`)) : new Date();
            await insertOrder({
              unionId: union.id,
              createdAt: when,
              paidAt: when,
              lines: [
                { productId: 1, quantity: e.quantity, certified: e.certified },
                { productId: otherProduct, quantity: 2, certified: false },
              ],
            });
          } else if (e.kind === "refund") {
            const paid = sqlite.prepare(`SELECT "id" FROM "Order" WHERE "paymentStatus" IN ('PAID','PARTIALLY_REFUNDED') ORDER BY "id"`).all() as Array<{
              id: number;
            }>;
            if (!paid.length) continue;
            const orderId = paid[e.pick % paid.length].id;
            await refundAfterCancellation({ orderId, subOrderId: e.part ? subOrderOf(orderId, false) : null, reason: "test", actorId: null });
          } else if (e.kind === "budget") {
            const union = all[e.union % all.length];
            await saveWelfareBudget(actorOf(union, "APPROVER"), {
              year,
              budgetFen: e.budgetFen,
              headcount: 50,
              blockOverBudget: false,
              approvalThresholdFen: 5_000_000,
            });
          } else if (e.kind === "spend") {
            await recordOffPlatformSpending(actorOf(all[e.union % all.length], "APPROVER"), {
              spentOn: `${year}-02-01`,
              amountFen: e.amountFen,
              category: "OTHER",
              note: "",
            });
          } else if (e.kind === "target") {
            await saveWelfarePolicy(actorOf(city, "LEADER"), { year, targetBasisPoints: e.basisPoints, festivalCapPerMemberFen: 220000 });
          } else {
            const union = all[e.union % all.length];
            const to = counties[e.county % counties.length];
            await transaction(async (c) => {
              await detachUnionFigures(c, union.id);
              rawSqlite(c).prepare(`UPDATE "Organization" SET "parentId" = ?, "path" = ? WHERE "id" = ?`).run(to.id, `${to.path}${union.id}/`, union.id);
              await attachUnionFigures(c, union.id);
            });
          }
        }
        // Σ children: the city from its counties (partner groups are apart), each county from its unions.
        for (const y of [year - 1, year]) {
          const sum = (ids: number[]) =>
            ids.map((id) => row(id, y)).reduce((a, b) => Object.fromEntries(FIELDS.map((f) => [f, a[f] + b[f]])) as Row, { ...none });
          expect(row(city.id, y)).toEqual(sum(counties.map((c) => c.id)));
          expect(registered(city.id)).toBe(counties.reduce((s, c) => s + registered(c.id), 0));
          for (const c of counties) {
            const children = (sqlite.prepare(`SELECT "id" FROM "Organization" WHERE "parentId" = ?`).all(c.id) as Array<{ id: number }>).map((r) => r.id);
            expect(row(c.id, y)).toEqual(sum(children));
            expect(registered(c.id)).toBe(children.length);
          }
        }
        expect((await verifyReportAggregates(reader)).differences).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
