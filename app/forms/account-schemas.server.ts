// Forms of the account pages (self-service, reset link, user and organisation administration).
import { z } from "zod";
import { MAX_PASSWORD_LENGTH, passwordProblem } from "~/domain/password-policy";
import { ROLES } from "~/domain/roles";
import { LOCALES, type Messages } from "~/locales";
import { passwordField, yuanField } from "~/utils/validation.server";

export function checkNotUsername(t: Messages, password: string, username: string, ctx: z.RefinementCtx, path: string) {
  if (passwordProblem(password, username, () => false) === "sameAsUsername") {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message: t.accounts.problems.sameAsUsername });
  }
}

const required = (t: Messages) => z.string({ required_error: t.errors.required }).min(1, t.errors.required).max(MAX_PASSWORD_LENGTH, t.errors.tooLong);

function newPasswordObject(t: Messages) {
  return { newPassword: passwordField(t), confirmPassword: required(t) };
}

function refineNewPassword(t: Messages, username: string) {
  return (value: { newPassword: string; confirmPassword: string }, ctx: z.RefinementCtx) => {
    checkNotUsername(t, value.newPassword, username, ctx, "newPassword");
    if (value.newPassword !== value.confirmPassword)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["confirmPassword"], message: t.accounts.problems.mismatch });
  };
}

export function changePasswordSchema(t: Messages, username: string) {
  return z
    .object({ intent: z.literal("changePassword"), currentPassword: required(t), ...newPasswordObject(t) })
    .superRefine(refineNewPassword(t, username))
    .superRefine((value, ctx) => {
      if (value.currentPassword === value.newPassword)
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["newPassword"], message: t.accounts.problems.sameAsCurrent });
    });
}

export function resetPasswordSchema(t: Messages, username: string) {
  return z.object(newPasswordObject(t)).superRefine(refineNewPassword(t, username));
}

const optionalText = (t: Messages, max: number) =>
  z
    .string()
    .trim()
    .max(max, t.errors.tooLong)
    .optional()
    .transform((v) => (v ? v : null));

export function profileSchema(t: Messages) {
  return z.object({
    intent: z.literal("profile"),
    name: z.string({ required_error: t.errors.required }).trim().min(1, t.errors.required).max(50, t.errors.tooLong),
    phone: optionalText(t, 30),
    email: z
      .string()
      .trim()
      .max(100, t.errors.tooLong)
      .email(t.accounts.problems.invalidEmail)
      .optional()
      .or(z.literal("").transform(() => undefined))
      .transform((v) => v ?? null),
  });
}

export const languageSchema = z.object({ intent: z.literal("language"), locale: z.enum(LOCALES) });

export const endSessionSchema = z.object({ intent: z.literal("endSession"), session: z.string().min(1).max(100) });

/** Button forms that carry nothing but their intent still answer through Conform (ADR 0103). */
export const intentSchema = z.object({ intent: z.string().min(1).max(40) });

export const removeMembershipSchema = z.object({ intent: z.literal("removeMembership"), membershipId: z.coerce.number().int().positive() });

export function addMembershipSchema(t: Messages) {
  return z.object({
    intent: z.literal("addMembership"),
    orgId: z.coerce.number({ required_error: t.errors.required, invalid_type_error: t.errors.required }).int().positive(),
    role: z.enum(ROLES, { required_error: t.errors.required }),
  });
}

export function organizationEditSchema(t: Messages) {
  return z.object({
    intent: z.literal("update"),
    name: z.string({ required_error: t.errors.required }).trim().min(1, t.errors.required).max(100, t.errors.tooLong),
    contactName: optionalText(t, 50),
    contactPhone: optionalText(t, 30),
    headcount: z.coerce
      .number({ invalid_type_error: t.errors.invalidNumber })
      .int(t.errors.invalidNumber)
      .min(0, t.errors.invalidNumber)
      .max(1_000_000, t.errors.invalidNumber)
      .optional(),
    approvalThreshold: yuanField(t.errors.invalidNumber).refine((fen) => fen >= 0 && fen <= 1_000_000_000_00, t.errors.invalidNumber),
  });
}

export function moveSchema(t: Messages) {
  return z.object({
    intent: z.literal("move"),
    countyId: z.coerce.number({ required_error: t.errors.required, invalid_type_error: t.errors.required }).int().positive(),
  });
}

export function mergeSchema(t: Messages) {
  return z.object({
    intent: z.literal("merge"),
    survivorId: z.coerce.number({ required_error: t.errors.required, invalid_type_error: t.errors.required }).int().positive(),
    confirm: z.literal("yes", { errorMap: () => ({ message: t.errors.required }) }),
  });
}

/** Rows whose village is left empty are dropped: that is how a row is removed or the spare row left unused. */
export function villagesSchema(t: Messages) {
  return z
    .object({
      intent: z.literal("villages"),
      villages: z
        .array(
          z.object({
            villageId: z.coerce.number().int().positive().optional(),
            householdsBenefited: z.coerce
              .number({ invalid_type_error: t.errors.invalidNumber })
              .int(t.errors.invalidNumber)
              .min(0, t.errors.invalidNumber)
              .max(1_000_000, t.errors.invalidNumber)
              .default(0),
          }),
        )
        .max(100)
        .default([]),
    })
    .superRefine((value, ctx) => {
      const seen = new Set<number>();
      value.villages.forEach((v, i) => {
        if (v.villageId == null) return;
        if (seen.has(v.villageId))
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["villages", i, "villageId"], message: t.manage.problems.villageDuplicate });
        seen.add(v.villageId);
      });
    })
    .transform((value) => ({
      villages: value.villages.flatMap((v) => (v.villageId == null ? [] : [{ villageId: v.villageId, householdsBenefited: v.householdsBenefited }])),
    }));
}
