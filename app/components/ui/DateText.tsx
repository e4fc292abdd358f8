import { CHINA_TIME_ZONE } from "~/domain/china-time";
import { useLocale } from "~/utils/i18n";

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl formatter costs far more than using one, so each locale's is made once. */
function formatterFor(locale: string, withTime: boolean) {
  const key = `${locale}|${withTime}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone: CHINA_TIME_ZONE,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hour12: false } : {}),
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Dates are shown in China time whatever the server's or the browser's zone. */
export function DateText({ value, withTime }: { value: string | Date; withTime?: boolean }) {
  const locale = useLocale();
  const date = typeof value === "string" ? new Date(value) : value;
  const text = formatterFor(locale, withTime === true).format(date);
  return <time dateTime={date.toISOString()}>{text}</time>;
}
