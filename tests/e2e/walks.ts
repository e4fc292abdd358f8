// The pages each demo user can reach: every item of their navigation plus the first detail page behind the lists.
// Used by the phone-width and English walks, so a page added to a role's navigation is walked without listing it.
import type { Page } from "playwright-core";
import { BASE } from "./browser";

/** A path, or "open the first link on `from` whose path matches `follow`". */
export type Stop = string | { from: Stop; follow: RegExp };

export const WALKS: Record<string, Stop[]> = {
  "-": ["/", "/login", "/products"],
  "hospital.buyer": [
    { from: "/products", follow: /^\/products\/\d+$/ },
    { from: "/union/orders", follow: /^\/union\/orders\/\d+$/ },
  ],
  "hospital.chair": [],
  "tea.coop": [
    "/supplier/products/new",
    "/supplier/products/import",
    { from: "/supplier/products", follow: /^\/supplier\/products\/\d+$/ },
    { from: "/supplier/orders", follow: /^\/supplier\/orders\/\d+$/ },
  ],
  "sz.leader": [
    { from: "/reports", follow: /^\/reports\/\d+$/ },
    { from: "/reports", follow: /^\/reports\/\d+\/bulletin$/ },
  ],
  "city.leader": ["/reports/policy"],
  finance: [],
  admin: [],
};

/** The daily pages a phone must show without sideways scrolling. */
export const DAILY: Record<string, Stop[]> = {
  "hospital.buyer": [
    "/products",
    { from: "/products", follow: /^\/products\/\d+$/ },
    "/union/orders/new",
    "/union/orders",
    { from: "/union/orders", follow: /^\/union\/orders\/\d+$/ },
    "/union/budget",
  ],
  "tea.coop": ["/supplier/orders", { from: "/supplier/orders", follow: /^\/supplier\/orders\/\d+$/ }],
  "sz.leader": ["/reports", { from: "/reports", follow: /^\/reports\/\d+$/ }],
  "city.leader": ["/reports"],
};

/** Resolves a stop to a path on the current page's session. */
export async function resolveStop(page: Page, stop: Stop): Promise<string> {
  if (typeof stop === "string") return stop;
  await page.goto(`${BASE}${await resolveStop(page, stop.from)}`);
  const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const found = hrefs.map((h) => new URL(h, "http://x").pathname).find((p) => stop.follow.test(p));
  if (!found) throw new Error(`no link matching ${stop.follow} on ${stop.from}`);
  return found;
}

/** The paths in the signed-in user's navigation (header links, desktop and menu alike). */
export async function navPaths(page: Page): Promise<string[]> {
  const hrefs = await page.locator("header nav a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  return [...new Set(hrefs.filter((h) => h.startsWith("/")))];
}
