// A county leader's bulletin for a chosen month as a PDF whose figures equal the dashboard's; the union budget
// page across years: next year's budget, a spend dated next year, its correction and its deletion (asked first).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
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

const now = new Date();
const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(now));
const thisMonth = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", month: "numeric" }).format(now));

function pdfText(file: string): string {
  const run = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  if (run.error) throw new Error("pdftotext not found: apt-get install -y poppler-utils (.ci/run does this)");
  return run.stdout;
}

describe("the monthly bulletin", () => {
  it("gives a county leader a PDF for a chosen month whose figures equal the dashboard's", async () => {
    const page = await newPage(browser);
    await login(page, "sz.leader");
    // The dashboard: its own month-by-month table and its year-over-year block.
    await page.getByTestId("yoy-table").waitFor();
    await page.getByText("以表格查看每月数据").click();
    const month = Math.max(1, Math.min(10, thisMonth));
    const monthly = await page.getByTestId("monthly-table").locator("tbody tr td:nth-child(2)").allTextContents();
    const toFen = (text: string) => Math.round(Number(text.replace(/[¥,\s]/g, "")) * 100);
    const monthFen = toFen(monthly[month - 1]);
    const ytdFen = monthly.slice(0, month).reduce((sum, text) => sum + toFen(text), 0);
    expect(ytdFen).toBeGreaterThan(0);
    // "Up one level" would lead a county leader to the city's report, which they may not see: it is not offered.
    await expect(page.getByTestId("up-link").count()).resolves.toBe(0);

    await page.getByRole("link", { name: "打印月度简报" }).click();
    await page.waitForURL(/\/bulletin/);
    await page.selectOption('select[name="month"]', String(month));
    await Promise.all([page.waitForURL(new RegExp(`month=${month}`)), page.getByRole("button", { name: "查看" }).click()]);
    const yuan = (fen: number) => `¥${(fen / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;
    await page
      .getByTestId("bulletin-month")
      .filter({ hasText: yuan(monthFen) })
      .waitFor();
    await expect(page.getByTestId("bulletin-ytd").textContent()).resolves.toBe(yuan(ytdFen));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "bulletin-county");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("bulletin-pdf").click()]);
    expect(download.suggestedFilename()).toBe(`bulletin-3-${year}-${String(month).padStart(2, "0")}.pdf`);
    const file = path.join(os.tmpdir(), `bulletin-${process.pid}.pdf`);
    await download.saveAs(file);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(file);
    expect(text).toContain(`${year} 年 ${month} 月`);
    expect(text).toContain("发布单位: 商州区总工会");
    expect(text).toContain(yuan(monthFen));
    expect(text).toContain(yuan(ytdFen));
    expect(text).toContain("商州人民医院工会");
    expect(text).toMatch(/落后单位/);
    fs.rmSync(file, { force: true });

    // Another county's bulletin is refused, as a page and as a PDF.
    const refused = await page.request.get(`${BASE}/reports/10/bulletin.pdf?year=${year}&month=${month}`);
    expect(refused.status()).toBe(403);
    await page.context().close();
  });
});

describe("drill-down", () => {
  it("keeps the chosen year from the county to a union, its paid orders, an order's lines and back", async () => {
    const page = await newPage(browser, { phone360: true });
    await login(page, "sz.leader");
    await page.goto(`${BASE}/reports?year=${year - 1}`);
    await page.getByTestId("children-table").locator("tbody tr a").first().click();
    await page.waitForURL(new RegExp(`/reports/\\d+\\?year=${year - 1}$`));
    await expect(page.getByTestId("up-link").getAttribute("href")).resolves.toBe(`/reports/3?year=${year - 1}`);
    await page.getByRole("link", { name: /已付款订单/ }).click();
    await page.waitForURL(new RegExp(`/orders\\?year=${year - 1}$`));
    await page.getByTestId("paid-orders").locator("tbody tr a").first().click();
    await page.waitForURL(new RegExp(`/reports/orders/\\d+\\?year=${year - 1}$`));
    await page.getByRole("link", { name: /^← / }).click();
    await page.waitForURL(new RegExp(`/orders\\?year=${year - 1}$`));
    await page.context().close();
  });
});

describe("budget years", () => {
  it("enters next year's budget, records a spend dated next year, corrects it and deletes it", async () => {
    const page = await newPage(browser, { phone360: true });
    await login(page, "hospital.chair");
    await page.goto(`${BASE}/union/budget`);
    await page.selectOption('[data-testid="budget-year"]', String(year + 1));
    await Promise.all([page.waitForURL(new RegExp(`year=${year + 1}`)), page.getByRole("button", { name: "查看" }).click()]);
    const budget = page.locator("form#budget");
    await budget.getByLabel("福利费预算（元）").fill("612345.60");
    await budget.getByLabel("会员人数").fill("341");
    await budget.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("saved-notice").filter({ hasText: "预算已保存" }).waitFor();
    await page.reload();
    await expect(page.locator("form#budget").getByLabel("福利费预算（元）").inputValue()).resolves.toBe("612345.60");

    // Seen from this year, a spend dated next January goes to next year, and the page says where.
    await page.goto(`${BASE}/union/budget?year=${year}`);
    const spend = page.locator("form#spending");
    await spend.getByLabel("日期").fill(`${year + 1}-01-05`);
    await spend.getByLabel("金额").fill("880");
    await spend.getByLabel("备注").fill("元旦慰问");
    await spend.getByRole("button", { name: "添加" }).click();
    await page
      .getByTestId("saved-notice")
      .filter({ hasText: `计入 ${year + 1} 年` })
      .waitFor();
    await page.goto(`${BASE}/union/budget?year=${year + 1}`);
    const row = page.getByTestId("spending-row").filter({ hasText: "元旦慰问" });
    await expect(row.textContent()).resolves.toContain("¥880.00");

    await row.getByText("更正").click();
    await row.getByLabel("金额").fill("990.50");
    await row.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("saved-notice").filter({ hasText: "已更正" }).waitFor();
    await page.reload();
    await expect(page.getByTestId("spending-row").filter({ hasText: "元旦慰问" }).textContent()).resolves.toContain("¥990.50");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "budget-next-year-phone");

    const again = page.getByTestId("spending-row").filter({ hasText: "元旦慰问" });
    await again.locator("summary", { hasText: "删除" }).click();
    await again.getByRole("button", { name: "确定删除" }).click();
    await page.getByTestId("saved-notice").filter({ hasText: "已删除" }).waitFor();
    await page.reload();
    await expect(page.getByTestId("spending-row").filter({ hasText: "元旦慰问" }).count()).resolves.toBe(0);

    // A past year is read-only: no forms.
    await page.goto(`${BASE}/union/budget?year=${year - 1}`);
    await expect(page.locator("main form[method='post']").count()).resolves.toBe(0);
    await expect(page.getByText(`${year - 1} 年已结束，只能查看。`).count()).resolves.toBe(1);
    await page.context().close();
  });
});
