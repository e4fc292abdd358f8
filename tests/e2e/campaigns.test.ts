// The festival batch end to end: the city federation opens a 中秋 campaign, a cooperative's ready pack is approved
// and added to it, a buyer on a phone fills a draft gift pack from the catalog (the pack and two products), sees the
// per-member amount, submits it for 326 members, and the campaign report shows the order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { chinaDate } from "~/domain/china-time";
import { BASE, launchBrowser, login, newPage, screenshot, seriousA11yViolations } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const day = (offset: number) => chinaDate(new Date(Date.now() + offset * 86400_000));
const CAMPAIGN = "2026 中秋慰问（测试）";
const PACK = "商洛中秋礼包（测试）";

async function noHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
}

async function addFromCatalog(buyer: Page, query: string, title: string) {
  await buyer.goto(`${BASE}/products?q=${encodeURIComponent(query)}`);
  const card = buyer.getByTestId("product-card").filter({ hasText: title }).first();
  await Promise.all([buyer.waitForURL(/added=added/), card.getByRole("button", { name: /加入礼包/ }).click()]);
  await buyer.getByTestId("draft-notice").waitFor();
}

describe("a 中秋 festival campaign with a ready pack", () => {
  let campaignUrl = "";

  it("is opened by the city federation", async () => {
    const leader = await newPage(browser);
    await login(leader, "city.leader");
    await leader.goto(`${BASE}/campaigns`);
    await leader.fill("#name", CAMPAIGN);
    await leader.selectOption("#occasion", "MID_AUTUMN");
    await leader.fill("#opensOn", day(-1));
    await leader.fill("#closesOn", day(10));
    await leader.fill("#deliverBy", day(20));
    await leader.fill("#guidance", "300");
    // The cap leaves room for orders.test.ts, which orders a 中秋 pack for the same union later in the same database.
    await leader.fill("#cap", "1000");
    await leader.fill("#target", "30");
    await Promise.all([leader.waitForURL(/\/campaigns\/\d+/), leader.click('#campaign-form button[type="submit"]')]);
    campaignUrl = leader.url().replace(/\?.*$/, "");
    await leader.reload();
    await expect(leader.locator("h1").textContent()).resolves.toBe(CAMPAIGN);
    await expect(leader.getByTestId("campaign-figures").textContent()).resolves.toContain("¥1,000.00");
    expect(await seriousA11yViolations(leader)).toEqual([]);
    await leader.context().close();
  });

  it("takes a cooperative's pack once the federation approves it", async () => {
    const coop = await newPage(browser);
    await login(coop, "tea.coop");
    await coop.goto(`${BASE}/packs/propose`);
    await coop.fill("#name", PACK);
    await coop.fill("#description", "商南红茶一盒，配秦岭百花蜜一瓶（与蜂蜜合作社联合）");
    await coop.fill("#items", "P00002,1,180\nP00011,1,60");
    await Promise.all([coop.waitForURL(/created=G\d+/), coop.click('#propose-pack button[type="submit"]')]);
    await coop.reload();
    const code = /created=(G\d+)/.exec(coop.url())![1];
    await expect(coop.getByTestId("my-packs").textContent()).resolves.toContain("待审核");
    expect(await seriousA11yViolations(coop)).toEqual([]);
    await coop.context().close();

    const leader = await newPage(browser);
    await login(leader, "city.leader");
    await leader.goto(`${BASE}/packs/review`);
    const review = leader.getByTestId("pack-review").filter({ hasText: PACK });
    expect(await seriousA11yViolations(leader)).toEqual([]);
    await review.getByRole("button", { name: "通过" }).click();
    await leader.getByTestId("saved-notice").waitFor();
    await leader.reload();
    await expect(leader.getByTestId("pack-review").filter({ hasText: PACK }).count()).resolves.toBe(0);
    await leader.goto(campaignUrl);
    await leader.fill("#code", code);
    await leader.click('#campaign-item-form button[type="submit"]');
    await leader.getByTestId("saved-notice").waitFor();
    await leader.reload();
    await expect(leader.getByTestId("campaign-items").textContent()).resolves.toContain(PACK);
    expect(await seriousA11yViolations(leader)).toEqual([]);
    await leader.context().close();
  });

  it("is shopped by a buyer on a phone: pack and two products into a draft, 326 members, submitted", async () => {
    const buyer = await newPage(browser, { mobile: true });
    await login(buyer, "hospital.buyer");
    // The campaign is on the union's home page with its days left and its recommended pack.
    await buyer.goto(`${BASE}/union`);
    const campaign = buyer.getByTestId("union-campaign").filter({ hasText: CAMPAIGN });
    await expect(campaign.getByTestId("days-left").textContent()).resolves.toMatch(/还剩 \d+ 天/);
    await noHorizontalScroll(buyer);

    // An address book entry, made the default.
    await buyer.goto(`${BASE}/union/addresses`);
    await buyer.fill("#label", "工会办公室");
    await buyer.fill("#recipient", "商州区人民医院工会");
    await buyer.fill("#phone", "0914-2311234");
    await buyer.fill("#address", "商州区北新街 8 号 工会办公室");
    await buyer.check('input[name="isDefault"]');
    await buyer.click('#address-form button[type="submit"]');
    await buyer.getByTestId("saved-notice").waitFor();
    await buyer.reload();
    await expect(buyer.getByTestId("addresses").textContent()).resolves.toContain("默认");
    expect(await seriousA11yViolations(buyer)).toEqual([]);

    // From the catalog: the ready pack (filtered by budget per member) and two products.
    await buyer.goto(`${BASE}/products?pm=300`);
    const pack = buyer.getByTestId("pack-card").filter({ hasText: PACK });
    await Promise.all([buyer.waitForURL(/added=added/), pack.getByRole("button", { name: /加入礼包/ }).click()]);
    await buyer.getByTestId("draft-notice").waitFor();
    await noHorizontalScroll(buyer);
    expect(await seriousA11yViolations(buyer)).toEqual([]);
    await screenshot(buyer, "catalog-packs-mobile");
    await addFromCatalog(buyer, "柞水木耳", "柞水木耳 250g");
    await addFromCatalog(buyer, "香菇", "北宽坪香菇干 500g");

    await buyer.goto(`${BASE}/union/draft`);
    await expect(buyer.getByTestId("draft-item").count()).resolves.toBeGreaterThanOrEqual(3);
    // Headcount comes from the union's budget record (326 members).
    await expect(buyer.inputValue("#headcount")).resolves.toBe("326");
    await buyer.selectOption("#occasion", "MID_AUTUMN");
    await Promise.all([buyer.waitForURL(/headcount=326/), buyer.click('button[name="intent"][value="update"]:not(.sr-only)')]);
    // ¥240 pack + 木耳 ¥42.75 + 香菇 ¥49.40 (≥100 tier) = ¥332.15 per member, above the ¥300 guidance, under the ¥1,000 cap.
    await expect.poll(() => buyer.getByTestId("per-member").textContent()).toContain("¥332.15");
    await expect(buyer.getByTestId("preview-total").textContent()).resolves.toContain("¥108,280.90");
    await expect(buyer.getByTestId("campaign-line").textContent()).resolves.toContain(CAMPAIGN);
    await expect(buyer.getByTestId("campaign-cap-line").textContent()).resolves.toContain("¥1,000.00");
    await expect(buyer.getByTestId("effect-line").textContent()).resolves.toMatch(/\d+% → \d+%/);
    await noHorizontalScroll(buyer);
    expect(await seriousA11yViolations(buyer)).toEqual([]);
    await screenshot(buyer, "draft-pack-mobile");

    // Saved as a template for next time.
    await buyer.fill("#template-name", "中秋标准礼包");
    await buyer.getByRole("button", { name: "把当前礼包存为模板" }).click();
    await buyer.getByTestId("saved-notice").waitFor();
    await buyer.reload();
    await expect(buyer.getByTestId("templates").textContent()).resolves.toContain("中秋标准礼包");

    await Promise.all([buyer.waitForURL(/\/union\/orders\/\d+$/), buyer.click('button[name="intent"][value="submit"]')]);
    const orderUrl = buyer.url();
    await buyer.reload();
    await buyer.getByTestId("order-status").filter({ hasText: "待审批" }).waitFor();
    await expect(buyer.getByTestId("order-campaign").textContent()).resolves.toContain(CAMPAIGN);
    await expect(buyer.getByTestId("sub-order").count()).resolves.toBe(4);
    await buyer.goto(`${BASE}/union/draft`);
    await buyer.getByTestId("draft-empty").waitFor();

    // 再来一单 fills the draft again from the order.
    await buyer.goto(orderUrl);
    await Promise.all([buyer.waitForURL(/notice=reordered/), buyer.getByRole("button", { name: "再来一单" }).click()]);
    await expect.poll(() => buyer.getByTestId("draft-item").count()).toBe(3);
    await buyer.context().close();
  });

  it("shows the order in the campaign report", async () => {
    const leader = await newPage(browser, { mobile: true });
    await login(leader, "city.leader");
    await leader.goto(`${campaignUrl}/report`);
    await expect(leader.getByTestId("units-ordered").textContent()).resolves.toBe("1");
    await expect(leader.getByTestId("ordered").textContent()).resolves.toContain("¥108,280.90");
    await expect(leader.getByTestId("by-supplier").textContent()).resolves.toContain("茶叶");
    // Every union in scope that has not ordered: 41 in the seed, plus any unions other browser tests created in scope.
    expect(await leader.getByTestId("lagging").locator("li").count()).toBeGreaterThanOrEqual(41);
    await noHorizontalScroll(leader);
    expect(await seriousA11yViolations(leader)).toEqual([]);
    await screenshot(leader, "campaign-report-mobile");
    const csv = await leader.request.get(`${campaignUrl}/export?format=csv`);
    expect(await csv.text()).toContain("108280.90");
    await leader.context().close();
  });
});

describe("English and the CSV box", () => {
  it("explains per-member CSV quantities in gift-pack mode", async () => {
    const buyer = await newPage(browser, { mobile: true });
    await login(buyer, "school.buyer");
    await buyer.goto(`${BASE}/union/orders/new`);
    await expect(buyer.getByTestId("csv-pack-hint").textContent()).resolves.toContain("每人数量");
    await expect(buyer.locator("#csv").getAttribute("placeholder")).resolves.toContain("每人 1 件");
    await buyer.check('input[name="mode"][value="quantities"]');
    await expect(buyer.getByTestId("csv-pack-hint").count()).resolves.toBe(0);
    await buyer.click('form[action="/lang"] button:visible');
    await buyer.waitForFunction(() => document.documentElement.lang === "en");
    await buyer.check('input[name="mode"][value="pack"]');
    await expect(buyer.getByTestId("csv-pack-hint").textContent()).resolves.toContain("per member");
    for (const path of ["/union/draft", "/packs", "/union"]) {
      await buyer.goto(`${BASE}${path}`);
      await noHorizontalScroll(buyer);
    }
    await screenshot(buyer, "union-home-en-mobile");
    await buyer.context().close();
  });
});
