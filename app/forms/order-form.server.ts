import { intField, normaliseDigits, optionalTextField, textField, z } from "~/utils/validation.server";

/** Most units of one product on one order line, and in a whole order (per-entry bound; order sums stay exact). */
export const MAX_LINE_QUANTITY = 100_000;
export const MAX_ORDER_QUANTITY = 1_000_000;
import { parseCsv } from "~/domain/csv";
import { OCCASIONS, expandGiftPack, type RequestedLine } from "~/domain/order-builder";
import type { Messages } from "~/locales";
import { productIdsByCode } from "~/models/catalog/products.server";
import type { OrderPreview, OrderRequest, SubmitOutcome } from "~/models/orders/order-submit.server";
import type { ShoppingMessages } from "~/utils/shopping-i18n";
import type { FormReply } from "~/utils/forms.server";

/** What the order pages answer: the one form reply, and the preview shown beside the form. */
export type OrderFormReply = FormReply & { preview: OrderPreview | null };

/** The order form's plain fields, built once per language: the busiest form of all, and Zod schemas cost to build. */
const orderFieldSchemas = new WeakMap<Messages, ReturnType<typeof orderFields>>();
function orderFields(t: Messages) {
  return z
    .object({
      intent: z.enum(["preview", "submit"]).catch("preview"),
      token: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
      mode: z.enum(["pack", "quantities"]).catch("quantities"),
      occasion: z.enum(OCCASIONS, { errorMap: () => ({ message: t.errors.required }) }),
      headcount: z
        .union([z.literal("").transform(() => null), intField(t, 1, 100_000)])
        .optional()
        .transform((v) => v ?? null),
      recipient1: textField(t, 50),
      phone1: textField(t, 30),
      address1: textField(t, 200),
      recipient2: optionalTextField(t, 50),
      phone2: optionalTextField(t, 30),
      address2: optionalTextField(t, 200),
      note: optionalTextField(t, 500, { multiline: true }),
      csv: optionalTextField(t, 20_000, { multiline: true }),
    })
    .superRefine((v, ctx) => {
      if (v.mode === "pack" && v.headcount == null) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["headcount"], message: t.errors.required });
    });
}

/** Order form fields (documented for API callers in docs/orders.md). Rows are repeated fields aligned by position. */
export async function parseOrderForm(
  form: FormData,
  t: Messages,
): Promise<{ ok: true; intent: "preview" | "submit"; request: OrderRequest } | { ok: false; errors: string[]; fieldErrors: Record<string, string[]> }> {
  const b = t.orders.builder;
  let base = orderFieldSchemas.get(t);
  if (!base) orderFieldSchemas.set(t, (base = orderFields(t)));
  const parsed = base.safeParse(
    Object.fromEntries([...form.entries()].filter(([k, v]) => typeof v === "string" && !["productId", "productCode", "quantity", "split"].includes(k))),
  );
  if (!parsed.success) {
    const flat = parsed.error.flatten();
    return { ok: false, errors: flat.formErrors, fieldErrors: Object.fromEntries(Object.entries(flat.fieldErrors).map(([k, v]) => [k, v ?? []])) };
  }
  const v = parsed.data;
  const errors: string[] = [];
  const rows: RequestedLine[] = [];
  const whole = (value: FormDataEntryValue | undefined) => {
    const digits = typeof value === "string" ? normaliseDigits(value.trim()) : "";
    return /^\d{1,6}$/.test(digits) && Number(digits) <= MAX_LINE_QUANTITY ? Number(digits) : null;
  };
  // Rows name products by id (API callers) or by catalog code (the form), aligned by position.
  const productIds = form.getAll("productId");
  const productCodes = form.getAll("productCode").map((c) => (typeof c === "string" ? c.trim().toUpperCase() : ""));
  const quantities = form.getAll("quantity");
  const splits = form.getAll("split");
  const codes = productCodes.filter(Boolean);
  const byCode = new Map(codes.length ? (await productIdsByCode(codes)).map((p) => [p.code, p.id]) : []);
  const rowCount = Math.max(productIds.length, productCodes.length, quantities.length);
  for (let i = 0; i < rowCount; i++) {
    const code = productCodes[i] ?? "";
    const productId = whole(productIds[i]) ?? (code ? (byCode.get(code) ?? null) : null);
    const quantity = whole(quantities[i]);
    const named = Boolean(productId || code);
    // A row left empty, or with a quantity of 0, is simply not part of the order.
    if ((!named && (quantities[i] ?? "") === "") || (named && quantity === 0)) continue;
    if (code && !productId) {
      errors.push(`${b.product} ${i + 1}: ${b.csvUnknownCode(code)}`);
      continue;
    }
    if (!productId || !quantity) {
      errors.push(`${b.product} ${i + 1}: ${t.errors.invalidNumber}`);
      continue;
    }
    rows.push({ productId, quantity, secondAddressQuantity: whole(splits[i]) ?? 0 });
  }
  if (v.csv) {
    const csvRows = parseCsv(v.csv).filter((r) => !/^code$/i.test((r[0] ?? "").trim()));
    const codes = csvRows.map((r) => (r[0] ?? "").trim());
    const products = await productIdsByCode(codes);
    csvRows.forEach((r, i) => {
      const product = products.find((p) => p.code === (r[0] ?? "").trim());
      const quantity = whole(r[1]);
      if (!product) errors.push(b.csvError(i + 1, b.csvUnknownCode(r[0] ?? "")));
      else if (!quantity) errors.push(b.csvError(i + 1, t.errors.invalidNumber));
      else rows.push({ productId: product.id, quantity, secondAddressQuantity: whole(r[2]) ?? 0 });
    });
  }
  if (errors.length) return { ok: false, errors, fieldErrors: {} };
  if (!rows.length) return { ok: false, errors: [b.empty], fieldErrors: {} };
  const lines =
    v.mode === "pack" && v.headcount
      ? expandGiftPack(
          rows.map((r) => ({ productId: r.productId, perPerson: r.quantity })),
          v.headcount,
        ).map((l, i) => ({ ...l, secondAddressQuantity: rows[i].secondAddressQuantity }))
      : rows;
  // 100,000 people × 9,999,999 each is not an order; bounded quantities keep every line and total amount exact.
  if (lines.some((l) => l.quantity > MAX_ORDER_QUANTITY) || lines.reduce((sum, l) => sum + l.quantity, 0) > MAX_ORDER_QUANTITY) {
    return { ok: false, errors: [`${b.quantity}: ${t.errors.invalidNumber} (≤ ${MAX_ORDER_QUANTITY.toLocaleString("en")})`], fieldErrors: {} };
  }
  const second = v.recipient2 && v.address2 ? { recipient: v.recipient2, phone: v.phone2, address: v.address2 } : null;
  return {
    ok: true,
    intent: v.intent,
    request: {
      token: v.token,
      occasion: v.occasion,
      headcount: v.headcount,
      lines: second ? lines : lines.map((l) => ({ ...l, secondAddressQuantity: 0 })),
      addresses: second
        ? [{ recipient: v.recipient1, phone: v.phone1, address: v.address1 }, second]
        : [{ recipient: v.recipient1, phone: v.phone1, address: v.address1 }],
      note: v.note,
    },
  };
}

/**
 * Why a submitted order was not made, in the buyer's language, with its status, and the preview to show beside
 * it (the order builder and the draft gift pack answer alike).
 */
export async function orderRefusal(
  outcome: Exclude<SubmitOutcome, { kind: "created" } | { kind: "replayed" }>,
  t: Messages,
  shopping: ShoppingMessages,
  preview: () => Promise<OrderPreview>,
): Promise<{ messages: string[]; status: 400 | 409; preview: OrderPreview | null }> {
  const b = t.orders.builder;
  switch (outcome.kind) {
    case "insufficientStock":
      return { messages: [b.notEnoughStock(outcome.titles.join("、"))], status: 409, preview: await preview() };
    case "tokenReused":
      return { messages: [b.tokenReused], status: 409, preview: null };
    case "overBudget":
      return { messages: [b.overBudget], status: 409, preview: await preview() };
    case "overCap":
      return { messages: [b.overCap], status: 400, preview: await preview() };
    case "overCampaignCap":
      return { messages: [shopping.order.overCampaignCap], status: 400, preview: await preview() };
    case "invalid":
      // The preview names each line's problem.
      return { messages: [], status: 400, preview: outcome.preview };
  }
}
