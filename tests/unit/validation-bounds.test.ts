// The bounded field builders every action uses (docs/decisions/0150-hardening.md), on the inputs that gave 500s or
// saved implausible data on main.
import { describe, expect, it } from "vitest";
import { messagesFor } from "~/locales/messages.server";
import {
  amountField,
  cleanText,
  dateField,
  idField,
  intField,
  MAX_ENTRY_FEN,
  normaliseDigits,
  optionalTextField,
  parseWithZod,
  passwordField,
  percentField,
  textField,
  z,
} from "~/utils/validation.server";

const t = messagesFor("zh-CN");
const ok = <T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown) => schema.safeParse(value);

describe("bounded fields", () => {
  it("accepts only real calendar dates in a sane window", () => {
    const date = dateField(t);
    for (const bad of ["2026-13-45", "0000-01-01", "9999-12-31", "2026-02-31", "1999-12-31", "2026-2-3", "26-01-01", "", "2026-01-01T00:00"]) {
      expect(ok(date, bad).success, bad).toBe(false);
    }
    expect(ok(date, "2024-02-29").success).toBe(true);
    expect(ok(date, "２０２５－０３－０１").data).toBe("2025-03-01");
    const ahead = dateField(t, { yearsAhead: 10 });
    expect(ok(ahead, `${new Date().getUTCFullYear() + 5}-01-01`).success).toBe(true);
    expect(ok(ahead, `${new Date().getUTCFullYear() + 11}-01-01`).success).toBe(false);
  });

  it("bounds amounts per entry and refuses what is not decimal yuan", () => {
    const amount = amountField(t, { min: 1 });
    expect(ok(amount, "9999999999999.99").error?.issues[0].message).toBe(t.errors.amountTooLarge);
    expect(ok(amount, "10000000").data).toBe(MAX_ENTRY_FEN);
    expect(ok(amount, "¥1,234.5").data).toBe(123_450);
    expect(ok(amount, "１２．５").data).toBe(1_250);
    for (const bad of ["0", "1e3", "0x10", "-5", "1.234", "NaN", ""]) expect(ok(amount, bad).success, bad).toBe(false);
  });

  it("takes ids as positive integers that fit the database", () => {
    const id = idField();
    for (const bad of ["1e20", "0", "-1", "2147483648", "1.0", "0x10", " ", "abc"]) expect(ok(id, bad).success, bad).toBe(false);
    expect(ok(id, "2147483647").data).toBe(2_147_483_647);
    expect(ok(id, "４２").data).toBe(42);
  });

  it("reads numbers as decimal digits only", () => {
    const n = intField(t, -100, 100);
    for (const bad of ["1e3", "0x10", "1.5", "", "101"]) expect(ok(n, bad).success, bad).toBe(false);
    expect(ok(n, "-7").data).toBe(-7);
    expect(ok(percentField(t, 1, 100, "bad"), "12.5").data).toBe(1_250);
    expect(ok(percentField(t, 1, 100, "bad"), "0").success).toBe(false);
  });

  it("strips control and bidi characters from text", () => {
    expect(cleanText("a\u0000b\u202Ec\u2066d\u200Fe")).toBe("abcde");
    expect(cleanText(" 第一行\r\n第二行 ")).toBe("第一行 第二行");
    expect(cleanText("第一行\r\n第二行", true)).toBe("第一行\n第二行");
    expect(ok(textField(t, 5), "\u0000\u202E").success).toBe(false);
    expect(ok(textField(t, 5), "123456").success).toBe(false);
    expect(normaliseDigits("１２３．４５")).toBe("123.45");
  });

  it("refuses common and trivial passwords", () => {
    const password = passwordField(t);
    for (const bad of ["12345678", "password", "PASSWORD", "aaaaaaaa", "11223344", "short"]) expect(ok(password, bad).success, bad).toBe(false);
    expect(ok(password, "s3cret-pass").success).toBe(true);
  });

  it("leaves an optional text field optional under Conform's coercion", () => {
    const form = new FormData();
    form.append("title", "标题");
    const submission = parseWithZod(form, { schema: z.object({ title: textField(t, 10), note: optionalTextField(t, 10) }) });
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value.note).toBe("");
  });
});
