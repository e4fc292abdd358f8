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

describe("a 320-member 中秋 gift pack", () => {
  it("is built by the buyer, approved by the chair, confirmed and shipped by both suppliers, received and rated", async () => {
    const buyer = await newPage(browser, { mobile: true });
    await login(buyer, "hospital.buyer");
    await buyer.goto(`${BASE}/union/orders/new`);
    await buyer.selectOption("#occasion", "MID_AUTUMN");
    await buyer.fill("#headcount", "320");
    // Codes from the catalog: P00002 商南红茶 礼盒 (tea.coop), P00011 秦岭百花蜜 500g (honey.coop).
    await buyer.fill("#productCode-0", "P00002");
    await buyer.fill("#quantity-0", "1");
    await buyer.fill("#productCode-1", "P00011");
    await buyer.fill("#quantity-1", "1");
    await buyer.fill("#recipient1", "商州区人民医院工会");
    await buyer.fill("#phone1", "0914-2311234");
    await buyer.fill("#address1", "商州区北新街 8 号 工会办公室");
    await buyer.click('button[name="intent"][value="preview"]');
    const preview = buyer.getByTestId("order-preview");
    await preview.waitFor();
    // 320 × (¥198 → ¥188.10 at ≥100) + 320 × (¥68 → ¥64.60) = ¥80,864.00
    await expect(buyer.getByTestId("preview-total").textContent()).resolves.toContain("¥80,864.00");
    await expect(buyer.getByTestId("effect-line").textContent()).resolves.toMatch(/\d+% → \d+%/);
    await expect(buyer.getByTestId("cap-line").textContent()).resolves.toContain("¥2,200.00");
    expect(await buyer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(buyer)).toEqual([]);
    await screenshot(buyer, "order-builder-mobile");
    await Promise.all([buyer.waitForURL(/\/union\/orders\/\d+$/), buyer.click('button[name="intent"][value="submit"]')]);
    const orderUrl = buyer.url();
    await buyer.getByTestId("order-status").filter({ hasText: "待审批" }).waitFor();
    expect(await seriousA11yViolations(buyer)).toEqual([]);

    const chair = await newPage(browser);
    await login(chair, "hospital.chair");
    await chair.goto(`${BASE}/union/approvals`);
    expect(await seriousA11yViolations(chair)).toEqual([]);
    const card = chair.getByTestId("approval").filter({ hasText: "¥80,864.00" });
    await card.getByRole("button", { name: "批准" }).click();
    await card.waitFor({ state: "detached" });
    await chair.context().close();

    for (const supplier of ["tea.coop", "honey.coop"]) {
      const page = await newPage(browser);
      await login(page, supplier);
      await page.goto(`${BASE}/supplier/orders`);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page
        .getByTestId("supplier-orders")
        .locator("tbody tr", { hasText: "商州人民医院工会" })
        .filter({ hasText: "待供应商确认" })
        .first()
        .locator("a")
        .click();
      await page.waitForURL(/\/supplier\/orders\/\d+$/);
      await page.getByRole("button", { name: "确认接单" }).click();
      await page.locator("#carrier").waitFor();
      await page.fill("#carrier", "中国邮政");
      await page.fill("#trackingNo", `YZ-${supplier}`);
      await page.getByRole("button", { name: "发货", exact: true }).click();
      await page.getByTestId("sub-status").filter({ hasText: "已发货" }).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.context().close();
    }

    await buyer.goto(orderUrl);
    for (const left of [1, 0]) {
      await buyer.getByRole("button", { name: "确认收货" }).first().click();
      await expect.poll(() => buyer.getByRole("button", { name: "确认收货" }).count()).toBe(left);
    }
    await buyer.getByTestId("order-status").filter({ hasText: "已完成" }).waitFor();
    await buyer.getByRole("button", { name: "提交评价" }).first().click();
    await expect.poll(() => buyer.getByRole("button", { name: "提交评价" }).count()).toBe(1);
    expect(await seriousA11yViolations(buyer)).toEqual([]);
    await screenshot(buyer, "order-completed-mobile");
    await buyer.context().close();
  });
});
