import { CHINA_TIME_ZONE } from "~/domain/china-time";
import { useLocale } from "~/utils/i18n";

/** Dates are shown in China time whatever the server's or the browser's zone. */
export function DateText({ value, withTime }: { value: string | Date; withTime?: boolean }) {
  const locale = useLocale();
  const date = typeof value === "string" ? new Date(value) : value;
  const text = new Intl.DateTimeFormat(locale, {
    timeZone: CHINA_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    ...(withTime ? { hour: "2-digit", minute: "2-digit", hour12: false } : {}),
  }).format(date);
  return <time dateTime={date.toISOString()}>{text}</time>;
}
