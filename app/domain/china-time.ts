// Years, months and "today" are China's (Asia/Shanghai, UTC+8, no daylight saving): an order paid at 23:30 on
// 31 December in Shanghai is 15:30 UTC that day, and one paid at 00:30 on 1 January is still 31 December in UTC.

export const CHINA_TIME_ZONE = "Asia/Shanghai";
const OFFSET_MS = 8 * 60 * 60 * 1000;

function shifted(date: Date) {
  return new Date(date.getTime() + OFFSET_MS);
}

export function chinaYear(date: Date): number {
  return shifted(date).getUTCFullYear();
}

/** 1–12 */
export function chinaMonth(date: Date): number {
  return shifted(date).getUTCMonth() + 1;
}

/** "2026-11-28" as a calendar date in China. */
export function chinaDate(date: Date): string {
  return shifted(date).toISOString().slice(0, 10);
}

/** "2026-11-28 09:05:00": a date and time on China's clock, for exports. */
export function chinaDateTime(date: Date): string {
  return shifted(date).toISOString().slice(0, 19).replace("T", " ");
}

/** The instant a China calendar day starts. */
export function startOfChinaDay(isoDate: string): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00+08:00`));
}

/** The first instant of a China year, and of the next: [start, end) bounds for queries. */
export function chinaYearBounds(year: number): { start: Date; end: Date } {
  return { start: startOfChinaDay(`${year}-01-01`), end: startOfChinaDay(`${year + 1}-01-01`) };
}

/** Whether a certificate valid from/to (inclusive calendar days in China) covers the given instant. */
export function isWithinValidity(validFrom: Date, validTo: Date, at: Date): boolean {
  const day = chinaDate(at);
  return chinaDate(validFrom) <= day && day <= chinaDate(validTo);
}
