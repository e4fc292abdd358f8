// The ready-pack proposal form: items typed one per line as "code,quantity,unit price in yuan" (server-side only).
import { parseCsv } from "~/domain/csv";
import { parseYuan } from "~/domain/money";
import type { Messages } from "~/locales";
import { z } from "~/utils/validation.server";
import type { CampaignMessages } from "~/utils/campaign-i18n";

export function proposalSchema(t: Messages, cm: CampaignMessages) {
  const p = cm.packs;
  return z.object({
    name: z.string({ required_error: t.errors.required }).trim().min(1, t.errors.required).max(60, t.errors.tooLong),
    description: z.string().trim().max(1000, t.errors.tooLong).default(""),
    items: z
      .string({ required_error: t.errors.required })
      .max(5000, t.errors.tooLong)
      .transform((text, ctx) => {
        const rows = parseCsv(text).filter((r) => r.some((cell) => cell.trim() !== ""));
        const items: Array<{ code: string; quantity: number; unitPriceFen: number }> = [];
        rows.forEach((r, i) => {
          const code = (r[0] ?? "").trim().toUpperCase();
          const quantity = /^\d{1,4}$/.test((r[1] ?? "").trim()) ? Number(r[1].trim()) : 0;
          const price = parseYuan(r[2] ?? "");
          if (!/^P\d{5,}$/.test(code) || quantity < 1 || quantity > 1000 || !price)
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: p.itemLine(i + 1, p.itemFormat) });
          else items.push({ code, quantity, unitPriceFen: price });
        });
        if (!rows.length) ctx.addIssue({ code: z.ZodIssueCode.custom, message: t.errors.required });
        if (rows.length > 20) ctx.addIssue({ code: z.ZodIssueCode.custom, message: t.errors.tooLong });
        return items;
      }),
  });
}
