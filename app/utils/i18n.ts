import { useRouteLoaderData } from "@remix-run/react";
import { messagesFor, type Locale } from "~/locales";

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

export function useT() {
  return messagesFor(useLocale());
}
