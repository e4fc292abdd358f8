import { z } from "zod";
import { SUPPLIER_KINDS, TRADE_ROLES } from "~/domain/catalog";
import { ROLES } from "~/domain/roles";
import type { Messages } from "~/locales";

const CREATABLE_KINDS = ["COUNTY", "GRASSROOTS", "PARTNER_GROUP", "PARTNER_UNION", "SUPPLIER"] as const;

/** Shared by the admin forms (client validation) and the admin action (server validation). */
export function organizationSchema(t: Messages) {
  const text = (max: number) => z.string({ required_error: t.errors.required }).trim().min(1, t.errors.required).max(max, t.errors.tooLong);
  const optional = (max: number) => z.string().trim().max(max, t.errors.tooLong).optional();
  return z
    .object({
      kind: z.enum(CREATABLE_KINDS, { required_error: t.errors.required }),
      name: text(100),
      code: text(30).regex(/^[A-Za-z0-9-]+$/, t.admin.usernameFormat),
      parentId: z.coerce.number().int().positive().optional(),
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
  return z.object({
    username: z.string({ required_error: t.errors.required }).trim().min(3, t.errors.required).max(50, t.errors.tooLong).regex(/^[A-Za-z0-9._-]+$/, t.admin.usernameFormat),
    name: z.string({ required_error: t.errors.required }).trim().min(1, t.errors.required).max(50, t.errors.tooLong),
    password: z.string({ required_error: t.errors.required }).min(8, t.admin.passwordTooShort).max(200, t.errors.tooLong),
    orgId: z.coerce.number({ required_error: t.errors.required, invalid_type_error: t.errors.invalidNumber }).int().positive(),
    role: z.enum(ROLES, { required_error: t.errors.required }),
  });
}
