import { idField, optionalTextField, passwordField, textField, z } from "~/utils/validation.server";
import { SUPPLIER_KINDS, TRADE_ROLES } from "~/domain/catalog";
import { ROLES } from "~/domain/roles";
import type { Messages } from "~/locales";
import { checkNotUsername } from "./account-schemas.server";

const CREATABLE_KINDS = ["COUNTY", "GRASSROOTS", "PARTNER_GROUP", "PARTNER_UNION", "SUPPLIER"] as const;

/** The admin action's forms (server validation). */
export function organizationSchema(t: Messages) {
  const text = (max: number) => textField(t, max);
  const optional = (max: number) => optionalTextField(t, max);
  return z
    .object({
      kind: z.enum(CREATABLE_KINDS, { required_error: t.errors.required }),
      name: text(100),
      code: textField(t, 30).refine((code) => /^[A-Za-z0-9-]+$/.test(code), t.admin.usernameFormat),
      parentId: idField(t.errors.invalidNumber).optional(),
      region: optional(30),
      contactName: optional(50),
      contactPhone: optional(30),
      supplierKind: z.enum(SUPPLIER_KINDS).optional(),
      tradeRole: z.enum(TRADE_ROLES).optional(),
      county: optional(30),
    })
    .superRefine((value, ctx) => {
      if (value.kind !== "SUPPLIER") return;
      for (const key of ["supplierKind", "tradeRole", "county"] as const) {
        if (!value[key]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: t.errors.required });
      }
    });
}

export function userSchema(t: Messages) {
  return z
    .object({
      username: z
        .string({ required_error: t.errors.required })
        .trim()
        .min(3, t.errors.required)
        .max(50, t.errors.tooLong)
        .regex(/^[A-Za-z0-9._-]+$/, t.admin.usernameFormat),
      name: textField(t, 50),
      password: passwordField(t),
      orgId: idField(t.errors.invalidNumber),
      role: z.enum(ROLES, { required_error: t.errors.required }),
    })
    .superRefine((value, ctx) => checkNotUsername(t, value.password, value.username, ctx, "password"));
}
