import { createCookie } from "@remix-run/node";
import "~/locales/all.server";
import { isLocale, type Locale } from "~/locales";
import { messagesFor } from "~/locales/messages.server";

export const localeCookie = createCookie("bangfu_lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 86400 });

/** zh-CN unless the user chose English with the visible switch. */
export async function getLocale(request: Request): Promise<Locale> {
  const chosen = await localeCookie.parse(request.headers.get("Cookie"));
  return isLocale(chosen) ? chosen : "zh-CN";
}

export async function getMessages(request: Request) {
  return messagesFor(await getLocale(request));
}
