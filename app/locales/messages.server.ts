// The server's messages: every area of every language (exports, e-mails, notices, form errors).
import { zhCN } from "./zh-CN";
import { en } from "./en";
import type { Locale, Messages } from "./index";

export function messagesFor(locale: Locale): Messages {
  return locale === "en" ? en : zhCN;
}
