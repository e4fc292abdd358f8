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

describe("paying by bank transfer", () => {
  it("shows the buyer where to transfer, and finance's exact match marks the order paid", async () => {
    const buyer = await newPage(browser);
    await login(buyer, "hospital.buyer");
    await buyer.goto(`${BASE}/union/orders`);
    // The seed leaves this union one placed, unpaid order awaiting its transfer.
    await buyer.getByTestId("union-orders").locator("tbody tr", { hasText: "进行中 · 未付款" }).first().locator("a").click();
    await buyer.waitForURL(/\/union\/orders\/\d+$/);
    await buyer.getByRole("link", { name: "付款" }).click();
    // Other browser tests may leave newer placed orders without transfer details yet: ask for them if needed.
    const ask = buyer.getByRole("button", { name: "生成对公转账信息" });
    await Promise.race([buyer.getByTestId("transfer-details").waitFor(), ask.waitFor()]);
    if (await ask.count()) await ask.click();
    await buyer.getByTestId("transfer-details").waitFor();
    const reference = (await buyer.getByTestId("reference-code").textContent())!.trim();
    const amount = (await buyer.getByTestId("transfer-details").locator("dd.font-semibold").textContent())!.replace(/[¥,\s]/g, "");
    expect(await seriousA11yViolations(buyer)).toEqual([]);
    await screenshot(buyer, "payment-instructions");

    const finance = await newPage(browser);
    await login(finance, "finance");
    await finance.getByTestId("pending-payments").locator("tr", { hasText: reference }).waitFor();
    await finance.fill("#referenceCode", reference);
    await finance.fill("#amount", amount);
    await finance.fill("#receivedOn", new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date()));
    await finance.fill("#bankReference", "ICBC-E2E-0001");
    await finance.fill("#payerName", "商州区人民医院工会");
    await finance.getByRole("button", { name: "登记", exact: true }).click();
    await finance.getByTestId("transfer-outcome").filter({ hasText: "订单已确认付款" }).waitFor();
    await expect.poll(() => finance.getByTestId("pending-payments").locator("tr", { hasText: reference }).count()).toBe(0);
    expect(await seriousA11yViolations(finance)).toEqual([]);
    await screenshot(finance, "finance");
    await finance.context().close();

    await buyer.reload();
    await buyer.getByTestId("payment-status").filter({ hasText: "已付款" }).waitFor();
    await buyer.context().close();
  });
});
