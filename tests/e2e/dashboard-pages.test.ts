// A county with more unions than one page of its dashboard's children table: a leader pages through them on a phone,
// in English, and the page stays where it was after a reload. On a server of its own, whose database gets 30 more
// unions under 商州 through the app's own onboarding code (tests/support/add-unions-child.ts).
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, launchBrowser, screenshot, seriousA11yViolations } from "./browser";
import { freshDataDir, startServer, stopServers, type Server } from "./own-server";

let browser: Browser;
let server: Server;
let countyId: number;

beforeAll(async () => {
  const dataDir = freshDataDir("dashboard-pages");
  const added = spawnSync(process.execPath, ["--import", "tsx", "tests/support/add-unions-child.ts", "SZ", "30"], {
    env: { ...process.env, DATABASE_URL: `file:${path.join(dataDir, "bangfu.db")}` },
    encoding: "utf8",
  });
  if (added.status !== 0) throw new Error(`adding unions failed:\n${added.stdout}\n${added.stderr}`);
  countyId = JSON.parse(added.stdout.trim().split("\n").pop()!).countyId;
  server = await startServer(dataDir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  stopServers();
});

describe("a dashboard's children table with more than one page", () => {
  it("pages forward and back on a phone in English, and keeps the page after a reload", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.base}/login`);
    await page.fill('input[name="username"]', "sz.leader");
    await page.fill('input[name="password"]', DEMO_PASSWORD);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.click('main button[type="submit"]')]);
    await page.evaluate(() => fetch("/lang", { method: "POST", body: new URLSearchParams({ to: "en", redirectTo: "/" }), redirect: "manual" }));
    await page.goto(`${server.base}/reports/${countyId}`);
    await page.waitForLoadState("networkidle");

    const pager = page.getByTestId("children-pager");
    const rows = page.getByTestId("children-table").locator("tbody tr");
    expect(await pager.textContent()).toMatch(/page 1 of 2/);
    expect(await rows.count()).toBe(25);
    const firstOnPageOne = await rows.first().textContent();

    await Promise.all([page.waitForURL(/children=2/), page.getByTestId("children-next").click()]);
    await expect.poll(() => pager.textContent()).toMatch(/page 2 of 2/);
    const total = Number(/^(\d+) units below/.exec((await pager.textContent())!)?.[1]);
    expect(await rows.count()).toBe(total - 25);
    expect(await rows.first().textContent()).not.toBe(firstOnPageOne);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await pager.scrollIntoViewIfNeeded();
    await screenshot(page, "dashboard-children-page-2-360-en");

    await page.reload();
    expect(await pager.textContent()).toMatch(/page 2 of 2/);
    await Promise.all([page.waitForURL(/children=1/), page.getByRole("link", { name: /Previous/ }).click()]);
    await expect.poll(() => rows.first().textContent()).toBe(firstOnPageOne);
    await context.close();
  });
});
