// The same figure on every page that shows it: the governing target (partner groups included) and budget left.
import { beforeAll, describe, expect, it } from "vitest";
import { chinaYear } from "~/domain/china-time";
import { loader as orgReportLoader } from "~/routes/reports.$orgId._index";
import { action as policyAction } from "~/routes/reports.policy";
import { loader as budgetLoader } from "~/routes/union.budget";
import { action as newOrderAction } from "~/routes/union.orders.new";
import { sql } from "kysely";
import { reader, transaction } from "~/utils/db.server";
import { instant, one, q, run } from "~/utils/sql.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";

const year = chinaYear(new Date());
const org = (code: string) => one(reader, q.selectFrom("Organization").select(["id", "path"]).where("code", "=", code));

beforeAll(async () => {
  await seedDemoBase();
});

async function dashboardOf(orgId: number, username: string) {
  const response = await responseOf(async () =>
    orgReportLoader({ request: getRequest(`/reports/${orgId}?year=${year}`, await cookieFor(username)), params: { orgId: String(orgId) }, context: {} }),
  );
  expect(response.status).toBe(200);
  return (await response.json()).data;
}

async function budgetPage(username: string) {
  const response = await responseOf(async () => budgetLoader({ request: getRequest("/union/budget", await cookieFor(username)), params: {}, context: {} }));
  expect(response.status).toBe(200);
  return response.json();
}

describe("one target per organisation and year", () => {
  it("shows the partner group's own target on the city dashboard, its own page and its unions' pages after the city changes its target", async () => {
    const city = await responseOf(async () =>
      policyAction({
        request: formRequest("/reports/policy", { year: String(year), targetPercent: "50", cap: "2200" }, await cookieFor("city.leader")),
        params: {},
        context: {},
      }),
    );
    expect(city.status).toBe(200);
    const federation = await org("SL");
    const group = await org("NJ");

    const cityView = await dashboardOf(federation.id, "city.leader");
    expect(cityView.policy.targetBasisPoints).toBe(5000);
    const partnerRow = cityView.partners.find((p: { orgId: number }) => p.orgId === group.id);
    const groupView = await dashboardOf(group.id, "city.leader");
    const partnerUnionPage = await budgetPage("nanjing.buyer");
    const grassrootsPage = await budgetPage("hospital.buyer");

    expect(groupView.policy.targetBasisPoints).toBe(3000);
    expect(partnerRow.figures.targetBasisPoints).toBe(3000);
    expect(partnerUnionPage.share.targetBasisPoints).toBe(3000);
    expect(grassrootsPage.share.targetBasisPoints).toBe(5000);
  });
});

describe("one budget left", () => {
  it("is the same on the union's budget page and in the order preview, and equals B − live orders − off-platform", async () => {
    const union = await org("SZ-01");
    const product = await one(reader, q.selectFrom("Product").select(["id", "code"]).where("active", "=", 1).where("stock", ">", 100).orderBy("id").limit(1));
    const now = new Date();
    const unpaid = await insertOrder({ unionId: union.id, createdAt: now, lines: [{ productId: product.id, quantity: 3, certified: true }] });
    const paid = await insertOrder({ unionId: union.id, createdAt: now, paidAt: now, lines: [{ productId: product.id, quantity: 2, certified: true }] });
    await insertOrder({ unionId: union.id, createdAt: now, status: "CANCELLED", lines: [{ productId: product.id, quantity: 5, certified: true }] });
    await transaction((c) =>
      run(
        c,
        q.insertInto("OffPlatformSpending").values({
          orgId: union.id,
          spentOn: instant(now.getTime()),
          year,
          amountFen: 12_345,
          category: "HEALTH",
          note: "",
          createdById: 1,
          createdAt: instant(now.getTime()),
        }),
      ),
    );
    const budget = await one(reader, q.selectFrom("WelfareBudget").select("budgetFen").where("orgId", "=", union.id).where("year", "=", year));
    const committed = await one(
      reader,
      q
        .selectFrom("Order")
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("totalFen"), sql.lit(0)).as("fen"))
        .where("unionId", "=", union.id)
        .where("status", "not in", ["CANCELLED", "REJECTED"]),
    );
    const offPlatform = await one(
      reader,
      q
        .selectFrom("OffPlatformSpending")
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("amountFen"), sql.lit(0)).as("fen"))
        .where("orgId", "=", union.id)
        .where("year", "=", year),
    );
    expect(committed.fen).toBeGreaterThanOrEqual(unpaid.totalFen + paid.totalFen);
    const expected = budget.budgetFen - committed.fen - offPlatform.fen;

    const page = await budgetPage("hospital.buyer");
    expect(page.budgetLeftFen).toBe(expected);

    const preview = await responseOf(async () =>
      newOrderAction({
        request: formRequest(
          "/union/orders/new",
          {
            intent: "preview",
            token: "previewtoken01",
            mode: "quantities",
            occasion: "UNION_ACTIVITY",
            headcount: "",
            recipient1: "王",
            phone1: "13800000000",
            address1: "商州区",
            productCode: product.code,
            quantity: "1",
          },
          await cookieFor("hospital.buyer"),
        ),
        params: {},
        context: {},
      }),
    );
    expect(preview.status).toBe(200);
    expect((await preview.json()).preview.effect.remainingBeforeFen).toBe(expected);
  });
});
