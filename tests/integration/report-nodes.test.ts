// Every report node's kept figures stay exact under each event that moves them — payment, partial refund,
// cancellation, budget, off-platform spending, target, moving and merging unions — and, for random histories,
// every node equals the sum of its children and a recomputation from the lines (report:verify).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { cancelOrder } from "~/models/orders/orders.server";
import { refundAfterCancellation } from "~/models/orders/order-refunds.server";
import { attachUnionFigures, detachUnionFigures, recordUnionsMerged } from "~/models/welfare/procurement-ledger.server";
import { verifyReportAggregates } from "~/models/welfare/report-verify.server";
import { dashboard } from "~/models/welfare/reports.server";
import { recordOffPlatformSpending, saveWelfareBudget, saveWelfarePolicy } from "~/models/welfare/welfare.server";
import { reader, transaction } from "~/utils/db.server";
import { all, first, one, q, run } from "~/utils/sql.server";
import { seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";

const ORG_COLUMNS = ["id", "name", "kind", "path", "parentId", "region"] as const;
const org = (code: string) => one(reader, q.selectFrom("Organization").select(ORG_COLUMNS).where("code", "=", code));
type Org = Awaited<ReturnType<typeof org>>;
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
const row = async (orgId: number, year: number): Promise<Row> => {
  const r = await first(reader, q.selectFrom("ProcurementTotal").select(FIELDS).where("orgId", "=", orgId).where("year", "=", year));
  return Object.fromEntries(FIELDS.map((f) => [f, Number(r?.[f] ?? 0)])) as Row;
};
const registered = async (orgId: number) =>
  (await first(reader, q.selectFrom("ReportUnitCount").select("registered").where("orgId", "=", orgId)))?.registered ?? 0;
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
  city = await org("SL");
  county = await org("SZ");
  otherProduct = (
    await one(
      reader,
      q
        .selectFrom("Product")
        .select("id")
        .where("supplierId", "<>", (eb) => eb.selectFrom("Product").select("supplierId").where("id", "=", 1))
        .orderBy("id")
        .limit(1),
    )
  ).id;
});

/** The union, its county and the city at once, so each event's effect can be read on all three. */
const snapshot = async (unionId: number) => ({ union: await row(unionId, year), county: await row(county.id, year), city: await row(city.id, year) });
// The first such line by id: two uncertified lines (two suppliers) must give the same sub-order on both engines.
const subOrderOf = async (orderId: number, certified: boolean) =>
  (
    await first(
      reader,
      q
        .selectFrom("OrderLine as l")
        .select("l.subOrderId as id")
        .where("l.orderId", "=", orderId)
        .where("l.certifiedOnOrderDate", "=", certified ? 1 : 0)
        .orderBy("l.id")
        .limit(1),
    )
  )?.id ?? null;

describe("node figures under money events", () => {
  it("paid, partial refund and cancellation move the union, its county and the city by exactly the lines", async () => {
    const union = await org("SZ-03");
    const start = await snapshot(union.id);
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
    const afterPaid = await snapshot(union.id);
    const expectedPaid = { ...none, certifiedFen, otherPlatformFen: otherFen, paidLineCount: 2, unitsBought: 1, unitsBudgetNoPurchases: -1 };
    for (const level of ["union", "county", "city"] as const) expect(diff(afterPaid[level], start[level])).toEqual(expectedPaid);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);

    // Partial refund: the certified supplier's part only; the union still bought.
    await refundAfterCancellation({ orderId: paid.orderId, subOrderId: await subOrderOf(paid.orderId, true), reason: "质量问题", actorId: null });
    const afterPartial = await snapshot(union.id);
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
    await transaction((c) => run(c, q.updateTable("SubOrder").set({ status: "PENDING" }).where("orderId", "=", second.orderId))); // not yet shipped
    expect(await cancelOrder(actorOf(union, "BUYER"), second.orderId, "不需要了")).toBe("ok");
    await refundAfterCancellation({ orderId: second.orderId, subOrderId: null, reason: "订单取消", actorId: null });
    const afterCancel = await snapshot(union.id);
    for (const level of ["union", "county", "city"] as const) expect(afterCancel[level]).toEqual(afterPartial[level]);

    // Refunding the last part: the union no longer counts as bought, and lags with its budget again.
    await refundAfterCancellation({ orderId: paid.orderId, subOrderId: await subOrderOf(paid.orderId, false), reason: "退货", actorId: null });
    const end = await snapshot(union.id);
    for (const level of ["union", "county", "city"] as const) expect(end[level]).toEqual(start[level]);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });

  it("a budget, off-platform spending and a new target move B, W, the counts and the lagging list", async () => {
    const union = await org("SZ-04");
    const start = await snapshot(union.id);
    const oldBudget = start.union.budgetFen;
    await saveWelfareBudget(actorOf(union, "APPROVER"), {
      year,
      budgetFen: oldBudget + 1_000_000,
      headcount: 100,
      blockOverBudget: false,
      approvalThresholdFen: 5_000_000,
    });
    await recordOffPlatformSpending(actorOf(union, "APPROVER"), { spentOn: `${year}-01-15`, amountFen: 123_400, category: "HEALTH", note: "体检" });
    const after = await snapshot(union.id);
    for (const level of ["union", "county", "city"] as const)
      expect(diff(after[level], start[level])).toEqual({ ...none, budgetFen: 1_000_000, offPlatformFen: 123_400 });
    const d = await dashboard({ org: county }, county.id, year);
    expect(d.headline.welfareSpendingFen).toBe(after.county.certifiedFen + after.county.otherPlatformFen + after.county.offPlatformFen);

    // No budget: the union leaves the counts of budgeted units and the lagging list.
    await saveWelfareBudget(actorOf(union, "APPROVER"), { year, budgetFen: 0, headcount: 100, blockOverBudget: false, approvalThresholdFen: 5_000_000 });
    expect((await row(county.id, year)).unitsWithBudget).toBe(start.county.unitsWithBudget - 1);
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
    const own = await row(first.unit.orgId, year);
    expect(first.figures.gapFen).toBe(Math.max(0, Math.ceil((own.budgetFen * 5000) / 10000) - own.certifiedFen));
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
    await saveWelfarePolicy(actorOf(city, "LEADER"), { year, targetBasisPoints: 3000, festivalCapPerMemberFen: 220000 });
  });

  it("moving a union to another county moves its figures, breakdowns, counts and standings", async () => {
    const union = await org("SZ-06");
    const target = await org("LN");
    await insertOrder({ unionId: union.id, createdAt: new Date(), paidAt: new Date(), lines: [{ productId: 1, quantity: 12, certified: true }] });
    const own = await row(union.id, year);
    const [fromBefore, toBefore, cityBefore] = [await row(county.id, year), await row(target.id, year), await row(city.id, year)];
    const [fromUnits, toUnits] = [await registered(county.id), await registered(target.id)];
    await transaction(async (c) => {
      await detachUnionFigures(c, union.id);
      await run(
        c,
        q
          .updateTable("Organization")
          .set({ parentId: target.id, path: `${target.path}${union.id}/` })
          .where("id", "=", union.id),
      );
      await attachUnionFigures(c, union.id);
    });
    expect(diff(await row(county.id, year), fromBefore)).toEqual(Object.fromEntries(FIELDS.map((f) => [f, 0 - own[f]])));
    expect(diff(await row(target.id, year), toBefore)).toEqual(Object.fromEntries(FIELDS.map((f) => [f, own[f]])));
    expect(await row(city.id, year)).toEqual(cityBefore);
    expect([await registered(county.id), await registered(target.id)]).toEqual([fromUnits - 1, toUnits + 1]);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });

  it("merging a union into another adds its figures to the survivor and removes it from every count", async () => {
    const [from, into] = [await org("DF-03"), await org("DF-04")];
    const dfCounty = await org("DF");
    await insertOrder({ unionId: from.id, createdAt: new Date(), paidAt: new Date(), lines: [{ productId: 1, quantity: 9, certified: true }] });
    await insertOrder({ unionId: into.id, createdAt: new Date(), paidAt: new Date(), lines: [{ productId: otherProduct, quantity: 3, certified: false }] });
    const [fromRow, intoRow, countyBefore] = [await row(from.id, year), await row(into.id, year), await row(dfCounty.id, year)];
    const unitsBefore = await registered(dfCounty.id);
    await transaction(async (c) => {
      // What a merge does to the sources (issue 14 owns the command): orders, budgets and spending go to the survivor.
      await run(c, q.updateTable("Order").set({ unionId: into.id }).where("unionId", "=", from.id));
      await run(c, q.updateTable("OffPlatformSpending").set({ orgId: into.id }).where("orgId", "=", from.id));
      for (const b of await all(c, q.selectFrom("WelfareBudget").select(["year", "budgetFen"]).where("orgId", "=", from.id))) {
        await run(
          c,
          q
            .updateTable("WelfareBudget")
            .set((eb) => ({ budgetFen: eb("budgetFen", "+", b.budgetFen) }))
            .where("orgId", "=", into.id)
            .where("year", "=", b.year),
        );
      }
      await run(c, q.deleteFrom("WelfareBudget").where("orgId", "=", from.id));
      await recordUnionsMerged(c, from.id, into.id);
      await run(c, q.deleteFrom("Membership").where("orgId", "=", from.id));
      await run(c, q.deleteFrom("Organization").where("id", "=", from.id));
    });
    const merged = await row(into.id, year);
    expect(merged.certifiedFen).toBe(fromRow.certifiedFen + intoRow.certifiedFen);
    expect(merged.budgetFen).toBe(fromRow.budgetFen + intoRow.budgetFen);
    expect(merged.unitsBought).toBe(1);
    const countyAfter = await row(dfCounty.id, year);
    expect(countyAfter.certifiedFen).toBe(countyBefore.certifiedFen);
    expect(countyAfter.budgetFen).toBe(countyBefore.budgetFen);
    expect(countyAfter.unitsBought).toBe(countyBefore.unitsBought - 1); // two buying units became one
    expect(await registered(dfCounty.id)).toBe(unitsBefore - 1);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });
});

describe("every node = Σ children = recomputation from lines", () => {
  it("holds for random histories of payments, refunds, budgets, spending, targets and moves", async () => {
    const unions = () => all(reader, q.selectFrom("Organization").select(ORG_COLUMNS).where("kind", "=", "GRASSROOTS").orderBy("id"));
    const counties = await all(reader, q.selectFrom("Organization").select(["id", "path"]).where("kind", "=", "COUNTY").orderBy("id"));
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
          const allUnions = await unions();
          if (e.kind === "pay") {
            const union = allUnions[e.union % allUnions.length];
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
            const paid = await all(reader, q.selectFrom("Order").select("id").where("paymentStatus", "in", ["PAID", "PARTIALLY_REFUNDED"]).orderBy("id"));
            if (!paid.length) continue;
            const orderId = paid[e.pick % paid.length].id;
            await refundAfterCancellation({ orderId, subOrderId: e.part ? await subOrderOf(orderId, false) : null, reason: "test", actorId: null });
          } else if (e.kind === "budget") {
            const union = allUnions[e.union % allUnions.length];
            await saveWelfareBudget(actorOf(union, "APPROVER"), {
              year,
              budgetFen: e.budgetFen,
              headcount: 50,
              blockOverBudget: false,
              approvalThresholdFen: 5_000_000,
            });
          } else if (e.kind === "spend") {
            await recordOffPlatformSpending(actorOf(allUnions[e.union % allUnions.length], "APPROVER"), {
              spentOn: `${year}-02-01`,
              amountFen: e.amountFen,
              category: "OTHER",
              note: "",
            });
          } else if (e.kind === "target") {
            await saveWelfarePolicy(actorOf(city, "LEADER"), { year, targetBasisPoints: e.basisPoints, festivalCapPerMemberFen: 220000 });
          } else {
            const union = allUnions[e.union % allUnions.length];
            const to = counties[e.county % counties.length];
            await transaction(async (c) => {
              await detachUnionFigures(c, union.id);
              await run(
                c,
                q
                  .updateTable("Organization")
                  .set({ parentId: to.id, path: `${to.path}${union.id}/` })
                  .where("id", "=", union.id),
              );
              await attachUnionFigures(c, union.id);
            });
          }
        }
        // Σ children: the city from its counties (partner groups are apart), each county from its unions.
        for (const y of [year - 1, year]) {
          const sum = async (ids: number[]) =>
            (await Promise.all(ids.map((id) => row(id, y)))).reduce((a, b) => Object.fromEntries(FIELDS.map((f) => [f, a[f] + b[f]])) as Row, { ...none });
          expect(await row(city.id, y)).toEqual(await sum(counties.map((c) => c.id)));
          let countiesRegistered = 0;
          for (const c of counties) countiesRegistered += await registered(c.id);
          expect(await registered(city.id)).toBe(countiesRegistered);
          for (const c of counties) {
            const children = (await all(reader, q.selectFrom("Organization").select("id").where("parentId", "=", c.id))).map((r) => r.id);
            expect(await row(c.id, y)).toEqual(await sum(children));
            expect(await registered(c.id)).toBe(children.length);
          }
        }
        expect((await verifyReportAggregates(reader)).differences).toEqual([]);
      }),
      { numRuns: 25 },
    );
    // ~2 s on SQLite, ~12 s on PostgreSQL (a round trip per statement), more on a busy machine.
  }, 120_000);
});
