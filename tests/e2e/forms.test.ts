// The one way a form answers, seen in the browser: a refusal shows its message and saves nothing; a save shows a
// confirmation, clears the old error, and the value is there after a reload.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { BASE, launchBrowser, login, newPage } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("forms answer one way", () => {
  it("the chair's budget form: error, then saved with a confirmation and no stale error, and kept after reload", async () => {
    const page = await newPage(browser);
    await login(page, "hospital.chair");
    await page.goto(`${BASE}/union/budget`);
    const form = page.locator("form#budget");
    await form.locator('input[name="budget"]').fill("一百万");
    await form.locator('button[type="submit"]').click();
    await form.locator(".field-error").first().waitFor();

    await form.locator('input[name="budget"]').fill("654,321.09");
    await form.locator('input[name="headcount"]').fill("326");
    await form.locator('button[type="submit"]').click();
    await page.getByTestId("saved-notice").first().waitFor();
    expect(await form.locator(".field-error").count()).toBe(0);

    await page.reload();
    expect(await page.locator('form#budget input[name="budget"]').inputValue()).toBe("654321.09");
    await expect(page.getByTestId("budget-left").textContent()).resolves.toMatch(/¥/);
    await page.context().close();
  });

  it("off-platform spending: recorded, confirmed, and listed after reload", async () => {
    const page = await newPage(browser);
    await login(page, "hospital.buyer");
    await page.goto(`${BASE}/union/budget`);
    const form = page.locator("form#spending");
    const year = new Date().getFullYear();
    await form.locator('input[name="spentOn"]').fill(`${year}-03-08`);
    await form.locator('input[name="amount"]').fill("1,234.56");
    await form.locator('input[name="note"]').fill("三八节观影");
    await form.locator('button[type="submit"]').click();
    await page.getByTestId("saved-notice").first().waitFor();
    await page.reload();
    await page.locator("td", { hasText: "三八节观影" }).waitFor();
    await expect(page.locator("tr", { hasText: "三八节观影" }).textContent()).resolves.toContain("1,234.56");
    await page.context().close();
  });

  it("the federation's policy form: saved and shown after reload", async () => {
    const page = await newPage(browser);
    await login(page, "city.leader");
    await page.goto(`${BASE}/reports/policy`);
    await page.locator('input[name="targetPercent"]').fill("35");
    await page.locator('main button[type="submit"]').click();
    await page.getByTestId("saved-notice").waitFor();
    await page.reload();
    expect(await page.locator('input[name="targetPercent"]').inputValue()).toBe("35");
    // Put the demo policy back for the other browser tests.
    await page.locator('input[name="targetPercent"]').fill("30");
    await page.locator('main button[type="submit"]').click();
    await page.getByTestId("saved-notice").waitFor();
    await page.context().close();
  });
});
