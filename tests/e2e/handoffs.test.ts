// Hand-offs that reach people: the chair is told an order waits, the buyer that it was approved; a complaint is
// answered with a replacement and accepted; an escalated complaint is decided by the county leader.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { BASE, launchBrowser, login, newPage, screenshot, seriousA11yViolations } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function markAllRead(page: Page) {
  await page.goto(`${BASE}/notifications`);
  const button = page.getByRole("button", { name: "全部标为已读" });
  if (await button.count()) {
    await button.click();
    await page.getByTestId("unread-count").waitFor({ state: "detached" });
  }
}

/** The buyer orders 320 tea boxes (above the ¥20,000 threshold) and returns the order page URL. */
async function placeTeaOrder(buyer: Page, note: string) {
  await buyer.goto(`${BASE}/union/orders/new`);
  await buyer.selectOption("#occasion", "MID_AUTUMN");
  await buyer.fill("#headcount", "320");
  await buyer.fill("#productCode-0", "P00002");
  await buyer.fill("#quantity-0", "1");
  await buyer.fill("#recipient1", "商州区人民医院工会");
  await buyer.fill("#phone1", "0914-2311234");
  await buyer.fill("#address1", "商州区北新街 8 号 工会办公室");
  await buyer.fill("#note", note);
  await Promise.all([buyer.waitForURL(/\/union\/orders\/\d+$/), buyer.click('button[name="intent"][value="submit"]')]);
  await buyer.locator("h1", { hasText: /订单 BF/ }).waitFor();
  return buyer.url();
}

describe("notifications", () => {
  it("shows the chair 1 unread in the nav; the chair approves from the notice; the buyer is told", async () => {
    const chair = await newPage(browser);
    await login(chair, "hospital.chair");
    await markAllRead(chair);
    const buyer = await newPage(browser);
    await login(buyer, "hospital.buyer");
    await markAllRead(buyer);
    const orderUrl = await placeTeaOrder(buyer, "请9月20日前送达");
    const code = (await buyer.locator("h1").textContent())!.replace(/^订单\s*/, "").trim();

    await chair.goto(`${BASE}/union`);
    await expect(chair.getByTestId("unread-count").textContent()).resolves.toBe("1");
    await chair.getByRole("link", { name: /^消息\s*1/ }).click();
    await chair.getByRole("heading", { name: "消息", exact: true }).waitFor();
    const notice = chair.getByTestId("notice").filter({ hasText: code });
    await expect(notice.textContent()).resolves.toContain("等待您审批");
    await Promise.all([chair.waitForURL(`${BASE}/union/approvals`), notice.getByRole("button", { name: "查看" }).click()]);
    // Opening the notice marked it read: the badge goes once the page's data is revalidated.
    await chair.getByTestId("unread-count").waitFor({ state: "detached" });
    const card = chair.getByTestId("approval").filter({ hasText: code });
    await expect(card.getByTestId("approval-effect").textContent()).resolves.toMatch(/人均.*帮扶采购占比 \d+(\.\d+)?% → \d+(\.\d+)?%/s);
    await expect(card.textContent()).resolves.toContain("请9月20日前送达");
    expect(await seriousA11yViolations(chair)).toEqual([]);
    await card.getByRole("button", { name: "批准" }).click();
    await card.waitFor({ state: "detached" });
    await chair.context().close();

    await buyer.reload();
    await expect(buyer.getByTestId("unread-count").textContent()).resolves.toBe("1");
    await buyer.goto(`${BASE}/notifications`);
    const approved = buyer.getByTestId("notice").filter({ hasText: code }).first();
    await expect(approved.textContent()).resolves.toContain("审批通过");
    await Promise.all([buyer.waitForURL(orderUrl), approved.getByRole("button", { name: "查看" }).click()]);
    await buyer.getByTestId("timeline").filter({ hasText: "审批通过" }).waitFor();
    await buyer.context().close();
  });

  it("saves e-mail preferences and reads them back after reload", async () => {
    const page = await newPage(browser);
    await login(page, "hospital.buyer");
    await page.goto(`${BASE}/notifications/settings`);
    await page.fill("#email", "not-an-address");
    await page.getByRole("checkbox", { name: "订单已审批通过" }).check();
    await page.getByRole("button", { name: "保存设置" }).click();
    await page.getByRole("alert").filter({ hasText: "有效的电子邮箱" }).waitFor();
    await page.fill("#email", "wang@hospital.example");
    // Reload only after the save's response has arrived, so the reload cannot cut the post short.
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/notifications/settings") && r.status() === 200),
      page.getByRole("button", { name: "保存设置" }).click(),
    ]);
    await page.getByTestId("saved").waitFor();
    await page.reload();
    await expect(page.inputValue("#email")).resolves.toBe("wang@hospital.example");
    await expect(page.getByRole("checkbox", { name: "订单已审批通过" }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole("checkbox", { name: "新订单" }).isChecked()).resolves.toBe(false);
    await page.context().close();
  });
});

describe("after-sales", () => {
  async function shippedAndDisputed(note: string) {
    const buyer = await newPage(browser);
    await login(buyer, "hospital.buyer");
    const orderUrl = await placeTeaOrder(buyer, note);
    const chair = await newPage(browser);
    await login(chair, "hospital.chair");
    await chair.goto(`${BASE}/union/approvals`);
    const code = (await buyer.locator("h1").textContent())!.replace(/^订单\s*/, "").trim();
    const card = chair.getByTestId("approval").filter({ hasText: code });
    await card.getByRole("button", { name: "批准" }).click();
    await card.waitFor({ state: "detached" });
    await chair.context().close();

    const tea = await newPage(browser);
    await login(tea, "tea.coop");
    await tea.goto(`${BASE}/supplier/orders`);
    await tea.getByTestId("supplier-orders").locator("tbody tr", { hasText: code }).locator("a").first().click();
    await tea.waitForURL(/\/supplier\/orders\/\d+$/);
    const subOrderUrl = tea.url();
    await tea.getByTestId("order-note").filter({ hasText: note }).waitFor();
    await tea.getByTestId("delivery-addresses").filter({ hasText: "0914-2311234" }).waitFor();
    await tea.getByRole("button", { name: "确认接单" }).click();
    await tea.locator("#carrier").waitFor();
    await tea.fill("#carrier", "中国邮政");
    await tea.fill("#trackingNo", "YZ-TEA-1");
    await tea.getByRole("button", { name: "发货", exact: true }).click();
    await tea.getByTestId("sub-status").filter({ hasText: "已发货" }).waitFor();

    await buyer.goto(orderUrl);
    await buyer.selectOption('select[name="result"]', "complaint");
    await buyer.fill('input[name="complaintText"]', "十二盒茶叶受潮");
    await buyer.setInputFiles('input[name="photo"]', path.resolve("tests/e2e/fixtures/walnut.png"));
    await buyer.getByRole("button", { name: "确认收货" }).click();
    await buyer.getByTestId("complaint").filter({ hasText: "十二盒茶叶受潮" }).waitFor();
    await buyer.getByTestId("order-status").filter({ hasText: "进行中" }).waitFor(); // not complete while the complaint is open
    return { buyer, tea, orderUrl, subOrderUrl, code };
  }

  it("the supplier answers with a replacement, the union accepts, and the order completes", async () => {
    const { buyer, tea, orderUrl, subOrderUrl } = await shippedAndDisputed("补发测试");
    await tea.goto(subOrderUrl);
    const complaint = tea.getByTestId("complaint").filter({ hasText: "十二盒茶叶受潮" });
    await expect(complaint.locator("img").count()).resolves.toBe(1);
    await complaint.getByLabel("供应商答复").fill("抱歉，补发十二盒");
    await complaint.getByLabel("处理方案").selectOption("REPLACEMENT");
    await complaint.getByLabel("运单号（补发时填写）").fill("SF-REPLACE-12");
    await complaint.getByLabel("物流公司（补发时填写）").fill("顺丰");
    await complaint.getByRole("button", { name: "提交答复" }).click();
    await tea.getByTestId("complaint").filter({ hasText: "供应商已答复" }).waitFor();
    await tea.reload();
    await expect(tea.getByTestId("complaint").textContent()).resolves.toContain("SF-REPLACE-12");
    await tea.context().close();

    await buyer.goto(orderUrl);
    await expect(buyer.getByTestId("unread-count").count()).resolves.toBe(1);
    const answered = buyer.getByTestId("complaint");
    await expect(answered.getByTestId("complaint-remedy").textContent()).resolves.toContain("补发/换货");
    await answered.getByRole("button", { name: "接受方案" }).click();
    await buyer.getByTestId("complaint").filter({ hasText: "已处理完毕" }).waitFor();
    await buyer.reload();
    await buyer.getByTestId("order-status").filter({ hasText: "已完成" }).waitFor();
    await buyer.getByTestId("timeline").filter({ hasText: "接受处理方案" }).waitFor();
    expect(await seriousA11yViolations(buyer)).toEqual([]);
    await buyer.context().close();
  });

  it("the union escalates; the county leader sees the photo and decides", async () => {
    const { buyer, tea, orderUrl, code } = await shippedAndDisputed("裁定测试");
    await tea.context().close();
    await buyer.goto(orderUrl);
    const complaint = buyer.getByTestId("complaint");
    await complaint.getByLabel("提交裁定的理由").fill("供应商迟迟不答复");
    await complaint.getByRole("button", { name: "不同意，提交县级工会裁定" }).click();
    await buyer.getByTestId("complaint").filter({ hasText: "已提交县级工会裁定" }).waitFor();

    const leader = await newPage(browser);
    await login(leader, "sz.leader");
    await leader.goto(`${BASE}/complaints`);
    await leader.getByTestId("leader-complaint").filter({ hasText: code }).getByRole("link").click();
    await leader.waitForURL(/\/complaints\/\d+$/);
    const img = leader.getByTestId("complaint").locator("img");
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    // The order is unpaid, so a refund is refused with a clear message; a replacement is decided instead.
    await leader.getByLabel("处理方案").selectOption("PARTIAL_REFUND");
    await leader
      .getByLabel(/退款数量/)
      .first()
      .fill("12");
    await leader.getByRole("button", { name: "作出裁定" }).click();
    await leader.getByRole("alert").filter({ hasText: "尚未付款" }).waitFor();
    await leader.getByLabel("处理方案").selectOption("REPLACEMENT");
    await leader.getByLabel("裁定说明").fill("补发十二盒");
    await leader.getByRole("button", { name: "作出裁定" }).click();
    await leader.getByTestId("complaint").filter({ hasText: "已处理完毕" }).waitFor();
    await leader.reload();
    await expect(leader.getByTestId("complaint").textContent()).resolves.toContain("补发十二盒");
    expect(await seriousA11yViolations(leader)).toEqual([]);
    await leader.context().close();

    await buyer.reload();
    await buyer.getByTestId("complaint").filter({ hasText: "已处理完毕" }).waitFor();
    await buyer.getByTestId("order-status").filter({ hasText: "已完成" }).waitFor();
    await buyer.context().close();
  });
});

describe("looks right on a phone, in English", () => {
  it("renders the inbox and an order's story at 360 px", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await login(page, "hospital.buyer");
    await page.getByRole("button", { name: "English" }).click();
    await page.goto(`${BASE}/notifications`);
    await page.getByRole("heading", { name: "Notices" }).waitFor();
    await screenshot(page, "notifications-en-360");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, "notifications-en-360");
    await page.getByTestId("notice").first().getByRole("button", { name: "Open" }).click();
    await page.waitForURL(/\/union\/orders\/\d+/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, "order-story-en-360");
    await context.close();
  });
});

describe("reminders", () => {
  it("a county leader reminds a lagging unit, sees when it was reminded, and switches on the monthly reminder", async () => {
    const leader = await newPage(browser);
    await login(leader, "sz.leader");
    await leader.goto(`${BASE}/reports`);
    await leader.getByTestId("reminders-link").click();
    await leader.waitForURL(/\/reports\/\d+\/reminders/);
    const row = leader.getByTestId("reminder-unit").filter({ hasText: "从未" }).first();
    const unitName = (await row.locator("td").nth(1).textContent())!.replace("零采购", "").trim();
    await leader.getByRole("button", { name: "发送提醒" }).click();
    await leader.getByRole("alert").filter({ hasText: "请至少选择一个单位" }).waitFor();
    await leader.getByRole("checkbox", { name: `选择 ${unitName}` }).check();
    await leader.fill("#template", "截至{date}，{unit}帮扶采购占比{share}，距目标还差{gap}。");
    await leader.getByRole("button", { name: "发送提醒" }).click();
    await leader.getByTestId("reminder-message").filter({ hasText: "已向 1 个单位发送提醒" }).waitFor();
    await leader.reload();
    const reminded = leader.getByTestId("reminder-unit").filter({ hasText: unitName });
    await expect(reminded.getByTestId("last-reminded").textContent()).resolves.toContain("7 天内已提醒");
    await expect(reminded.getByTestId("bought-since").textContent()).resolves.toBe("否");

    await leader.getByRole("checkbox", { name: "开启每月自动提醒" }).check();
    await leader.getByRole("button", { name: "保存自动提醒设置" }).click();
    await leader.getByTestId("reminder-message").filter({ hasText: "自动提醒设置已保存" }).waitFor();
    await leader.reload();
    await expect(leader.getByRole("checkbox", { name: "开启每月自动提醒" }).isChecked()).resolves.toBe(true);
    expect(await seriousA11yViolations(leader)).toEqual([]);
    await leader.setViewportSize({ width: 360, height: 800 });
    await screenshot(leader, "reminders-360");
    await leader.context().close();
  });
});

describe("messages", () => {
  it("the union writes to a supplier about its part; the supplier is told, replies, and the union reads it after reload", async () => {
    const buyer = await newPage(browser);
    await login(buyer, "hospital.buyer");
    const orderUrl = await placeTeaOrder(buyer, "留言测试");
    const code = (await buyer.locator("h1").textContent())!.replace(/^订单\s*/, "").trim();
    const chair = await newPage(browser);
    await login(chair, "hospital.chair");
    await chair.goto(`${BASE}/union/approvals`);
    const card = chair.getByTestId("approval").filter({ hasText: code });
    await card.getByRole("button", { name: "批准" }).click();
    await card.waitFor({ state: "detached" });
    await chair.context().close();

    await buyer.goto(orderUrl);
    const thread = buyer.getByTestId("thread").first();
    await thread.getByLabel("留言").fill("请问能否9月18日前送到？");
    await thread.getByRole("button", { name: "发送留言" }).click();
    await buyer.getByTestId("message").filter({ hasText: "9月18日" }).waitFor();

    const tea = await newPage(browser);
    await login(tea, "tea.coop");
    await tea.goto(`${BASE}/notifications`);
    const notice = tea.getByTestId("notice").filter({ hasText: "9月18日" }).first();
    await Promise.all([tea.waitForURL(/\/supplier\/orders\/\d+$/), notice.getByRole("button", { name: "查看" }).click()]);
    const reply = tea.getByTestId("thread");
    await reply.getByLabel("留言").fill("可以，17日发货");
    await reply.getByLabel("附照片（可选）").setInputFiles(path.resolve("tests/e2e/fixtures/walnut.png"));
    await reply.getByRole("button", { name: "发送留言" }).click();
    await tea.getByTestId("message").filter({ hasText: "17日发货" }).waitFor();
    await tea.context().close();

    await buyer.reload();
    const answer = buyer.getByTestId("message").filter({ hasText: "17日发货" });
    await expect.poll(() => answer.locator("img").evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await seriousA11yViolations(buyer)).toEqual([]);
    await buyer.context().close();
  });
});

describe("split delivery", () => {
  it("the supplier ships each address with its own tracking number; the union confirms one address arrived", async () => {
    const buyer = await newPage(browser);
    await login(buyer, "hospital.buyer");
    await buyer.goto(`${BASE}/union/orders/new`);
    await buyer.selectOption("#occasion", "MID_AUTUMN");
    await buyer.fill("#headcount", "100");
    await buyer.fill("#productCode-0", "P00002");
    await buyer.fill("#quantity-0", "1");
    await buyer.fill("#split-0", "40");
    await buyer.fill("#recipient1", "商州区人民医院工会");
    await buyer.fill("#phone1", "0914-2311234");
    await buyer.fill("#address1", "商州区北新街 8 号");
    await buyer.fill("#recipient2", "分院工会 张老师");
    await buyer.fill("#phone2", "0914-2311999");
    await buyer.fill("#address2", "商州区江滨路 2 号");
    await Promise.all([buyer.waitForURL(/\/union\/orders\/\d+$/), buyer.click('button[name="intent"][value="submit"]')]);
    await buyer.locator("h1", { hasText: /订单 BF/ }).waitFor();
    const orderUrl = buyer.url();
    const code = (await buyer.locator("h1").textContent())!.replace(/^订单\s*/, "").trim();
    await expect(buyer.getByTestId("line-split").first().textContent()).resolves.toMatch(/60.*40/);

    const tea = await newPage(browser);
    await login(tea, "tea.coop");
    await tea.goto(`${BASE}/supplier/orders`);
    await tea.getByTestId("supplier-orders").locator("tbody tr", { hasText: code }).locator("a").first().click();
    await tea.waitForURL(/\/supplier\/orders\/\d+$/);
    await tea.getByTestId("delivery-addresses").filter({ hasText: "0914-2311999" }).waitFor();
    await tea.getByRole("button", { name: "确认接单" }).click();
    await tea.locator("#carrier").waitFor();
    await tea.fill("#carrier", "顺丰");
    await tea.fill("#trackingNo", "SF-ADDR-1");
    await tea.getByLabel(/收货地址 2 的运单号/).fill("SF-ADDR-2");
    await tea.getByRole("button", { name: "发货", exact: true }).click();
    await tea.getByTestId("shipments").filter({ hasText: "SF-ADDR-2" }).waitFor();
    await tea.context().close();

    await buyer.goto(orderUrl);
    const second = buyer.getByTestId("shipments").locator("li", { hasText: "SF-ADDR-2" });
    await second.getByRole("button", { name: "此地址已收到" }).click();
    await buyer.getByTestId("shipments").locator("li", { hasText: "SF-ADDR-2" }).filter({ hasText: "已收到" }).waitFor();
    await buyer.reload();
    await expect(buyer.getByTestId("shipments").locator("li", { hasText: "SF-ADDR-1" }).getByRole("button", { name: "此地址已收到" }).count()).resolves.toBe(1);
    await expect(buyer.getByTestId("shipments").locator("li", { hasText: "SF-ADDR-2" }).textContent()).resolves.toContain("已收到");
    expect(await seriousA11yViolations(buyer)).toEqual([]);
    await buyer.context().close();
  });
});
