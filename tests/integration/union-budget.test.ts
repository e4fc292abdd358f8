import { beforeAll, describe, expect, it } from "vitest";
import { action as budgetAction, loader as budgetLoader } from "~/routes/union.budget";
import { action as policyAction } from "~/routes/reports.policy";
import { db } from "~/utils/db.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";

beforeAll(async () => {
  await seedDemoBase();
});

const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));

describe("a union's budget and off-platform spending", () => {
  it("lets the chair enter the budget, headcount and threshold, audited", async () => {
    const cookie = await cookieFor("hospital.chair");
    const response = await responseOf(() =>
      budgetAction({
        request: formRequest(
          "/union/budget",
          { intent: "saveBudget", budget: "512,345.67", headcount: "330", threshold: "30000", blockOverBudget: "on" },
          cookie,
        ),
        params: {},
        context: {},
      }),
    );
    expect(response.status).toBe(200);
    const union = await db.organization.findUniqueOrThrow({ where: { code: "SZ-01" } });
    const budget = await db.welfareBudget.findUniqueOrThrow({ where: { orgId_year: { orgId: union.id, year } } });
    expect(Number(budget.budgetFen)).toBe(51_234_567);
    expect(budget.headcount).toBe(330);
    expect(budget.blockOverBudget).toBe(true);
    expect(Number(union.approvalThresholdFen)).toBe(3_000_000);
    expect(await db.auditLog.count({ where: { action: "welfareBudget.save", orgId: union.id } })).toBe(1);
  });

  it("refuses the budget form to a buyer (403) but lets the buyer record off-platform spending", async () => {
    const cookie = await cookieFor("hospital.buyer");
    const refused = await responseOf(() =>
      budgetAction({
        request: formRequest("/union/budget", { intent: "saveBudget", budget: "1", headcount: "1", threshold: "1" }, cookie),
        params: {},
        context: {},
      }),
    );
    expect(refused.status).toBe(403);
    const recorded = await responseOf(() =>
      budgetAction({
        request: formRequest(
          "/union/budget",
          { intent: "recordSpending", spentOn: `${year}-03-08`, amount: "1200.5", category: "ACTIVITY", note: "三八节电影票" },
          cookie,
        ),
        params: {},
        context: {},
      }),
    );
    expect(recorded.status).toBe(200);
    const loaded = await responseOf(() => budgetLoader({ request: getRequest("/union/budget", cookie), params: {}, context: {} }));
    const data = await loaded.json();
    expect(data.spending[0]).toMatchObject({ amountFen: 120050, category: "ACTIVITY", spentOn: `${year}-03-08` });
    expect(data.share.welfareSpendingFen).toBe(120050);
  });

  it("answers bad amounts and dates with messages, saving nothing", async () => {
    const cookie = await cookieFor("hospital.buyer");
    const before = await db.offPlatformSpending.count();
    for (const fields of [
      { intent: "recordSpending", spentOn: "yesterday", amount: "10", category: "ACTIVITY" },
      { intent: "recordSpending", spentOn: `${year}-01-02`, amount: "12.345", category: "ACTIVITY" },
      { intent: "recordSpending", spentOn: `${year}-01-02`, amount: "0", category: "ACTIVITY" },
      { intent: "recordSpending", spentOn: `${year}-01-02`, amount: "10", category: "JEWELS" },
    ]) {
      const response = await responseOf(() => budgetAction({ request: formRequest("/union/budget", fields, cookie), params: {}, context: {} }));
      expect(response.status).toBe(400);
    }
    expect(await db.offPlatformSpending.count()).toBe(before);
  });
});

describe("the federation's policy", () => {
  it("lets only the city federation's leader set the target and cap", async () => {
    const county = await responseOf(async () =>
      policyAction({
        request: formRequest("/reports/policy", { year: "2027", targetPercent: "50", cap: "2000" }, await cookieFor("sz.leader")),
        params: {},
        context: {},
      }),
    );
    expect(county.status).toBe(403);
    const city = await responseOf(async () =>
      policyAction({
        request: formRequest("/reports/policy", { year: "2027", targetPercent: "50", cap: "2000" }, await cookieFor("city.leader")),
        params: {},
        context: {},
      }),
    );
    expect(city.status).toBe(200);
    const federation = await db.organization.findUniqueOrThrow({ where: { code: "SL" } });
    expect(await db.welfarePolicy.findUnique({ where: { orgId_year: { orgId: federation.id, year: 2027 } } })).toMatchObject({
      targetBasisPoints: 5000,
      festivalCapPerMemberFen: 200000,
    });
    const bad = await responseOf(async () =>
      policyAction({
        request: formRequest("/reports/policy", { year: "2027", targetPercent: "150", cap: "x" }, await cookieFor("city.leader")),
        params: {},
        context: {},
      }),
    );
    expect(bad.status).toBe(400);
  });
});
