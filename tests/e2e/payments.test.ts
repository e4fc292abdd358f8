import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { BASE, launchBrowser, login, newPage, screenshot, seriousA11yViolations } from "./browser";
import { STRIPE_DOUBLE_PORT } from "./global-setup";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
const yuanOf = (text: string | null) => (text ?? "").replace(/[¥,\s]/g, "");

async function recordTransfer(finance: Page, fields: { reference: string; amount: string; bankReference: string }) {
  await finance.fill("#referenceCode", fields.reference);
  await finance.fill("#amount", fields.amount);
  await finance.fill("#receivedOn", today());
  await finance.fill("#bankReference", fields.bankReference);
  await finance.fill("#payerName", "商州区人民医院工会");
  await finance.getByRole("button", { name: "登记", exact: true }).click();
}

/** Opens the buyer's first placed, unpaid order and its payment page. */
async function openUnpaidOrder(buyer: Page) {
  await buyer.goto(`${BASE}/union/orders`);
  await buyer.getByTestId("union-orders").locator("tbody tr", { hasText: "进行中 · 未付款" }).first().locator("a").click();
  await buyer.waitForURL(/\/union\/orders\/\d+$/);
  await buyer.getByRole("link", { name: "付款" }).click();
  await buyer.getByTestId("balance").waitFor();
}

describe("paying by bank transfer, in parts", () => {
  it("adds two transfers up: the union sees what arrived and what is missing, then the order is paid", async () => {
    const buyer = await newPage(browser);
    await login(buyer, "hospital.buyer");
    await openUnpaidOrder(buyer);
    // Other browser tests may leave newer placed orders without transfer details yet: ask for them if needed.
    const request = buyer.getByRole("button", { name: "生成对公转账信息" });
    await Promise.race([buyer.getByTestId("transfer-details").waitFor(), request.waitFor()]);
    if (await request.count()) await request.click();
    await buyer.getByTestId("transfer-details").waitFor();
    const reference = (await buyer.getByTestId("reference-code").textContent())!.trim();
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const due = Math.round(Number(yuanOf(await buyer.getByTestId("transfer-details").locator("dd.font-semibold").textContent())) * 100);
    const first = Math.floor(due * 0.9);
    expect(await seriousA11yViolations(buyer)).toEqual([]);
    await screenshot(buyer, "payment-instructions");

    const finance = await newPage(browser);
    await login(finance, "finance");
    await finance.getByTestId("pending-payments").locator("tr", { hasText: reference }).waitFor();
    await recordTransfer(finance, { reference, amount: (first / 100).toFixed(2), bankReference: "ICBC-E2E-0001" });
    await finance.getByTestId("transfer-outcome").filter({ hasText: "尚缺" }).waitFor();

    await buyer.reload();
    await buyer.getByTestId("payment-status").filter({ hasText: "部分到账" }).waitFor();
    expect(yuanOf(await buyer.getByTestId("missing").textContent())).toBe(((due - first) / 100).toFixed(2));
    expect(await buyer.getByTestId("transfers").locator("li").count()).toBe(1);
    await screenshot(buyer, "payment-partly-received");

    await recordTransfer(finance, { reference, amount: ((due - first) / 100).toFixed(2), bankReference: "ICBC-E2E-0002" });
    await finance.getByTestId("transfer-outcome").filter({ hasText: "确认付款" }).waitFor();
    await expect.poll(() => finance.getByTestId("pending-payments").locator("tr", { hasText: reference }).count()).toBe(0);
    expect(await seriousA11yViolations(finance)).toEqual([]);
    await screenshot(finance, "finance");
    await finance.context().close();

    await buyer.reload();
    await buyer.getByTestId("payment-status").filter({ hasText: "已付款" }).waitFor();
    expect(await buyer.getByTestId("transfers").locator("li").count()).toBe(2);
    // A paid order offers no pay button any more, only its payment record.
    await buyer.goBack();
    await buyer.reload();
    expect(await buyer.getByRole("link", { name: "付款", exact: true }).count()).toBe(0);
    await buyer.context().close();
  });

  it("finance applies an unmatched transfer to an order and holds the rest", async () => {
    const finance = await newPage(browser);
    await login(finance, "finance");
    const row = finance.getByTestId("pending-payments").locator("tbody tr", { hasText: "商州税务局工会" }).first();
    const orderCode = (await row.locator("td").nth(1).textContent())!.trim();
    const missing = Math.round(Number(yuanOf(await row.locator("td").nth(5).textContent())) * 100);
    await recordTransfer(finance, { reference: "合并付款", amount: ((missing + 50_000) / 100).toFixed(2), bankReference: "ICBC-E2E-UNMATCHED" });
    await finance.getByTestId("transfer-outcome").filter({ hasText: "找不到" }).waitFor();
    const transfer = finance.getByTestId("open-transfer").filter({ hasText: "ICBC-E2E-UNMATCHED" });
    await transfer.locator('input[name="orderCode"]').fill(orderCode);
    await transfer.locator('input[name="amount"]').fill((missing / 100).toFixed(2));
    await transfer.getByRole("button", { name: "计入订单" }).click();
    await finance.getByTestId("finance-notice").filter({ hasText: "已计入订单" }).waitFor();
    await finance.reload();
    await expect.poll(() => finance.getByTestId("pending-payments").locator("tr", { hasText: orderCode }).count()).toBe(0);
    const left = finance.getByTestId("open-transfer").filter({ hasText: "ICBC-E2E-UNMATCHED" });
    expect(yuanOf(await left.locator("strong").textContent())).toContain("500.00");
    await left.locator('input[name="note"]').fill("工会要求抵下一单");
    await left.getByRole("button", { name: "暂存" }).click();
    await finance
      .getByTestId("finance-notice")
      .filter({ hasText: "已暂存" })
      .waitFor()
      .catch(async (error) => {
        await screenshot(finance, "debug-hold");
        throw error;
      });
    await finance.reload();
    await finance.getByTestId("open-transfer").filter({ hasText: "ICBC-E2E-UNMATCHED" }).locator(".badge-warn", { hasText: "暂存" }).waitFor();
    expect(await finance.getByTestId("open-transfer").filter({ hasText: "ICBC-E2E-UNMATCHED" }).textContent()).toContain("工会要求抵下一单");
    await finance.context().close();
  });
});

describe("paying by card", () => {
  it("sends the buyer to the hosted page and back; the order is paid from the webhook; a cancellation's refund shows on the finance queue", async () => {
    // 丹凤供电分公司工会 has a placed, unpaid order whose supplier has only confirmed it, so it can still be cancelled.
    const buyer = await newPage(browser, { mobile: true });
    await login(buyer, "df-03.buyer");
    await openUnpaidOrder(buyer);
    const orderUrl = buyer.url().replace(/\/payment$/, "");
    await buyer.getByRole("button", { name: "银行卡支付" }).click();
    await buyer.waitForURL(/\/pay\/cs_e2e_\d+$/);
    await buyer.getByTestId("checkout-amount").waitFor();
    await buyer.getByRole("button", { name: "Pay" }).click();
    await buyer.waitForURL(/\/payment\?checkout=success$/);
    await buyer.reload();
    await buyer.getByTestId("payment-status").filter({ hasText: "已付款" }).waitFor();
    expect(await buyer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(buyer)).toEqual([]);
    await screenshot(buyer, "payment-card-paid-mobile");

    // The union cancels the paid order: its refund is recorded with the cancellation and queued for the provider,
    // which refuses the first call.
    await fetch(`http://127.0.0.1:${STRIPE_DOUBLE_PORT}/__fail-refunds?count=1`, { method: "POST" });
    await buyer.goto(orderUrl);
    await buyer.fill("#reason", "活动取消");
    // Cancelling asks first: open the confirmation, then confirm.
    await buyer.locator("summary", { hasText: "取消订单" }).click();
    await buyer.getByRole("button", { name: "确定取消订单" }).click();
    await buyer.getByTestId("order-status").filter({ hasText: "已取消" }).waitFor();
    await buyer.context().close();

    const finance = await newPage(browser);
    await login(finance, "finance");
    const row = finance.getByTestId("refund-row").first();
    await row.filter({ hasText: "重试中" }).waitFor();
    await screenshot(finance, "finance-refund-queue");
    await row.getByRole("button", { name: "重试" }).click();
    await finance.getByTestId("finance-notice").filter({ hasText: "已重新排队" }).waitFor();
    await expect
      .poll(async () => {
        await finance.reload();
        return finance.getByTestId("refund-row").first().textContent();
      })
      .toContain("已提交");
    await finance.context().close();
  });
});
