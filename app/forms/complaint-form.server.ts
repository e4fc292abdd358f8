// The remedy form shared by the supplier's answer and the leader's decision: remedy, and per line the number of
// units to refund (only a partial refund uses them).
import { REMEDIES, SUPPLIER_REMEDIES } from "~/domain/complaints";
import type { Messages } from "~/locales";
import { z } from "~/utils/validation.server";

const count = z.coerce.number().int().min(0).max(1_000_000);

export function remedySchema(t: Messages, who: "supplier" | "leader") {
  return z
    .object({
      complaintId: z.coerce.number().int().positive(),
      remedy: who === "supplier" ? z.enum(SUPPLIER_REMEDIES) : z.enum(REMEDIES),
      text:
        who === "supplier"
          ? z.string({ required_error: t.complaints.answerRequired }).trim().min(1, t.complaints.answerRequired).max(1000, t.errors.tooLong)
          : z.string().trim().max(1000, t.errors.tooLong).default(""),
      lineId: z.array(z.coerce.number().int().positive()).default([]),
      refundQty: z.array(z.union([z.literal("").transform(() => 0), count])).default([]),
      carrier: z.string().trim().max(50, t.errors.tooLong).default(""),
      trackingNo: z.string().trim().max(60, t.errors.tooLong).default(""),
    })
    .transform((v) => ({ ...v, lines: v.lineId.map((orderLineId, i) => ({ orderLineId, quantity: v.refundQty[i] ?? 0 })).filter((l) => l.quantity > 0) }))
    .refine((v) => v.remedy !== "PARTIAL_REFUND" || v.lines.length > 0, { path: ["refundQty"], message: t.complaints.linesRequired });
}
