import { zhCN } from "./zh-CN";
import { en } from "./en";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export type Messages = typeof zhCN;

const messages: Record<Locale, Messages> = { "zh-CN": zhCN, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function messagesFor(locale: Locale): Messages {
  return messages[locale];
}
