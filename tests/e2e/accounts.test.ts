// Accounts, organisation administration and the audit trail in the browser (issue 14).
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { BASE, DEMO_PASSWORD, launchBrowser, login, logout, newPage, screenshot, seriousA11yViolations } from "./browser";
import { MAIL_DIR } from "./global-setup";
import { waitForMail } from "./mail-capture";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A 360 px phone in English, for the screenshots a person looks at. */
async function englishPhone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(`${BASE}/`);
  await page.click('form[action="/lang"] button:visible');
  await page.waitForLoadState("load");
  return { context, page };
}

/** Clicks, waits for the action's answer and the page's revalidation, then for the confirmation (ADR 0103). */
async function saved(page: Page, click: () => Promise<void>, confirmation: string | RegExp) {
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), click()]);
  await page.waitForLoadState("networkidle");
  await page.getByTestId("saved-notice").filter({ hasText: confirmation }).first().waitFor();
}

async function submit(page: Page, form: string, confirmation: string | RegExp) {
  await saved(page, () => page.locator(form).locator('button[type="submit"]').first().click(), confirmation);
}

describe("password reset by an administrator", () => {
  it("an admin issues a temporary password and the buyer sets a new one at first sign-in", async () => {
    const admin = await newPage(browser);
    await login(admin, "admin");
    await admin.goto(`${BASE}/manage/users?q=sz-03.buyer`);
    await Promise.all([admin.waitForURL(/\/manage\/users\/\d+$/), admin.getByRole("link", { name: "sz-03.buyer" }).click()]);
    await admin.waitForLoadState("networkidle");
    await admin.getByRole("button", { name: "生成临时密码" }).click();
    const temporary = (await admin.getByTestId("issued-secret").textContent())!.trim();
    expect(temporary).toHaveLength(12);
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await admin.context().close();

    const buyer = await newPage(browser);
    await login(buyer, "sz-03.buyer", temporary);
    expect(new URL(buyer.url()).pathname).toBe("/account/password");
    await buyer.goto(`${BASE}/union/orders`);
    expect(new URL(buyer.url()).pathname).toBe("/account/password");
    await buyer.fill('input[name="currentPassword"]', temporary);
    // On the list of the 10,000 most common passwords, though 10 characters long.
    await buyer.fill('input[name="newPassword"]', "qwertyuiop");
    await buyer.fill('input[name="confirmPassword"]', "qwertyuiop");
    await buyer.click('main button[type="submit"]');
    await expect(buyer.getByRole("alert").first().textContent()).resolves.toContain("常见密码");
    await buyer.fill('input[name="currentPassword"]', temporary);
    await buyer.fill('input[name="newPassword"]', "honey-from-danfeng-8");
    await buyer.fill('input[name="confirmPassword"]', "honey-from-danfeng-8");
    await Promise.all([buyer.waitForURL(`${BASE}/union`), buyer.click('main button[type="submit"]')]);
    await buyer.reload();
    expect(new URL(buyer.url()).pathname).toBe("/union");
    await logout(buyer);
    await login(buyer, "sz-03.buyer", "honey-from-danfeng-8");
    expect(new URL(buyer.url()).pathname).toBe("/union");
    await buyer.context().close();
  });

  it("a county leader issues a reset link; the link sets a password once", async () => {
    const leader = await newPage(browser);
    await login(leader, "sz.leader");
    await leader.goto(`${BASE}/manage/users?q=sz-04.buyer`);
    await Promise.all([leader.waitForURL(/\/manage\/users\/\d+$/), leader.getByRole("link", { name: "sz-04.buyer" }).click()]);
    await leader.waitForLoadState("networkidle");
    await leader.getByRole("button", { name: "生成重置链接" }).click();
    const link = (await leader.getByTestId("issued-secret").textContent())!.trim();
    expect(link).toContain("/reset/");
    await leader.context().close();

    const { context, page } = await englishPhone();
    await page.goto(link);
    await page.fill('input[name="newPassword"]', "shiitake-forest-12");
    await page.fill('input[name="confirmPassword"]', "shiitake-forest-12");
    await screenshot(page, "accounts-reset-link-360-en");
    await Promise.all([page.waitForURL(/\/login\?reset=done/), page.click('main button[type="submit"]')]);
    await expect(page.getByTestId("saved-notice").textContent()).resolves.toContain("New password set");
    await page.goto(link);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("already used");
    await login(page, "sz-04.buyer", "shiitake-forest-12");
    expect(new URL(page.url()).pathname).toBe("/union");
    await context.close();
  });
});

describe("password reset by e-mail (SMTP_URL set: the mail goes to the test's SMTP server)", () => {
  it("a buyer asks for a reset on the sign-in page, opens the mailed link, sets a password and signs in with it", async () => {
    // The buyer puts an e-mail address on file first.
    const buyer = await newPage(browser);
    await login(buyer, "za-02.buyer");
    await buyer.goto(`${BASE}/account`);
    await buyer.fill('input[name="email"]', "za02.buyer@example.cn");
    await submit(buyer, "form#profile", "资料已保存");
    await logout(buyer);

    const { context, page } = await englishPhone();
    await page.goto(`${BASE}/login`);
    await screenshot(page, "accounts-login-forgot-link-360-en");
    await Promise.all([page.waitForURL(`${BASE}/forgot-password`), page.getByRole("link", { name: "Forgot your password?" }).click()]);
    const since = Date.now();
    await page.fill('input[name="identifier"]', "za-02.buyer");
    await screenshot(page, "accounts-forgot-password-360-en");
    await saved(page, () => page.click('main button[type="submit"]'), "If an account matches");
    await screenshot(page, "accounts-forgot-password-sent-360-en");
    expect(await seriousA11yViolations(page)).toEqual([]);
    // An unknown name gets the very same answer.
    await page.fill('input[name="identifier"]', "nobody.at.all");
    await saved(page, () => page.click('main button[type="submit"]'), "If an account matches");

    const mail = await waitForMail(MAIL_DIR, "za02.buyer@example.cn", since);
    expect(mail).toContain("za-02.buyer");
    const link = mail.match(/http:\/\/\S+\/reset\/[A-Za-z0-9_-]+/)?.[0];
    expect(link).toBeTruthy();
    await page.goto(link!);
    await page.fill('input[name="newPassword"]', "persimmon-in-autumn-5");
    await page.fill('input[name="confirmPassword"]', "persimmon-in-autumn-5");
    await Promise.all([page.waitForURL(/\/login\?reset=done/), page.click('main button[type="submit"]')]);
    await page.reload();
    await expect(page.getByTestId("saved-notice").textContent()).resolves.toContain("New password set");
    await page.goto(link!);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("already used");
    await login(page, "za-02.buyer", "persimmon-in-autumn-5");
    expect(new URL(page.url()).pathname).toBe("/union");
    await page.reload();
    expect(new URL(page.url()).pathname).toBe("/union");
    await context.close();
    await buyer.context().close();
  });
});

describe("self-service at /account", () => {
  it("edits the profile and language, changes the password, ends another session — each read back after reload", async () => {
    const other = await newPage(browser);
    await login(other, "sz-05.buyer");
    const { context, page } = await englishPhone();
    await login(page, "sz-05.buyer");
    await page.goto(`${BASE}/account`);
    await page.waitForLoadState("networkidle");
    await page.fill('input[name="name"]', "Wang Jing");
    await page.fill('input[name="phone"]', "13900001111");
    await page.fill('input[name="email"]', "wang@example.cn");
    await submit(page, "form#profile", "Profile saved");
    await page.reload();
    expect(await page.inputValue('input[name="name"]')).toBe("Wang Jing");
    expect(await page.inputValue('input[name="email"]')).toBe("wang@example.cn");
    await page.selectOption('select[name="locale"]', "zh-CN");
    await submit(page, "form#language", "语言已保存");
    await page.reload();
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    expect(await page.inputValue('select[name="locale"]')).toBe("zh-CN");
    await page.goto(`${BASE}/account`);
    await page.waitForLoadState("networkidle");
    await page.selectOption('select[name="locale"]', "en");
    await submit(page, "form#language", "Language saved");
    await page.reload();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await expect(page.getByTestId("session-row").count()).resolves.toBe(2);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "accounts-account-360-en");
    await saved(page, () => page.getByRole("button", { name: "Sign out this device" }).click(), "That device was signed out");
    await page.reload();
    await expect(page.getByTestId("session-row").count()).resolves.toBe(1);
    await other.goto(`${BASE}/union`);
    expect(new URL(other.url()).pathname).toBe("/login");
    await page.getByRole("link", { name: "Change password" }).click();
    await page.fill('input[name="currentPassword"]', DEMO_PASSWORD);
    await page.fill('input[name="newPassword"]', "walnut-luonan-2026");
    await page.fill('input[name="confirmPassword"]', "walnut-luonan-2026");
    await screenshot(page, "accounts-password-360-en");
    await Promise.all([page.waitForURL(/\/account\?password=changed/), page.click('main button[type="submit"]')]);
    await page.reload();
    await expect(page.getByTestId("saved-notice").textContent()).resolves.toContain("Password changed");
    await logout(page);
    await login(page, "sz-05.buyer", "walnut-luonan-2026");
    expect(new URL(page.url()).pathname).toBe("/union");
    await context.close();
    await other.context().close();
  });
});

describe("user and organisation administration", () => {
  it("a county leader adds and removes a role, deactivates and reactivates a user", async () => {
    const { context, page } = await englishPhone();
    await login(page, "sz.leader");
    await page.goto(`${BASE}/manage/users?q=sz-06.chair`);
    await screenshot(page, "accounts-users-360-en");
    await Promise.all([page.waitForURL(/\/manage\/users\/\d+$/), page.getByRole("link", { name: "sz-06.chair" }).click()]);
    await page.waitForLoadState("networkidle");
    const userUrl = page.url();
    await page.selectOption('select[name="orgId"]', { label: (await page.locator("[data-testid=membership-row] td").first().textContent())!.trim() });
    await page.selectOption('select[name="role"]', "BUYER");
    await submit(page, "form#add-membership", "Role added");
    await page.reload();
    await expect(page.getByTestId("membership-row").count()).resolves.toBe(2);
    await saved(page, () => page.getByTestId("membership-row").nth(1).getByRole("button", { name: "Remove" }).click(), "Role removed");
    await page.reload();
    await expect(page.getByTestId("membership-row").count()).resolves.toBe(1);
    await saved(page, () => page.getByRole("button", { name: "Deactivate account" }).click(), /deactivated/i);
    await page.reload();
    await expect(page.getByTestId("user-status").textContent()).resolves.toBe("Deactivated");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "accounts-user-360-en");
    const chair = await newPage(browser);
    await chair.goto(`${BASE}/login`);
    await chair.fill('input[name="username"]', "sz-06.chair");
    await chair.fill('input[name="password"]', DEMO_PASSWORD);
    await chair.click('main button[type="submit"]');
    await expect(chair.getByRole("alert").first().textContent()).resolves.toContain("用户名或密码不正确");
    await page.goto(userUrl);
    await saved(page, () => page.getByRole("button", { name: "Reactivate account" }).click(), /reactivated/i);
    await login(chair, "sz-06.chair");
    expect(new URL(chair.url()).pathname).toBe("/union");
    await chair.context().close();
    await context.close();
  });

  it("the admin creates two unions; the city leader edits one, moves it to another county and merges the other into it", async () => {
    const admin = await newPage(browser);
    await login(admin, "admin");
    for (const [name, code] of [
      ["商州区测试甲工会", "SZ-T1"],
      ["商州区测试乙工会", "SZ-T2"],
    ]) {
      await admin.goto(`${BASE}/admin`);
      await admin.waitForLoadState("networkidle");
      await admin.selectOption("#create-organization-kind", "GRASSROOTS");
      await admin.selectOption("#create-organization-parentId", { label: "商州区总工会" });
      await admin.fill("#create-organization-name", name);
      await admin.fill("#create-organization-code", code);
      await Promise.all([
        admin.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/admin")),
        admin.click('form#create-organization button[type="submit"]'),
      ]);
      await admin.waitForLoadState("networkidle");
    }
    await admin.context().close();

    const { context, page } = await englishPhone();
    await login(page, "city.leader");
    await page.goto(`${BASE}/manage/orgs?q=SZ-T1`);
    await Promise.all([page.waitForURL(/\/manage\/orgs\/\d+$/), page.getByRole("link", { name: "商州区测试甲工会" }).click()]);
    await page.waitForLoadState("networkidle");
    const orgUrl = page.url();
    await page.fill('input[name="contactName"]', "赵联系");
    await page.fill('input[name="headcount"]', "120");
    await page.fill('input[name="approvalThreshold"]', "30000");
    await submit(page, "form#org-edit", "Saved");
    await page.reload();
    expect(await page.inputValue('input[name="headcount"]')).toBe("120");
    expect(await page.inputValue('input[name="approvalThreshold"]')).toBe("30000.00");
    await page.selectOption('select[name="countyId"]', { label: "洛南县总工会" });
    await submit(page, "form#org-move", "Moved");
    await page.reload();
    await expect(page.locator("main").textContent()).resolves.toContain("洛南县总工会");
    await expect(page.getByTestId("move-record").count()).resolves.toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "accounts-org-360-en");

    await page.goto(`${BASE}/manage/orgs?q=SZ-T2`);
    await Promise.all([page.waitForURL(/\/manage\/orgs\/\d+$/), page.getByRole("link", { name: "商州区测试乙工会" }).click()]);
    await page.waitForLoadState("networkidle");
    await page.selectOption('select[name="survivorId"]', { label: "商州区测试甲工会" });
    await page.check('input[name="confirm"]');
    await submit(page, "form#org-merge", "Merged");
    await page.reload();
    await expect(page.getByTestId("merged-into").textContent()).resolves.toContain("商州区测试甲工会");
    await page.goto(orgUrl);
    await saved(page, () => page.getByRole("button", { name: "Deactivate organisation" }).click(), /deactivated/i);
    await page.reload();
    await expect(page.getByTestId("org-status").textContent()).resolves.toBe("Deactivated");
    await saved(page, () => page.getByRole("button", { name: "Reactivate organisation" }).click(), /reactivated/i);
    await context.close();
  });

  it("the admin edits a supplier's villages and suspends it, then reinstates it", async () => {
    const page = await newPage(browser);
    await login(page, "admin");
    // The lotus cooperative: no other browser test orders its listings, which stay off sale after reinstatement.
    await page.goto(`${BASE}/manage/orgs?q=九眼莲`);
    await Promise.all([
      page.waitForURL(/\/manage\/orgs\/\d+$/),
      page
        .getByRole("link", { name: /九眼莲专业合作社/ })
        .first()
        .click(),
    ]);
    await page.waitForLoadState("networkidle");
    await page.fill("#households-0", "456");
    await submit(page, "form#org-villages", "带动村已保存");
    await page.reload();
    expect(await page.inputValue("#households-0")).toBe("456");
    await saved(page, () => page.getByRole("button", { name: "暂停供应商" }).click(), "已暂停");
    await page.reload();
    await expect(page.getByRole("button", { name: "恢复供应商" }).count()).resolves.toBe(1);
    await saved(page, () => page.getByRole("button", { name: "恢复供应商" }).click(), "已恢复");
    await page.context().close();
  });
});

describe("the audit trail", () => {
  it("a county leader filters its audit log and exports it as XLSX", async () => {
    const { context, page } = await englishPhone();
    await login(page, "sz.leader");
    await page.goto(`${BASE}/audit`);
    // A select chosen before hydration is reset to its default by React: wait for the page to settle first.
    await page.waitForLoadState("networkidle");
    await page.selectOption('select[name="kind"]', "user");
    await Promise.all([page.waitForURL(/kind=user/), page.click('form[aria-label="Filter"] button[type="submit"]')]);
    // The URL changes a tick before React renders the filtered list: poll the list, not the URL.
    await expect
      .poll(() => page.getByTestId("audit-entry").first().textContent())
      .toMatch(/Account reactivated|Role removed|Reset link issued|Account deactivated|Role added/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "accounts-audit-360-en");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-xlsx").click()]);
    expect(download.suggestedFilename()).toMatch(/^bangfu-audit-.*\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe("Time");
    expect(sheet.rowCount).toBeGreaterThan(1);
    const kinds = sheet.getColumn(4).values.slice(2).map(String);
    expect(new Set(kinds)).toEqual(new Set(["User administration"]));
    await page.goto(`${BASE}/audit?kind=audit`);
    await expect(page.getByTestId("audit-entry").first().textContent()).resolves.toContain("Audit trail exported");
    await context.close();
  });
});
