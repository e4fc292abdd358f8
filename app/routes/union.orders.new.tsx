import crypto from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Field } from "~/components/ui/Field";
import { OrderPreviewCard } from "~/components/orders/OrderPreview";
import { SelectField } from "~/components/ui/SelectField";
import { OCCASIONS, ORDER_FORM_ROWS } from "~/domain/order-builder";
import { previewOrder, submitOrder } from "~/models/orders/order-submit.server";
import { orderableProductOptions, productCodeOf } from "~/models/catalog/products.server";
import { reorderFormLines } from "~/models/orders/draft-pack.server";
import { defaultAddress } from "~/models/orders/union-addresses.server";
import { budgetSettings } from "~/models/welfare/welfare.server";
import { chinaYear } from "~/domain/china-time";
import { useT } from "~/utils/i18n";
import { getLocale, getMessages } from "~/utils/locale.server";
import { orderRefusal, parseOrderForm, type OrderFormReply } from "~/forms/order-form.server";
import { requireRole } from "~/utils/permissions.server";
import { formRefusal, readForm } from "~/utils/forms.server";
import { shoppingMessages, useShoppingT } from "~/utils/shopping-i18n";
import { ordersArea } from "~/locales/area/orders";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const url = new URL(request.url);
  const preselect = Number(url.searchParams.get("product"));
  const from = Number(url.searchParams.get("from"));
  const [products, preselectedCode, settings] = await Promise.all([
    orderableProductOptions(),
    Number.isSafeInteger(preselect) && preselect > 0 ? await productCodeOf(preselect) : null,
    budgetSettings(user.org.id, chinaYear(new Date())),
  ]);
  // "再来一单" for an order placed by quantities: its lines come back as rows (the rest, if many, as CSV).
  const reorder = Number.isSafeInteger(from) && from > 0 ? await reorderFormLines(user, from) : null;
  // A fresh token per form: the same form posted twice (double click, retry) makes one order.
  return json({
    token: crypto.randomBytes(12).toString("base64url"),
    products,
    preselectedCode,
    headcount: settings.headcount,
    address: await defaultAddress(user),
    reorder: reorder
      ? {
          occasion: reorder.occasion,
          rows: reorder.lines.slice(0, ORDER_FORM_ROWS),
          csv: reorder.lines
            .slice(ORDER_FORM_ROWS)
            .map((l) => `${l.code},${l.quantity}`)
            .join("\n"),
        }
      : null,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const t = await getMessages(request);
  const parsed = await parseOrderForm(await readForm(request), t);
  if (!parsed.ok) return json<OrderFormReply>({ ...formRefusal(parsed.errors, { fieldErrors: parsed.fieldErrors }), preview: null }, { status: 400 });
  if (parsed.intent === "preview")
    return json<OrderFormReply>({ result: { status: "success" }, intent: "preview", saved: null, preview: await previewOrder(user, parsed.request) });
  const outcome = await submitOrder(user, parsed.request);
  if (outcome.kind === "created" || outcome.kind === "replayed") return redirect(`/union/orders/${outcome.orderId}`);
  const refusal = await orderRefusal(outcome, t, shoppingMessages(await getLocale(request)), () => previewOrder(user, parsed.request));
  return json<OrderFormReply>({ ...formRefusal(refusal.messages), preview: refusal.preview }, { status: refusal.status });
}

export default function NewOrder() {
  const t = useT(ordersArea);
  const s = useShoppingT();
  const b = t.orders.builder;
  const { token, products, preselectedCode, headcount: budgetHeadcount, address, reorder } = useLoaderData<typeof loader>();
  const [headcount, setHeadcount] = useState(budgetHeadcount == null ? "" : String(budgetHeadcount));
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [mode, setMode] = useState<"pack" | "quantities">(reorder ? "quantities" : "pack");
  const fe = data?.result.error ?? {};
  const errors = fe[""] ?? [];
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{t.orders.newOrder}</h1>
      <Form method="post" className="flex flex-col gap-4" id="order-form">
        <input type="hidden" name="token" value={token} />
        <section className="card grid gap-3 sm:grid-cols-3">
          <fieldset className="flex flex-col gap-1 sm:col-span-3">
            <legend className="field-label">{b.mode}</legend>
            <div className="flex flex-wrap gap-4 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" name="mode" value="pack" checked={mode === "pack"} onChange={() => setMode("pack")} className="h-5 w-5" />
                {b.modePack}
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="mode" value="quantities" checked={mode === "quantities"} onChange={() => setMode("quantities")} className="h-5 w-5" />
                {b.modeQuantities}
              </label>
            </div>
          </fieldset>
          <SelectField id="occasion" name="occasion" label={t.orders.occasion} defaultValue={reorder?.occasion ?? "MID_AUTUMN"} errors={fe.occasion}>
            {OCCASIONS.map((o) => (
              <option key={o} value={o}>
                {t.occasions[o]}
              </option>
            ))}
          </SelectField>
          <Field
            id="headcount"
            name="headcount"
            label={b.headcount}
            inputMode="numeric"
            errors={fe.headcount}
            value={headcount}
            onChange={(e) => setHeadcount(e.currentTarget.value)}
            hint={s.draft.headcountHint}
          />
        </section>
        <section className="card flex flex-col gap-2" aria-labelledby="lines">
          <h2 id="lines">{t.orders.detail.lines}</h2>
          <p className="text-xs text-stone-600">
            {b.addLinesHint} {b.codeHint} <Link to="/products">{t.nav.catalog}</Link>
          </p>
          <datalist id="product-codes">
            {products.map((p) => (
              <option key={p.code} value={p.code}>
                {p.label}
              </option>
            ))}
          </datalist>
          {Array.from({ length: ORDER_FORM_ROWS }, (_, i) => (
            <div key={i} className="grid grid-cols-2 gap-2 sm:grid-cols-[3fr_1fr_1fr]">
              <Field
                id={`productCode-${i}`}
                name="productCode"
                label={`${b.product} ${i + 1}`}
                list="product-codes"
                autoComplete="off"
                defaultValue={reorder?.rows[i]?.code ?? (i === 0 ? (preselectedCode ?? "") : "")}
                placeholder="P00002"
              />
              <Field
                id={`quantity-${i}`}
                name="quantity"
                label={mode === "pack" ? b.perPerson : b.quantity}
                inputMode="numeric"
                defaultValue={reorder?.rows[i]?.quantity ?? ""}
              />
              <Field id={`split-${i}`} name="split" label={b.secondAddress} inputMode="numeric" />
            </div>
          ))}
          <div className="field">
            <label htmlFor="csv" className="field-label">
              {b.csv}
            </label>
            <textarea
              id="csv"
              name="csv"
              rows={3}
              className="input"
              placeholder={mode === "pack" ? s.csvPackPlaceholder : s.csvQuantityPlaceholder}
              defaultValue={reorder?.csv ?? ""}
              aria-describedby={mode === "pack" ? "csv-pack-hint" : undefined}
            />
            {mode === "pack" ? (
              <p id="csv-pack-hint" className="field-hint" data-testid="csv-pack-hint">
                {s.csvPackHint(headcount || b.headcount)}
              </p>
            ) : null}
          </div>
        </section>
        <section className="card grid gap-3 sm:grid-cols-3" aria-labelledby="delivery">
          <h2 id="delivery" className="sm:col-span-3">
            {b.address1}
          </h2>
          <Field id="recipient1" name="recipient1" label={b.recipient} errors={fe.recipient1} defaultValue={address?.recipient ?? ""} />
          <Field id="phone1" name="phone1" label={b.phone} type="tel" errors={fe.phone1} defaultValue={address?.phone ?? ""} />
          <Field id="address1" name="address1" label={b.address} errors={fe.address1} defaultValue={address?.address ?? ""} />
          <h3 className="font-medium sm:col-span-3">{b.address2}</h3>
          <Field id="recipient2" name="recipient2" label={b.recipient} />
          <Field id="phone2" name="phone2" label={b.phone} type="tel" />
          <Field id="address2" name="address2" label={b.address} />
          <div className="sm:col-span-3">
            <Field id="note" name="note" label={b.note} />
          </div>
        </section>
        {errors.length ? (
          <ul className="card field-error list-disc pl-8" role="alert" data-testid="order-errors">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
        {data?.preview ? <OrderPreviewCard preview={data.preview} /> : null}
        <div className="flex flex-wrap gap-2">
          <button type="submit" name="intent" value="preview" className="btn-secondary">
            {b.preview}
          </button>
          <button type="submit" name="intent" value="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            {b.submit}
          </button>
        </div>
      </Form>
    </div>
  );
}
