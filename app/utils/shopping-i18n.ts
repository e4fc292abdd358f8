// Buying strings (draft gift pack, ready packs, address book, campaigns on the union home) apart from the global
// messages: only the pages that import this ship them (docs/decisions/0162-draft-pack-server-validated.md).
import type { Locale } from "~/locales";
import { shopping as en } from "~/locales/en/shopping";
import { shopping as zh } from "~/locales/zh-CN/shopping";
import { useLocale } from "./i18n";

export type ShoppingMessages = typeof zh;

export function shoppingMessages(locale: Locale): ShoppingMessages {
  return locale === "en" ? en : zh;
}

export function useShoppingT(): ShoppingMessages {
  return shoppingMessages(useLocale());
}
