// /union/budget across years: next year enterable, past years read-only, a spend dated in another year says where
// it went, and entries corrected or deleted with an audit entry holding what they were.
import { beforeAll, describe, expect, it } from "vitest";
import { action as budgetAction, loader as budgetLoader } from "~/routes/union.budget";
import { db } from "~/utils/db.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";

const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
let chair: string;
let buyer: string;
let unionId: number;

beforeAll(async () => {
  await seedDemoBase();
  chair = await cookieFor("hospital.chair");
  buyer = await cookieFor("hospital.buyer");
  unionId = (await db.organization.findUniqueOrThrow({ where: { code: "SZ-01" } })).id;
});

const post = (path: string, fields: Record<string, string>, cookie: string) =>
  responseOf(() => budgetAction({ request: formRequest(path, fields, cookie), params: {}, context: {} }));
const load = async (path: string, cookie: string) =>
  (await responseOf(() => budgetLoader({ request: getRequest(path, cookie), params: {}, context: {} }))).json();

describe("budget years", () => {
  it("lets the chair enter next year's budget and keeps a past year read-only", async () => {
    const saved = await post(
      `/union/budget?year=${year + 1}`,
      { intent: "saveBudget", year: String(year + 1), budget: "600000", headcount: "340", threshold: "20000" },
      chair,
    );
    expect(saved.status).toBe(200);
    expect((await saved.json()).saved).toBe("福利费预算已保存");
    expect(Number((await db.welfareBudget.findUniqueOrThrow({ where: { orgId_year: { orgId: unionId, year: year + 1 } } })).budgetFen)).toBe(60_000_000);
    const next = await load(`/union/budget?year=${year + 1}`, chair);
    expect(next).toMatchObject({ year: year + 1, editable: true, canEditBudget: true, hasBudget: true });

    const before = await db.welfareBudget.findUniqueOrThrow({ where: { orgId_year: { orgId: unionId, year: year - 1 } } });
    const refused = await post(
      `/union/budget?year=${year - 1}`,
      { intent: "saveBudget", year: String(year - 1), budget: "1", headcount: "1", threshold: "1" },
      chair,
    );
    expect(refused.status).toBe(400);
    expect((await db.welfareBudget.findUniqueOrThrow({ where: { orgId_year: { orgId: unionId, year: year - 1 } } })).budgetFen).toBe(before.budgetFen);
    expect(await load(`/union/budget?year=${year - 1}`, chair)).toMatchObject({ year: year - 1, editable: false, canEditBudget: false });
  });

  it("records a spend dated next year under next year and says so; refuses one in a closed year", async () => {
    const recorded = await post(
      `/union/budget?year=${year}`,
      { intent: "recordSpending", spentOn: `${year + 1}-01-05`, amount: "880", category: "FESTIVAL", note: "元旦慰问" },
      buyer,
    );
    expect(recorded.status).toBe(200);
    expect((await recorded.json()).saved).toBe(`已记录，计入 ${year + 1} 年（按支出日期）。`);
    expect((await load(`/union/budget?year=${year}`, buyer)).spending).toEqual([]);
    expect((await load(`/union/budget?year=${year + 1}`, buyer)).spending).toMatchObject([{ spentOn: `${year + 1}-01-05`, amountFen: 88_000 }]);
    const closed = await post(
      `/union/budget?year=${year}`,
      { intent: "recordSpending", spentOn: `${year - 1}-12-20`, amount: "10", category: "FESTIVAL" },
      buyer,
    );
    expect(closed.status).toBe(400);
  });

  it("corrects and deletes an entry, each audited with before and after, and refuses another union's entry", async () => {
    await post(
      `/union/budget?year=${year}`,
      { intent: "recordSpending", spentOn: `${year}-03-08`, amount: "1200", category: "ACTIVITY", note: "电影票" },
      buyer,
    );
    const entry = await db.offPlatformSpending.findFirstOrThrow({ where: { orgId: unionId, year }, orderBy: { id: "desc" } });

    const corrected = await post(
      `/union/budget?year=${year}`,
      { intent: "correctSpending", id: String(entry.id), spentOn: `${year}-03-09`, amount: "1250.50", category: "HEALTH", note: "体检" },
      buyer,
    );
    expect((await corrected.json()).saved).toBe("已更正。");
    expect(await db.offPlatformSpending.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
      amountFen: 125_050n,
      category: "HEALTH",
      note: "体检",
    });
    const correction = await db.auditLog.findFirstOrThrow({ where: { action: "offPlatformSpending.correct", entityId: String(entry.id) } });
    expect(JSON.parse(correction.detail)).toMatchObject({
      before: { amountFen: 120_000, category: "ACTIVITY", spentOn: `${year}-03-08` },
      after: { amountFen: 125_050, spentOn: `${year}-03-09` },
    });

    const bad = await post(
      `/union/budget?year=${year}`,
      { intent: "correctSpending", id: String(entry.id), spentOn: `${year}-03-09`, amount: "-5", category: "HEALTH" },
      buyer,
    );
    expect(bad.status).toBe(400);

    const stranger = await post(`/union/budget?year=${year}`, { intent: "deleteSpending", id: String(entry.id) }, await cookieFor("school.buyer"));
    expect(stranger.status).toBe(404);

    const deleted = await post(`/union/budget?year=${year}`, { intent: "deleteSpending", id: String(entry.id) }, buyer);
    expect((await deleted.json()).saved).toBe("已删除。");
    expect(await db.offPlatformSpending.findUnique({ where: { id: entry.id } })).toBeNull();
    const deletion = await db.auditLog.findFirstOrThrow({ where: { action: "offPlatformSpending.delete", entityId: String(entry.id) } });
    expect(JSON.parse(deletion.detail)).toMatchObject({ before: { amountFen: 125_050, note: "体检" }, after: null });
  });
});
