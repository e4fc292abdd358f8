import fs from "node:fs";
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

describe("procurement-share reports", () => {
  it("lets a county leader drill down to a lagging union's order lines, export XLSX, and not see another county", async () => {
    const page = await newPage(browser);
    await login(page, "sz.leader");
    expect(new URL(page.url()).pathname).toBe("/reports");
    await page.locator("h1", { hasText: "商州区总工会" }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "reports-county");

    // The lagging list is sorted by gap; open the first union that has bought something. Its share cell says exactly
    // "0%" when it has not ("10%" or "20%" contain "0%" too: a text filter would skip them, and other browser tests'
    // orders move these shares).
    const lagging = page.getByTestId("lagging-table").locator("tbody tr");
    expect(await lagging.count()).toBeGreaterThan(0);
    const shares = await lagging.locator("td:nth-child(2)").allTextContents();
    const bought = shares.findIndex((share) => share.trim() !== "0%");
    expect(bought, `shares in the lagging list: ${shares.join(", ")}`).toBeGreaterThanOrEqual(0);
    await lagging.nth(bought).locator("a").first().click();
    await page.waitForURL(/\/reports\/\d+/);
    await page.getByRole("link", { name: /已付款订单/ }).click();
    await page.waitForURL(/\/orders/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByTestId("paid-orders").locator("tbody tr a").first().click();
    await page.waitForURL(/\/reports\/orders\/\d+/);
    await expect(page.getByTestId("order-lines").locator("tbody tr").count()).resolves.toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.goto(`${BASE}/reports`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('a[href*="table=lagging&format=xlsx"]').click()]);
    const file = await download.path();
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(fs.readFileSync(file!).subarray(0, 2).toString("hex")).toBe("504b");

    // 洛南县总工会 (id 10 in the deterministic seed) is another county: its page and its data are refused.
    const dataStatus = await page.evaluate(async () => (await fetch("/reports/10?_data=routes%2Freports.%24orgId._index")).status);
    expect(dataStatus).toBe(403);
    const other = await page.goto(`${BASE}/reports/10`);
    expect(other?.status()).toBe(403);
    await expect(page.getByTestId("error-message").textContent()).resolves.toContain("没有权限");
    await page.context().close();
  });

  it("hydrates a dashboard loaded as a whole page without a mismatch, in both languages", async () => {
    // Server and browser must render the same text (a compact "¥5.0万" against "¥5万" broke hydration of the charts).
    for (const english of [false, true]) {
      const page = await newPage(browser, { english });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      await login(page, "sz.leader");
      for (const path of ["/reports", "/reports/3"]) {
        await page.goto(`${BASE}${path}`);
        await page.waitForLoadState("networkidle");
        expect(errors, `${path} ${english ? "en" : "zh"}`).toEqual([]);
      }
      await page.context().close();
    }
  });

  it("shows the city dashboard on a phone without horizontal page scroll", async () => {
    const page = await newPage(browser, { mobile: true });
    await login(page, "city.leader");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "reports-city-mobile");
    await page.context().close();
  });

  it("saves a budget and an off-platform spending record, and the county's dashboard counts both at once", async () => {
    const page = await newPage(browser);
    await login(page, "sn.leader");
    const countyBudget = async () => (await page.getByTestId("share-figures").locator("dd").first().textContent())?.trim();
    const before = await countyBudget();
    await page.context().clearCookies();
    await login(page, "hospital.chair");
    await page.goto(`${BASE}/union/budget`);
    // The chair's union is in 商州; its budget moves the county it belongs to, read below by that county's leader.
    await page.fill('input[name="budget"]', "654321.00");
    // The page posts to itself: wait for the save's answer and its revalidation, not for a URL it already has.
    const saved = () => page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/union/budget");
    await Promise.all([saved(), page.locator('form:has(input[value="saveBudget"]) button[type="submit"]').click()]);
    await page.waitForLoadState("networkidle");
    await page.fill('input[name="spentOn"]', "2026-03-15");
    await page.fill('input[name="amount"]', "1234.50");
    await page.fill('input[name="note"]', "体检");
    await Promise.all([saved(), page.locator('form:has(input[value="recordSpending"]) button[type="submit"]').click()]);
    await page.waitForLoadState("networkidle");
    await page.reload();
    expect(await page.inputValue('input[name="budget"]')).toBe("654321.00");
    await expect(page.locator("table").last().textContent()).resolves.toContain("1,234.50");
    await page.context().clearCookies();
    await login(page, "sz.leader");
    await expect(page.getByTestId("children-table").textContent()).resolves.toContain("654,321.00");
    await page.context().clearCookies();
    await login(page, "sn.leader");
    expect(await countyBudget()).toBe(before); // another county is untouched
    await page.context().close();
  });

  it("shows a union its progress and lets the chair see the budget form", async () => {
    const page = await newPage(browser);
    await login(page, "hospital.chair");
    await page.goto(`${BASE}/union/budget`);
    await expect(page.getByTestId("progress-sentence").textContent()).resolves.toMatch(/还需采购|已完成目标/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "union-budget");
    await page.context().close();
  });
});
