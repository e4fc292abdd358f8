// Phone first and English complete: the daily pages at 360×740 with nothing wider than its box, and every page a
// demo user can reach walked in English with no Chinese outside data (organisation, product, person and place
// names, and what people typed — read from the test database itself).
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { BASE, launchBrowser, login, newPage, screenshot } from "./browser";
import { E2E_PORT } from "./global-setup";
import { CJK, chineseOutsideData, overflowingElements } from "./page-checks";
import { DAILY, WALKS, navPaths, resolveStop } from "./walks";

let browser: Browser;
let dataStrings: string[];

/** Every text value stored in the database that contains Chinese: that is data, not interface. */
function chineseData(): string[] {
  const file = path.resolve(`tests/.cache/e2e-${E2E_PORT}/bangfu.db`);
  const db = new Database(file, { readonly: true });
  const found = new Set<string>();
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT IN ('AuditLog')`)
    .all() as Array<{ name: string }>;
  for (const { name } of tables) {
    const columns = (db.prepare(`PRAGMA table_info("${name}")`).all() as Array<{ name: string; type: string }>)
      // Units are vocabulary with English names, not data; numbered delivery-address labels are translated.
      .filter((c) => c.type.toUpperCase() === "TEXT" && c.name !== "unit");
    for (const column of columns) {
      const rows = db.prepare(`SELECT DISTINCT "${column.name}" AS v FROM "${name}" WHERE "${column.name}" IS NOT NULL`).all() as Array<{ v: string }>;
      for (const { v } of rows) if (CJK.test(v) && !/^收货地址 \d+$/.test(v)) found.add(v);
    }
  }
  db.close();
  // Longest first, so a name is removed before a shorter name inside it.
  return [...found].sort((a, b) => b.length - a.length);
}

beforeAll(async () => {
  browser = await launchBrowser();
  dataStrings = chineseData();
});
afterAll(async () => {
  await browser?.close();
});

async function pagesFor(page: Page, user: string, stops: (typeof WALKS)[string], withNav: boolean) {
  if (user !== "-") await login(page, user);
  const paths = withNav && user !== "-" ? await navPaths(page) : [];
  for (const stop of stops) paths.push(await resolveStop(page, stop));
  return [...new Set(paths)];
}

describe("phone first", () => {
  for (const english of [false, true]) {
    it.each(Object.entries(DAILY))(
      `shows %s's daily pages at 360×740 without anything wider than its box (${english ? "en" : "zh-CN"})`,
      async (user, stops) => {
        const page = await newPage(browser, { phone360: true, english });
        const problems: Record<string, unknown> = {};
        for (const p of await pagesFor(page, user, stops, false)) {
          const response = await page.goto(`${BASE}${p}`);
          expect(response?.status(), p).toBe(200);
          await screenshot(page, `phone-${english ? "en" : "zh"}-${user}${p.replace(/\//g, "_")}`);
          const overflowing = await overflowingElements(page);
          if (overflowing.length) problems[p] = overflowing;
        }
        expect(problems).toEqual({});
        // The navigation is a menu that opens without JavaScript's help and fits the screen.
        await page.locator("details.nav-menu > summary").click();
        await expect(page.locator("details.nav-menu nav a").first().isVisible()).resolves.toBe(true);
        expect(await overflowingElements(page)).toEqual([]);
        await page.context().close();
      },
    );
  }
});

describe("English complete", () => {
  it.each(Object.entries(WALKS))("walks every page of %s in English with no Chinese outside data", async (user, stops) => {
    const page = await newPage(browser, { english: true });
    const paths = await pagesFor(page, user, stops, true);
    expect(paths.length).toBeGreaterThan(0);
    const problems: Record<string, string[]> = {};
    for (const p of paths) {
      const response = await page.goto(`${BASE}${p}`);
      expect(response?.status(), p).toBe(200);
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      const leftover = (await chineseOutsideData(page))
        .map((text) => dataStrings.reduce((rest, d) => rest.split(d).join(""), text))
        .filter((text) => CJK.test(text.replace(/^[a-z0-9]+(\[[a-z-]+\])?: /, "")))
        .map((text) => text.slice(0, 120));
      if (leftover.length) problems[p] = leftover;
    }
    expect(problems).toEqual({});
    await page.context().close();
  });
});
