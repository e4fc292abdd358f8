import type { zhCN } from "./zh-CN";
import type { zhCore } from "./zh-CN/core";
import type { AreaMessages, AreaName } from "./areas";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
/** Every message of a language (the server's view: exports, e-mails, form errors). */
export type Messages = typeof zhCN;
/** The messages every page carries; a page adds the areas it uses (useT(area, …), locales/areas.ts). */
export type CoreMessages = typeof zhCore;
export type { AreaMessages, AreaName };

// First-load JavaScript carries only the default language's core messages (zh-CN/core.ts); each area's zh-CN
// messages ship with the pages that use them (useT(catalogArea, …)). English is one separate chunk, registered on
// the server by locales/all.server.ts and fetched by the browser before hydration when the page is English
// (entry.client.tsx) (docs/performance.md).
const complete: Partial<Record<Locale, Messages>> = {};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function registerMessages(locale: Locale, m: Messages) {
  complete[locale] = m;
}

/** A language's complete messages when they are here (always on the server; English in the browser once loaded). */
export function registeredMessages(locale: Locale): Messages | undefined {
  return complete[locale];
}

/** Loads a language's messages in the browser (a separate chunk); resolves at once when they are there. */
export async function loadMessages(locale: Locale): Promise<void> {
  if (locale === "zh-CN" || complete[locale]) return;
  if (locale === "en") registerMessages("en", (await import("./en")).en);
}
