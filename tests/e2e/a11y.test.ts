// axe-core over every page of the app, as the user who would see it: no serious or critical violations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { BASE, launchBrowser, login, newPage, seriousA11yViolations } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// In the deterministic seed: 2 = 商洛市总工会, 4 = 商州人民医院工会, product 1 belongs to tea.coop.
const PAGES: Array<[string | null, string[]]> = [
  [null, ["/", "/login", "/products", "/products?q=核桃&certified=1", "/products/5"]],
  ["hospital.buyer", ["/union", "/union/budget", "/union/orders", "/union/orders/new", "FIRST_ORDER", "FIRST_ORDER/print", "FIRST_ORDER/payment"]],
  ["hospital.chair", ["/union/approvals", "/union/budget"]],
  [
    "tea.coop",
    [
      "/supplier",
      "/supplier/products",
      "/supplier/products/new",
      "/supplier/products/1",
      "/supplier/products/import",
      "/supplier/orders",
      "FIRST_SUB_ORDER",
      "FIRST_SUB_ORDER/print",
      "/supplier/settlements",
    ],
  ],
  ["city.leader", ["/reports", "/reports/policy", "/reports/2/bulletin", "/reports/4", "/reports/4/orders", "FIRST_REPORT_ORDER", "/certificates"]],
  ["finance", ["/finance"]],
  ["admin", ["/admin"]],
];

describe("accessibility", () => {
  it("finds no serious or critical axe violations on any page", async () => {
    const failures: string[] = [];
    for (const [user, paths] of PAGES) {
      const page = await newPage(browser);
      if (user) await login(page, user);
      const firstLink = async (listPath: string, selector: string) => {
        await page.goto(`${BASE}${listPath}`);
        return (await page.locator(selector).first().getAttribute("href")) ?? listPath;
      };
      const order = user === "hospital.buyer" ? await firstLink("/union/orders", '[data-testid="union-orders"] tbody a') : "";
      const subOrder = user === "tea.coop" ? await firstLink("/supplier/orders", '[data-testid="supplier-orders"] tbody a') : "";
      const reportOrder = user === "city.leader" ? await firstLink("/reports/4/orders", '[data-testid="paid-orders"] tbody a') : "";
      for (const raw of paths) {
        const path = raw.replace("FIRST_ORDER", order).replace("FIRST_SUB_ORDER", subOrder).replace("FIRST_REPORT_ORDER", reportOrder);
        const response = await page.goto(`${BASE}${path}`);
        if (!response || response.status() >= 400) failures.push(`${user ?? "anonymous"} ${path}: HTTP ${response?.status()}`);
        for (const v of await seriousA11yViolations(page)) failures.push(`${user ?? "anonymous"} ${path}: ${v.id} (${v.impact}, ${v.nodes} nodes) ${v.help}`);
      }
      await page.context().close();
    }
    expect(failures).toEqual([]);
  });
});
