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

// BF2026-000505 is the demo union's open order; 商南县试马镇茶叶专业合作社 (tea.coop) supplies part of it.
const ORDER = "BF2026-000505";
const TEA = "商南县试马镇茶叶专业合作社";

describe("invoices and exports for the union's accountant", () => {
  it("the union requests an invoice, the supplier uploads it, the union sees its number and downloads the order export", async () => {
    const buyer = await newPage(browser);
    await login(buyer, "hospital.buyer");
    await buyer.goto(`${BASE}/union/orders`);
    await buyer.getByRole("link", { name: ORDER }).click();
    await buyer.waitForURL(/\/union\/orders\/\d+$/);
    const part = buyer.getByTestId("sub-order").filter({ hasText: TEA });
    const request = part.getByTestId("invoice-request");
    await request.locator('input[name="taxNumber"]').fill("12345678");
    await request.locator('input[name="email"]').fill("caiwu@szrmyy.cn");
    await request.getByRole("button", { name: "申请发票" }).click();
    await buyer.getByRole("alert").filter({ hasText: "纳税人识别号" }).waitFor();
    await buyer.getByTestId("sub-order").filter({ hasText: TEA }).getByTestId("invoice-request").locator('input[name="taxNumber"]').fill("12611002MB2938475X");
    await buyer.getByTestId("sub-order").filter({ hasText: TEA }).getByTestId("invoice-request").locator('input[name="email"]').fill("caiwu@szrmyy.cn");
    await buyer.getByTestId("sub-order").filter({ hasText: TEA }).getByRole("button", { name: "申请发票" }).click();
    // The page shows the new state once the action has answered; then it must still be there after a reload.
    await buyer.getByTestId("sub-order").filter({ hasText: TEA }).getByTestId("invoice-state").waitFor();
    await buyer.reload();
    await buyer.getByTestId("sub-order").filter({ hasText: TEA }).getByTestId("invoice-state").filter({ hasText: "已申请" }).waitFor();

    const supplier = await newPage(browser, { mobile: true });
    await login(supplier, "tea.coop");
    await supplier.goto(`${BASE}/supplier/orders`);
    await supplier.getByRole("link", { name: ORDER }).first().click();
    await supplier.getByTestId("supplier-invoice").waitFor();
    await supplier.fill("#invoiceNumber", "25612000000000505001");
    await supplier.setInputFiles("#invoiceFile", {
      name: "fapiao.png.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
    });
    await supplier.getByRole("button", { name: "开具发票" }).click();
    await supplier.getByRole("alert").filter({ hasText: "PDF 或 OFD" }).waitFor();
    await supplier.fill("#invoiceNumber", "25612000000000505001");
    await supplier.setInputFiles("#invoiceFile", {
      name: "fapiao.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
    });
    await supplier.getByRole("button", { name: "开具发票" }).click();
    await supplier.getByTestId("invoice-issued").waitFor();
    await supplier.reload();
    await supplier.getByTestId("invoice-issued").filter({ hasText: "25612000000000505001" }).waitFor();
    expect(await supplier.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(supplier)).toEqual([]);
    await screenshot(supplier, "supplier-invoice-mobile");
    await supplier.context().close();

    await buyer.reload();
    const issued = buyer.getByTestId("sub-order").filter({ hasText: TEA }).getByTestId("invoice-state");
    await issued.filter({ hasText: "25612000000000505001" }).waitFor();
    const [file] = await Promise.all([buyer.waitForEvent("download"), issued.getByRole("link", { name: "下载发票" }).click()]);
    expect(fs.readFileSync((await file.path())!, "utf8")).toMatch(/^%PDF-/);

    await buyer.goto(`${BASE}/union/orders`);
    const exportForm = buyer.getByTestId("orders-export");
    await exportForm.locator("#export-from").fill("2026-01-01");
    const [download] = await Promise.all([buyer.waitForEvent("download"), exportForm.getByRole("button", { name: "导出 CSV" }).click()]);
    const csv = fs.readFileSync((await download.path())!, "utf8");
    expect(csv).toContain("发票号码");
    expect(csv.split(/\r?\n/).filter((l) => l.includes(ORDER) && l.includes("25612000000000505001")).length).toBeGreaterThan(0);
    const [xlsx] = await Promise.all([buyer.waitForEvent("download"), exportForm.getByRole("button", { name: "导出 Excel" }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(await seriousA11yViolations(buyer)).toEqual([]);
    await buyer.context().close();
  });
});

describe("a supplier's money", () => {
  it("shows totals and a settlement statement, and saves the payment rule", async () => {
    const supplier = await newPage(browser);
    await login(supplier, "tea.coop");
    await supplier.goto(`${BASE}/supplier/settlements`);
    await supplier.getByTestId("supplier-totals").waitFor();
    await supplier.getByTestId("settled").getByRole("link", { name: "对账单" }).first().click();
    await supplier.getByTestId("statement-total").waitFor();
    expect(await supplier.getByTestId("statement-total").textContent()).toMatch(/¥[\d,]+\.\d{2}/);
    await supplier.goBack();
    await supplier.selectOption("#terms-select", "PAY_WITHIN_DAYS");
    await supplier.fill("#dueDays", "400");
    await supplier.getByRole("button", { name: "保存规则" }).click();
    await supplier.locator("#dueDays-error, [role=alert]").first().waitFor();
    await supplier.fill("#dueDays", "15");
    await supplier.getByRole("button", { name: "保存规则" }).click();
    await supplier.getByTestId("saved-notice").waitFor();
    await supplier.reload();
    expect(await supplier.inputValue("#dueDays")).toBe("15");
    expect(await seriousA11yViolations(supplier)).toEqual([]);
    await screenshot(supplier, "supplier-settlements");
    await supplier.context().close();
  });
});
