// The campaign form (Conform + Zod, server-side only): dates are China calendar days, amounts yuan → fen.
import { windowFromDays } from "~/domain/campaign";
import { startOfChinaDay } from "~/domain/china-time";
import { OCCASIONS } from "~/domain/order-builder";
import type { Messages } from "~/locales";
import { yuanField, z } from "~/utils/validation.server";
import type { CampaignMessages } from "~/utils/campaign-i18n";

export function campaignSchema(t: Messages, cm: CampaignMessages) {
  const c = cm.list;
  const day = z
    .string({ required_error: t.errors.required })
    .regex(/^\d{4}-\d{2}-\d{2}$/, c.invalidDate)
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00+08:00`)), c.invalidDate);
  const amount = yuanField(t.errors.invalidAmount).refine((fen) => fen > 0 && fen <= 100_000_000, t.errors.invalidAmount);
  return z
    .object({
      name: z.string({ required_error: t.errors.required }).trim().min(1, t.errors.required).max(60, t.errors.tooLong),
      occasion: z.enum(OCCASIONS, { errorMap: () => ({ message: t.errors.required }) }),
      opensOn: day,
      closesOn: day,
      deliverBy: day,
      guidance: amount,
      cap: amount,
      target: z.coerce.number({ invalid_type_error: c.invalidTarget }).int(c.invalidTarget).min(1, c.invalidTarget).max(100, c.invalidTarget).optional(),
    })
    .superRefine((v, ctx) => {
      if (v.closesOn < v.opensOn) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["closesOn"], message: c.closesBeforeOpens });
      if (v.deliverBy < v.closesOn) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["deliverBy"], message: c.deliverBeforeClose });
      if (v.guidance > v.cap) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["guidance"], message: c.guidanceAboveCap });
    })
    .transform((v) => ({
      name: v.name,
      occasion: v.occasion,
      ...windowFromDays(v.opensOn, v.closesOn),
      deliverBy: startOfChinaDay(v.deliverBy),
      guidancePerMemberFen: v.guidance,
      capPerMemberFen: v.cap,
      targetBasisPoints: v.target == null ? null : v.target * 100,
    }));
}
