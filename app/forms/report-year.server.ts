import { z } from "zod";
import { chinaYear } from "~/domain/china-time";
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

export const orgIdParam = idParam;
