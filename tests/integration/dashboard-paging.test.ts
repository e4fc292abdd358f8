// The children table of a dashboard is paged: CHILDREN_PER_PAGE a page, biggest gap first, unions without a budget
// last, every child on exactly one page, and a page costs the same however many unions sit below the node.
import { beforeAll, describe, expect, it } from "vitest";
import { createOrganization } from "~/models/access/onboarding.server";
import { CHILDREN_PER_PAGE, allChildRollUps, dashboard } from "~/models/welfare/reports.server";
import { saveWelfareBudget } from "~/models/welfare/welfare.server";
import { reader } from "~/utils/db.server";
import { first, q } from "~/utils/sql.server";
import { getRequest, cookieFor, responseOf, seedDemoBase } from "../support/fixtures";
import { loader as orgReportLoader } from "~/routes/reports.$orgId._index";

const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
let county: { id: number; path: string };
const withoutBudget: number[] = [];

beforeAll(async () => {
  await seedDemoBase();
  county = (await first(reader, q.selectFrom("Organization").select(["id", "path"]).where("code", "=", "SZ")))!;
  // Enough unions below 商州 for three pages, each with a different budget so the gaps differ.
  for (let i = 1; i <= 2 * CHILDREN_PER_PAGE + 3; i++) {
    const created = await createOrganization(1, {
      kind: "GRASSROOTS",
      name: `分页测试工会${String(i).padStart(2, "0")}`,
      code: `PG-${i}`,
      parentId: county.id,
      region: "商州区",
      contactName: null,
      contactPhone: null,
    });
    if (!("id" in created)) throw new Error(`could not create union ${i}`);
    const chair = { userId: 1, username: "admin", name: "admin", role: "APPROVER" as const, membershipId: 1, supplierId: null };
    await saveWelfareBudget(
      { ...chair, org: { id: created.id, name: "", kind: "GRASSROOTS", path: `${county.path}${created.id}/`, region: "商州区" } },
      { year, budgetFen: 100_000 * i, headcount: 10, blockOverBudget: false, approvalThresholdFen: 0 },
    );
  }
  // And some with no budget this year: no standing to rank them by, yet they are children like the others.
  for (let i = 1; i <= 4; i++) {
    const created = await createOrganization(1, {
      kind: "GRASSROOTS",
      name: `无预算测试工会${i}`,
      code: `PG-NB-${i}`,
      parentId: county.id,
      region: "商州区",
      contactName: null,
      contactPhone: null,
    });
    if (!("id" in created)) throw new Error(`could not create union without budget ${i}`);
    withoutBudget.push(created.id);
  }
});

describe("the children table of a county with more children than a page", () => {
  it("pages through every child once, biggest gap first, with the page count and total", async () => {
    const everyChild = await allChildRollUps({ org: county }, county.id, year);
    expect(everyChild.length).toBeGreaterThan(2 * CHILDREN_PER_PAGE);
    const first = await dashboard({ org: county }, county.id, year, 1);
    const { pageCount, total } = first.childrenPage;
    expect(total).toBe(everyChild.length);
    expect(pageCount).toBe(Math.ceil(total / CHILDREN_PER_PAGE));
    const seen: number[] = [];
    let previousSmallestGap = Infinity;
    for (let page = 1; page <= pageCount; page++) {
      const d = await dashboard({ org: county }, county.id, year, page);
      expect(d.childrenPage.page).toBe(page);
      expect(d.children.length).toBe(page < pageCount ? CHILDREN_PER_PAGE : total - CHILDREN_PER_PAGE * (pageCount - 1));
      const gaps = d.children.map((c) => c.figures.gapFen);
      expect(gaps).toEqual([...gaps].sort((a, b) => b - a));
      // Across pages too: nothing on a later page has a bigger gap than the page before it.
      expect(Math.max(...gaps)).toBeLessThanOrEqual(previousSmallestGap);
      previousSmallestGap = Math.min(...gaps);
      seen.push(...d.children.map((c) => c.orgId));
    }
    expect(new Set(seen).size).toBe(total);
    // The unions without a budget come last, by id.
    expect(seen.slice(-withoutBudget.length)).toEqual(withoutBudget);
    expect([...seen].sort((a, b) => a - b)).toEqual(everyChild.map((c) => c.orgId).sort((a, b) => a - b));
  });

  it("answers a page past the end with the last page, and a bad ?children= with the first", async () => {
    const cookie = await cookieFor("sz.leader");
    const data = async (search: string) => {
      const response = await responseOf(() =>
        orgReportLoader({ request: getRequest(`/reports/${county.id}${search}`, cookie), params: { orgId: String(county.id) }, context: {} }),
      );
      expect(response.status).toBe(200);
      return ((await response.json()) as { data: { childrenPage: { page: number; pageCount: number } } }).data.childrenPage;
    };
    const last = await data("?children=2");
    expect(last.pageCount).toBeGreaterThanOrEqual(3);
    expect((await data("?children=999")).page).toBe(last.pageCount);
    expect((await data("?children=abc")).page).toBe(1);
    expect((await data("?children=-3")).page).toBe(1);
  });
});
