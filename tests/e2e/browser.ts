// Headless Debian Chromium driven by playwright-core (a downloaded browser is not available here).
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { E2E_PORT } from "./global-setup";

export const BASE = `http://127.0.0.1:${E2E_PORT}`;
export const DEMO_PASSWORD = "bangfu2026";

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error("Chromium not found: apt-get install -y chromium (.ci/run does this)");
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export async function newPage(browser: Browser, options: { mobile?: boolean; phone360?: boolean; english?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(
    options.phone360
      ? { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true }
      : options.mobile
        ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
        : { viewport: { width: 1280, height: 900 } },
  );
  // The language cookie as /lang sets it (an unsigned Remix cookie holding the JSON string "en").
  if (options.english)
    await context.addCookies([{ name: "bangfu_lang", value: encodeURIComponent(Buffer.from(JSON.stringify("en")).toString("base64")), url: BASE }]);
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto(`${BASE}/login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.click('main button[type="submit"]')]);
}

export async function logout(page: Page) {
  // On a phone the sign-out button sits in the collapsed menu.
  const menu = page.locator("details.nav-menu > summary");
  if (await menu.isVisible()) await menu.click();
  await page.click('form[action="/logout"] button:visible');
  await page.waitForURL(`${BASE}/`);
}

/** Saves a screenshot under tests/e2e/screenshots for a person to look at. */
export async function screenshot(page: Page, name: string) {
  const dir = path.resolve("tests/e2e/screenshots");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Runs axe-core in the page and returns serious or critical violations. */
export async function seriousA11yViolations(page: Page) {
  const axeSource = fs.readFileSync(path.resolve("node_modules/axe-core/axe.min.js"), "utf8");
  // evaluate() runs through the DevTools protocol, so the page's CSP (no inline scripts) does not block it.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v: { id: string; impact: string; help: string; nodes: unknown[] }) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
    }));
  });
  return result.filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical");
}
