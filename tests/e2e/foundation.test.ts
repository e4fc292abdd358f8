import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { BASE, launchBrowser, login, logout, newPage, screenshot, seriousA11yViolations } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const ROLE_HOMES: Array<[string, string, string]> = [
  ["hospital.buyer", "/union", "BUYER"],
  ["hospital.chair", "/union", "APPROVER"],
  ["tea.coop", "/supplier", "SUPPLIER"],
  ["city.leader", "/reports", "LEADER"],
  ["sn.leader", "/reports", "LEADER"],
  ["finance", "/finance", "FINANCE"],
  ["admin", "/admin", "ADMIN"],
];

describe("foundation", () => {
  it.each(ROLE_HOMES)("signs in %s and lands on %s", async (username, home) => {
    const page = await newPage(browser);
    await login(page, username);
    expect(new URL(page.url()).pathname).toBe(home);
    await expect(page.locator("header nav a").count()).resolves.toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, `home-${username}`);
    await logout(page);
    await page.context().close();
  });

  it("refuses a buyer the admin page with a 403 in Chinese", async () => {
    const page = await newPage(browser);
    await login(page, "hospital.buyer");
    const response = await page.goto(`${BASE}/admin`);
    expect(response?.status()).toBe(403);
    await expect(page.getByTestId("error-message").textContent()).resolves.toContain("没有权限");
    await page.context().close();
  });

  it("shows a wrong password as a field message, not an error page", async () => {
    const page = await newPage(browser);
    await page.goto(`${BASE}/login`);
    await page.fill('input[name="username"]', "hospital.buyer");
    await page.fill('input[name="password"]', "wrong-password");
    await page.click('main button[type="submit"]');
    await expect(page.getByRole("alert").first().textContent()).resolves.toContain("用户名或密码不正确");
    await page.context().close();
  });

  it("switches to English and back, and works on a phone", async () => {
    const page = await newPage(browser, { mobile: true });
    await page.goto(`${BASE}/`);
    await page.click('form[action="/lang"] button:visible');
    await page.waitForLoadState("load");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await expect(page.locator("h1").textContent()).resolves.toContain("Bangfu");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, "landing-mobile-en");
    await page.click('form[action="/lang"] button:visible');
    await page.waitForLoadState("load");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.context().close();
  });

  it("sends security headers and a cookie that is HttpOnly and SameSite=Lax", async () => {
    const page = await newPage(browser);
    const response = await page.goto(`${BASE}/login`);
    const headers = response!.headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    await login(page, "hospital.buyer");
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === "bangfu_session");
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Lax");
    await page.context().close();
  });

  it("refuses a cross-site form post", async () => {
    const response = await fetch(`${BASE}/logout`, { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(response.status).toBe(403);
  });
});
