import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { BASE, launchBrowser, login, newPage, screenshot, seriousA11yViolations } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("catalog and listings", () => {
  it("a cooperative lists a product with a photo and a tier price; once certified, a buyer finds it in Chinese with the badge", async () => {
    const coop = await newPage(browser);
    await login(coop, "walnut.coop");
    await coop.goto(`${BASE}/supplier/products/new`);
    expect(await seriousA11yViolations(coop)).toEqual([]);
    await coop.fill('input[name="title"]', "石门镇 薄皮核桃 中秋礼盒");
    await coop.selectOption('select[name="category"]', "WALNUT");
    await coop.selectOption('select[name="unit"]', "盒");
    await coop.fill('input[name="price"]', "88");
    await coop.fill('input[name="marketPrice"]', "80");
    await coop.fill('input[name="stock"]', "800");
    await coop.fill('input[name="minOrderQty"]', "10");
    await coop.fill('input[name="tier1Qty"]', "100");
    await coop.fill('input[name="tier1Price"]', "82");
    await Promise.all([coop.waitForURL(/\/supplier\/products\/\d+$/), coop.click('form#listing button[type="submit"]')]);
    const productId = coop.url().split("/").pop();

    await coop.setInputFiles("#photo", path.resolve("tests/e2e/fixtures/walnut.png"));
    await coop.click('form[action$="/photos"] button[type="submit"]');
    await coop.locator('section[aria-labelledby="photos"] img').first().waitFor();

    await coop.fill("#number", "SLFP-洛南-2026-9001");
    await coop.fill("#issuer", "洛南县乡村振兴局");
    await coop.fill("#validFrom", "2026-01-01");
    await coop.fill("#validTo", "2028-12-31");
    await coop.click('form[action$="/certificate"] button[type="submit"]');
    await coop.getByText("审核中").first().waitFor();
    expect(await seriousA11yViolations(coop)).toEqual([]);
    await screenshot(coop, "catalog-listing-edit");
    await coop.context().close();

    const leader = await newPage(browser);
    await login(leader, "ln.leader");
    await leader.goto(`${BASE}/certificates`);
    const entry = leader.locator("li", { hasText: "SLFP-洛南-2026-9001" });
    expect(await seriousA11yViolations(leader)).toEqual([]);
    await entry.getByRole("button", { name: "通过", exact: true }).click();
    await entry.waitFor({ state: "detached" });
    await leader.context().close();

    const buyer = await newPage(browser, { mobile: true });
    await login(buyer, "hospital.buyer");
    await buyer.goto(`${BASE}/products?q=${encodeURIComponent("薄皮核桃")}`);
    const card = buyer.getByTestId("product-card").filter({ hasText: "中秋礼盒" });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain("计入30%目标");
    await expect(card.getByTestId("tiers").textContent()).resolves.toContain("≥100 盒 ¥82.00");
    expect(await buyer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(buyer)).toEqual([]);
    await screenshot(buyer, "catalog-search-mobile");
    await buyer.goto(`${BASE}/products/${productId}`);
    await expect(buyer.getByTestId("badges").textContent()).resolves.toContain("计入30%目标");
    expect(await seriousA11yViolations(buyer)).toEqual([]);
    await buyer.context().close();
  });
});
