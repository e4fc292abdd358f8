// Form schemas for the draft gift pack page (Conform + Zod, server-side only), and the order request a draft
// becomes: products × headcount as lines, ready packs × headcount as packs.
import { OCCASIONS } from "~/domain/order-builder";
import type { Messages } from "~/locales";
import type { DraftItem } from "~/models/orders/draft-pack.server";
import type { OrderRequest } from "~/models/orders/order-submit.server";
import { safeRedirect } from "~/utils/session.server";
import { z } from "~/utils/validation.server";
import type { ShoppingMessages } from "~/utils/shopping-i18n";

const id = z.coerce.number().int().positive();

export function perMemberField(s: ShoppingMessages) {
  const message = s.draft.invalidPerMember;
  return z.coerce.number({ invalid_type_error: message, required_error: message }).int(message).min(1, message).max(100, message);
}

export function headcountField(t: Messages) {
  return z.coerce
    .number({ required_error: t.errors.required, invalid_type_error: t.errors.invalidNumber })
    .int(t.errors.invalidNumber)
    .min(1, t.errors.invalidNumber)
    .max(100_000, t.errors.invalidNumber);
}

/** A local path to return to after "加入礼包", never another site. */
const localPath = z
  .string()
  .max(500)
  .transform((to) => safeRedirect(to, "/union/draft"))
  .catch("/union/draft");

export function addSchema(t: Messages, s: ShoppingMessages) {
  return z
    .object({
      intent: z.literal("add"),
      productId: id.optional(),
      packId: id.optional(),
      perMember: perMemberField(s).default(1),
      redirectTo: localPath.default("/union/draft"),
    })
    .refine((v) => (v.productId == null) !== (v.packId == null), { message: t.errors.required, path: ["productId"] });
}

export function quantitiesSchema(t: Messages, s: ShoppingMessages) {
  return z.object({
    intent: z.enum(["update", "submit"]),
    occasion: z.enum(OCCASIONS, { errorMap: () => ({ message: t.errors.required }) }),
    headcount: headcountField(t),
    items: z.array(z.object({ id, perMember: perMemberField(s) })).default([]),
  });
}

export function submitSchema(t: Messages) {
  const text = (max: number) => z.string({ required_error: t.errors.required }).trim().min(1, t.errors.required).max(max, t.errors.tooLong);
  return z
    .object({
      token: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
      addressId: z.union([z.literal("new"), id]).default("new"),
      recipient: z.string().trim().max(50, t.errors.tooLong).default(""),
      phone: z.string().trim().max(30, t.errors.tooLong).default(""),
      address: z.string().trim().max(200, t.errors.tooLong).default(""),
      note: z.string().trim().max(500, t.errors.tooLong).default(""),
    })
    .superRefine((v, ctx) => {
      if (v.addressId !== "new") return;
      for (const key of ["recipient", "phone", "address"] as const) {
        if (!text(200).safeParse(v[key]).success) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: t.errors.required });
      }
    });
}

export function templateSchema(t: Messages) {
  return z.object({
    intent: z.literal("saveTemplate"),
    name: z.string({ required_error: t.errors.required }).trim().min(1, t.errors.required).max(40, t.errors.tooLong),
  });
}

export const itemIdSchema = z.object({ itemId: id });
export const templateIdSchema = z.object({ templateId: id });
export const orderIdSchema = z.object({ orderId: id });

/** The draft as an order request: each product × headcount, each pack × headcount packs. */
export function draftOrderRequest(
  items: readonly DraftItem[],
  input: { token: string; occasion: string; headcount: number; address: { recipient: string; phone: string; address: string }; note: string },
): OrderRequest {
  return {
    token: input.token,
    occasion: input.occasion,
    headcount: input.headcount,
    lines: items.filter((i) => i.productId != null).map((i) => ({ productId: i.productId!, quantity: i.perMember * input.headcount })),
    packs: items.filter((i) => i.packId != null).map((i) => ({ packId: i.packId!, count: i.perMember * input.headcount })),
    addresses: [input.address],
    note: input.note,
  };
}
