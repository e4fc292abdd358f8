import { MAX_ID, normaliseDigits, optionalTextField, textField, z } from "~/utils/validation.server";
import { isBannedCategory, isProductCategory, UNITS } from "~/domain/catalog";
export { LISTING_FIELDS } from "~/domain/catalog";
import { parseYuan } from "~/domain/money";
import { tierProblems } from "~/domain/pricing";
import { welfareIneligibility, type WelfareRules } from "~/domain/welfare-eligibility";
import type { Messages } from "~/locales";
import { ineligibilityMessage } from "~/locales/label";

function yuan(t: Messages, optional: boolean) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value == null || value.trim() === "") {
        if (!optional) ctx.addIssue({ code: z.ZodIssueCode.custom, message: t.errors.required });
        return null;
      }
      const fen = parseYuan(normaliseDigits(value));
      if (fen == null || fen <= 0 || fen > 100_000_000) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: t.errors.invalidAmount });
        return z.NEVER;
      }
      return fen;
    });
}

function wholeNumber(t: Messages, min: number, max: number, optional = false) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value == null || value.trim() === "") {
        if (!optional) ctx.addIssue({ code: z.ZodIssueCode.custom, message: t.errors.required });
        return null;
      }
      const digits = normaliseDigits(value.trim());
      const n = Number(digits);
      if (!/^\d{1,9}$/.test(digits) || n < min || n > max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: t.errors.invalidNumber });
        return z.NEVER;
      }
      return n;
    });
}

/**
 * The listing form's schema, used by the new-listing form, the edit form and the import alike. `welfare` is the
 * maintained banned-goods list (models/welfare-rules.server): a listing that breaks it is refused with the rule named.
 */
export function listingSchema(t: Messages, options: { withStock: boolean; welfare: WelfareRules }) {
  const w = t.workspace;
  return z
    .object({
      title: textField(t, 80),
      description: optionalTextField(t, 2000, { multiline: true }),
      category: z
        .string({ required_error: t.errors.required })
        .trim()
        .superRefine((value, ctx) => {
          if (isBannedCategory(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: w.bannedCategory });
          else if (!isProductCategory(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: t.catalogImport.unknownCategory });
        }),
      unit: z.enum(UNITS, { errorMap: () => ({ message: t.errors.required }) }),
      price: yuan(t, false),
      marketPrice: yuan(t, true),
      stock: options.withStock ? wholeNumber(t, 0, 10_000_000) : z.any().transform(() => 0),
      minOrderQty: wholeNumber(t, 1, 100_000),
      leadTimeDays: wholeNumber(t, 0, 365),
      shelfLifeDays: wholeNumber(t, 1, 3650, true),
      lowStockThreshold: wholeNumber(t, 0, 10_000_000, true),
      villageId: wholeNumber(t, 1, MAX_ID, true).transform((v) => v ?? undefined),
      tier1Qty: wholeNumber(t, 2, 1_000_000, true),
      tier1Price: yuan(t, true),
      tier2Qty: wholeNumber(t, 2, 1_000_000, true),
      tier2Price: yuan(t, true),
      tier3Qty: wholeNumber(t, 2, 1_000_000, true),
      tier3Price: yuan(t, true),
    })
    .superRefine((v, ctx) => {
      const tiers: Array<{ minQty: number; priceFen: number }> = [];
      for (const n of [1, 2, 3] as const) {
        const qty = v[`tier${n}Qty`];
        const price = v[`tier${n}Price`];
        if ((qty == null) !== (price == null))
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: [qty == null ? `tier${n}Qty` : `tier${n}Price`], message: w.tierIncomplete });
        else if (qty != null && price != null) tiers.push({ minQty: qty, priceFen: price });
      }
      if (v.price != null) {
        for (const problem of tierProblems(v.price, tiers))
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["tier1Price"], message: w.tierProblems[problem] });
        const banned = welfareIneligibility(
          { title: v.title, description: v.description, category: v.category, unit: v.unit, priceFen: v.price },
          options.welfare,
        );
        if (banned)
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [banned.reason === "category" ? "category" : "title"],
            message: ineligibilityMessage(t.eligibility, banned),
          });
      }
    })
    .transform((v) => ({
      title: v.title,
      description: v.description,
      category: v.category,
      unit: v.unit,
      priceFen: v.price ?? 0,
      marketPriceFen: v.marketPrice,
      stock: v.stock ?? 0,
      minOrderQty: v.minOrderQty ?? 1,
      leadTimeDays: v.leadTimeDays ?? 0,
      shelfLifeDays: v.shelfLifeDays,
      originVillageId: v.villageId ?? null,
      lowStockThreshold: v.lowStockThreshold,
      tiers: ([1, 2, 3] as const).flatMap((n) => {
        const qty = v[`tier${n}Qty`];
        const price = v[`tier${n}Price`];
        return qty != null && price != null ? [{ minQty: qty, priceFen: price }] : [];
      }),
    }));
}
