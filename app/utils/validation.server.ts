// Route modules take Zod and Conform's parser from here: a .server module is left out of the browser bundle, so
// validation code used only by loaders and actions never ships to phones (docs/decisions/0007-validation-server-only.md).
import { z } from "zod";

export { z } from "zod";
export { parseWithZod } from "@conform-to/zod";

/** A positive whole-number route parameter such as an order id. */
export const idParam = z.coerce.number().int().positive();
