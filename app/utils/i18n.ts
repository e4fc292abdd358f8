import { useRouteLoaderData } from "@remix-run/react";
import { registeredMessages, type AreaMessages, type AreaName, type CoreMessages, type Locale } from "~/locales";
import type { Area } from "~/locales/areas";
import { zhCore } from "~/locales/zh-CN/core";

interface RootData {
  locale: Locale;
}

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as RootData | undefined;
  if (data?.locale) return data.locale;
  // The root error boundary can render without loader data; the document still says which language it is.
  if (typeof document !== "undefined" && document.documentElement.lang === "en") return "en";
  return "zh-CN";
}

export type MessagesWith<N extends AreaName> = CoreMessages & Pick<AreaMessages, N>;

const merged = new Map<string, CoreMessages>();

/** The core messages and those of the areas passed, in the page's language. English is complete once loaded. */
export function messagesWith<N extends AreaName>(locale: Locale, areas: ReadonlyArray<Area<N>>): MessagesWith<N> {
  const english = locale === "en" ? registeredMessages("en") : undefined;
  if (english) return english;
  if (areas.length === 0) return zhCore as MessagesWith<N>;
  const key = areas.map((a) => a.name).join(",");
  let m = merged.get(key);
  if (!m) {
    m = { ...zhCore, ...Object.fromEntries(areas.map((a) => [a.name, a.zh])) };
    merged.set(key, m);
  }
  return m as MessagesWith<N>;
}

/** `useT()` gives the core messages; `useT(ordersArea, …)` adds those areas (their zh-CN words ship with the page). */
export function useT<N extends AreaName = never>(...areas: Array<Area<N>>): MessagesWith<N> {
  return messagesWith(useLocale(), areas);
}
