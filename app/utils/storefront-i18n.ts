// Strings for campaigns on the union home, ready-pack pages and the address book, apart from the global messages:
// only the pages that import this ship them (docs/decisions/0162-draft-pack-server-validated.md).
import type { Locale } from "~/locales";
import { storefront as en } from "~/locales/en/storefront";
import { storefront as zh } from "~/locales/zh-CN/storefront";
import { useLocale } from "./i18n";

export type StorefrontMessages = typeof zh;

export function storefrontMessages(locale: Locale): StorefrontMessages {
  return locale === "en" ? en : zh;
}

export function useStorefrontT(): StorefrontMessages {
  return storefrontMessages(useLocale());
}
