// Route modules take Zod and Conform's parser from here: a .server module is left out of the browser bundle, so
// validation code used only by loaders and actions never ships to phones (docs/decisions/0007-validation-server-only.md).
//
// The bounded field builders below are the one way an action reads a field (docs/decisions/0150-hardening.md):
// every value that reaches a model is a real calendar date in a sane window, an amount within a stated maximum, an
// id that fits the database, a number typed with decimal digits only, or text without control or bidi characters.
import { z } from "zod";
import { passwordProblem } from "~/domain/password-policy";
import { isCommonPassword } from "./common-passwords.server";
import { parseYuan } from "~/domain/money";
import type { Messages } from "~/locales";

export { z } from "zod";
export { parseWithZod } from "@conform-to/zod";

/** The largest single amount anyone may type: ¥10,000,000.00. Sums of millions of such entries stay exact. */
export const MAX_ENTRY_FEN = 1_000_000_000;
/** Ids are Prisma `Int` (32-bit) columns: anything larger cannot name a row. */
export const MAX_ID = 2_147_483_647;
/** The earliest date any form accepts; the latest is a number of years after today, per field. */
export const EARLIEST_DATE = "2000-01-01";

// Full-width digits, signs and separators (０-９ ．，－＋) as typed with Chinese input methods.
const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\uFF0C\uFF0D\uFF0B]/g;
/** "１２３．５" → "123.5": full-width digits and signs become ASCII; nothing else changes. */
export function normaliseDigits(value: string): string {
  return value.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

// C0/C1 controls (except tab and newline, kept only in multi-line text), bidi overrides/isolates/marks, BOM.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
/** Text as it may be stored and shown: no control or bidi-override characters, trimmed; one line unless multi-line. */
export function cleanText(value: string, multiline = false): string {
  const stripped = value.replace(CONTROL, "").replace(BIDI, "");
  return (multiline ? stripped.replace(/\r\n?/g, "\n") : stripped.replace(/[\t\r\n]+/g, " ")).trim();
}

function issue(ctx: z.RefinementCtx, message: string) {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  return z.NEVER;
}

// The builders check inside one transform rather than with .pipe(): Conform's parseWithZod coerces form values by
// walking the schema, and it reads a pipe's output schema as required even when the field is optional.

/** Required text of at most `max` characters, cleaned. */
export function textField(t: Messages, max: number, options: { multiline?: boolean } = {}) {
  return z.string({ required_error: t.errors.required, invalid_type_error: t.errors.required }).transform((value, ctx) => {
    const text = cleanText(value, options.multiline);
    if (!text) return issue(ctx, t.errors.required);
    if (text.length > max) return issue(ctx, t.errors.tooLong);
    return text;
  });
}

/** Optional text, cleaned; absent or blank is "". */
export function optionalTextField(t: Messages, max: number, options: { multiline?: boolean } = {}) {
  return z
    .string({ invalid_type_error: t.errors.tooLong })
    .optional()
    .transform((value, ctx) => {
      const text = cleanText(value ?? "", options.multiline);
      if (text.length > max) return issue(ctx, t.errors.tooLong);
      return text;
    });
}

/** A row id typed or posted as decimal digits: a positive integer that fits the database's 32-bit ids. */
export function idField(message = "Invalid id") {
  return z.string({ required_error: message, invalid_type_error: message }).transform((value, ctx) => {
    const digits = normaliseDigits(value.trim());
    if (!/^[1-9]\d{0,9}$/.test(digits) || Number(digits) > MAX_ID) return issue(ctx, message);
    return Number(digits);
  });
}

/** A positive whole-number route parameter such as an order id. */
export const idParam = idField();

/** A whole number within [min, max], decimal digits only ("0x10", "1e3", "1.0" refused), full-width normalised. */
export function intField(t: Messages, min: number, max: number, message = t.errors.invalidNumber) {
  return z.string({ required_error: t.errors.required, invalid_type_error: message }).transform((value, ctx) => {
    const digits = normaliseDigits(value.trim());
    if (!/^[+-]?\d{1,12}$/.test(digits)) return issue(ctx, digits === "" ? t.errors.required : message);
    const n = Number(digits);
    if (n < min || n > max) return issue(ctx, message);
    return n;
  });
}

/** An amount typed in yuan ("1,234.5", "¥42", "４２") as integer fen; anything else is the given message. */
export function yuanField(message: string, max = MAX_ENTRY_FEN) {
  return z.string({ required_error: message, invalid_type_error: message }).transform((value, ctx) => {
    const fen = parseYuan(normaliseDigits(value));
    if (fen == null || fen > max) return issue(ctx, message);
    return fen;
  });
}

/** An amount in yuan within (0 or more, at most ¥10,000,000 unless stated), with its own message for "too large". */
export function amountField(t: Messages, options: { min?: number; max?: number } = {}) {
  const { min = 0, max = MAX_ENTRY_FEN } = options;
  return z.string({ required_error: t.errors.required, invalid_type_error: t.errors.invalidAmount }).transform((value, ctx) => {
    const fen = parseYuan(normaliseDigits(value));
    if (fen == null || fen < min) return issue(ctx, t.errors.invalidAmount);
    if (fen > max) return issue(ctx, t.errors.amountTooLarge);
    return fen;
  });
}

function isoDay(date: Date) {
  return date.toISOString().slice(0, 10);
}

/**
 * A real calendar date "YYYY-MM-DD" (no 2026-02-31, no 0000-01-01) from 2000-01-01 up to today plus
 * `yearsAhead` years (0: not after tomorrow, which allows for any time zone). Returns the same string.
 */
export function dateField(t: Messages, options: { yearsAhead?: number } = {}) {
  const { yearsAhead = 0 } = options;
  return z.string({ required_error: t.errors.required, invalid_type_error: t.errors.invalidDate }).transform((value, ctx) => {
    const text = normaliseDigits(value.trim());
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match) return issue(ctx, text === "" ? t.errors.required : t.errors.invalidDate);
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return issue(ctx, t.errors.invalidDate);
    const now = new Date();
    const latest =
      yearsAhead > 0
        ? new Date(Date.UTC(now.getUTCFullYear() + yearsAhead, now.getUTCMonth(), now.getUTCDate()))
        : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
    if (text < EARLIEST_DATE || text > isoDay(latest)) return issue(ctx, t.errors.dateOutOfRange);
    return text;
  });
}

/**
 * A new password, by the one rule (app/domain/password-policy.ts, ADR 0141): at least 10 characters, not one of the
 * 10,000 most common passwords nor the demo's published one, not a trivial one. The username check needs the whole
 * form (checkNotUsername in forms/account-schemas.server.ts).
 */
export function passwordField(t: Messages) {
  return z.string({ required_error: t.errors.required, invalid_type_error: t.errors.required }).superRefine((password, ctx) => {
    const problem = passwordProblem(password, "", isCommonPassword);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: t.accounts.problems[problem] });
  });
}

/** One of the given values, with the "required" message for anything else. */
export function choiceField<const T extends readonly [string, ...string[]]>(t: Messages, values: T) {
  return z.enum(values, { errorMap: () => ({ message: t.errors.required }) });
}

/** A percentage typed as "30" or "12.5" (two decimals at most) as basis points, within [minPercent, maxPercent]. */
export function percentField(t: Messages, minPercent: number, maxPercent: number, message: string) {
  return z.string({ required_error: t.errors.required, invalid_type_error: message }).transform((value, ctx) => {
    const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(normaliseDigits(value.trim()).replace(/%$/, ""));
    if (!match) return issue(ctx, message);
    const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
    if (basisPoints < minPercent * 100 || basisPoints > maxPercent * 100) return issue(ctx, message);
    return basisPoints;
  });
}
