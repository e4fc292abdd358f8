import { z } from "zod";
import { chinaMonth, chinaYear } from "~/domain/china-time";
import { idParam } from "~/utils/validation.server";

const yearSchema = z.coerce.number().int().min(2000).max(2100);

/** The report year from ?year=, defaulting to the current China year; a bad value falls back rather than failing. */
export function reportYear(request: Request): number {
  const parsed = yearSchema.safeParse(new URL(request.url).searchParams.get("year") ?? undefined);
  return parsed.success ? parsed.data : chinaYear(new Date());
}

/** Years offered in the year picker: this one and the four before it. */
export function selectableYears(): number[] {
  const now = chinaYear(new Date());
  return [now, now - 1, now - 2, now - 3, now - 4];
}

/** Years a union's budget page offers: next year, this one and the five before it. */
export function budgetYears(): number[] {
  const now = chinaYear(new Date());
  return [now + 1, now, now - 1, now - 2, now - 3, now - 4, now - 5];
}

/** ?year= on the budget page: one of `budgetYears()`; anything else falls back to this year. */
export function budgetYear(request: Request): number {
  const parsed = yearSchema.safeParse(new URL(request.url).searchParams.get("year") ?? undefined);
  return parsed.success && budgetYears().includes(parsed.data) ? parsed.data : chinaYear(new Date());
}

export const orgIdParam = idParam;

/** ?children= on a dashboard: the page of its children table; anything else is the first page. */
export function childrenPage(request: Request): number {
  const parsed = z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .safeParse(new URL(request.url).searchParams.get("children") ?? undefined);
  return parsed.success ? parsed.data : 1;
}

/** The bulletin month from ?month=: 1–12, defaulting to this month in the current year and December for a past one. */
export function bulletinMonth(request: Request, year: number): number {
  const now = new Date();
  const fallback = year === chinaYear(now) ? chinaMonth(now) : year < chinaYear(now) ? 12 : 1;
  const parsed = z.coerce
    .number()
    .int()
    .min(1)
    .max(12)
    .safeParse(new URL(request.url).searchParams.get("month") ?? undefined);
  return parsed.success ? parsed.data : fallback;
}
