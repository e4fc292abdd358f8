// Route modules take Zod and Conform's parser from here: a .server module is left out of the browser bundle, so
// validation code used only by loaders and actions never ships to phones (docs/decisions/0007-validation-server-only.md).
import { z } from "zod";
import { parseYuan } from "~/domain/money";

export { z } from "zod";
export { parseWithZod } from "@conform-to/zod";

/** A positive whole-number route parameter such as an order id. */
export const idParam = z.coerce.number().int().positive();

/** An amount typed in yuan ("1,234.5", "¥42") as integer fen; anything else is the given message. */
export function yuanField(message: string) {
  return z.string({ required_error: message }).transform((value, ctx) => {
    const fen = parseYuan(value);
    if (fen == null) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      return z.NEVER;
    }
    return fen;
  });
}
