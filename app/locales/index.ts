import { zhCN } from "./zh-CN";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export type Messages = typeof zhCN;

// Only the default language is in every page's JavaScript. English is registered on the server by
// locales/all.server.ts and fetched by the browser before hydration when the page is English (entry.client.tsx),
// which keeps ~7 KB gzip off every first load (docs/performance.md).
const messages: Partial<Record<Locale, Messages>> = { "zh-CN": zhCN };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function registerMessages(locale: Locale, m: Messages) {
  messages[locale] = m;
}

/** Loads a language's messages in the browser (a separate chunk); resolves at once when they are there. */
export async function loadMessages(locale: Locale): Promise<void> {
  if (messages[locale]) return;
  if (locale === "en") registerMessages("en", (await import("./en")).en);
}

export function messagesFor(locale: Locale): Messages {
  return messages[locale] ?? zhCN;
}
