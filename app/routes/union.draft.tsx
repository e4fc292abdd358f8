import crypto from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { OrderPreviewCard } from "~/components/orders/OrderPreview";
import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { SelectField } from "~/components/ui/SelectField";
import { chinaYear } from "~/domain/china-time";
import { OCCASIONS } from "~/domain/order-builder";
import { campaignsForUnion } from "~/models/campaigns/campaigns.server";
import {
  addToDraft,
  clearDraftItems,
  deleteTemplate,
  draftItems,
  listTemplates,
  loadTemplate,
  orderIdForToken,
  removeFromDraft,
  reorderIntoDraft,
  saveTemplate,
  setDraftQuantities,
} from "~/models/orders/draft-pack.server";
import { previewOrder, submitOrder, type OrderPreview } from "~/models/orders/order-submit.server";
import { listAddresses } from "~/models/orders/union-addresses.server";
import { budgetSettings } from "~/models/welfare/welfare.server";
import {
  addSchema,
  draftOrderRequest,
  headcountField,
  itemIdSchema,
  orderIdSchema,
  quantitiesSchema,
  submitSchema,
  templateIdSchema,
  templateSchema,
} from "~/forms/draft-form.server";
import { formRefusal, invalidSubmission, readForm, refusedSubmission, savedSubmission, type FormReply } from "~/utils/forms.server";
import { orderRefusal } from "~/forms/order-form.server";
import { SavedNotice } from "~/components/ui/SavedNotice";
import { useT } from "~/utils/i18n";
import { getLocale, getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { parseWithZod } from "~/utils/validation.server";
import { shoppingMessages, useShoppingT } from "~/utils/shopping-i18n";
import { giftPackArea } from "~/locales/area/gift-pack";
import { ordersArea } from "~/locales/area/orders";

const NOTICES = ["added", "loaded", "reordered"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const url = new URL(request.url);
  const t = await getMessages(request);
  const [settings, items] = await Promise.all([budgetSettings(user.org.id, chinaYear(new Date())), draftItems(user)]);
  const openCampaigns = (await campaignsForUnion(user)).filter((c) => c.state === "open");
  const asked = headcountField(t).safeParse(url.searchParams.get("headcount") ?? undefined);
  const headcount = asked.success ? asked.data : settings.headcount;
  const occasionParam = url.searchParams.get("occasion");
  const occasion = OCCASIONS.find((o) => o === occasionParam) ?? openCampaigns[0]?.occasion ?? "MID_AUTUMN";
  // The figures are computed on the server from the saved draft; the page needs no script to show them.
  const preview =
    items.length && headcount
      ? await previewOrder(
          user,
          draftOrderRequest(items, { token: "preview", occasion, headcount, address: { recipient: "", phone: "", address: "" }, note: "" }),
        )
      : null;
  return json({
    token: crypto.randomBytes(12).toString("base64url"),
    items,
    headcount,
    occasion,
    preview,
    addresses: await listAddresses(user),
    templates: await listTemplates(user),
    notice: NOTICES.find((n) => n === url.searchParams.get("notice")) ?? null,
  });
}

type ActionData = FormReply & { preview?: OrderPreview | null };

function draftUrl(params: Record<string, string | number>) {
  return `/union/draft?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()}`;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const t = await getMessages(request);
  const s = shoppingMessages(await getLocale(request));
  const d = s.draft;
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const back = new URL(request.url);
  switch (intent.startsWith("remove:") ? "remove" : intent) {
    case "add": {
      const submission = parseWithZod(form, { schema: addSchema(t, s) });
      if (submission.status !== "success") return invalidSubmission(submission.reply());
      const v = submission.value;
      const outcome = await addToDraft(user, v.productId != null ? { productId: v.productId } : { packId: v.packId! }, v.perMember);
      if (outcome === "notFound") notFound();
      const target = new URL(v.redirectTo, back.origin);
      target.searchParams.set(target.pathname === "/union/draft" ? "notice" : "added", "added");
      return redirect(`${target.pathname}${target.search}`);
    }
    case "update":
    case "submit": {
      const quantities = parseWithZod(form, { schema: quantitiesSchema(t, s) });
      if (quantities.status !== "success") return invalidSubmission(quantities.reply());
      const q = quantities.value;
      await setDraftQuantities(user, q.items);
      if (intent === "update") return redirect(draftUrl({ headcount: q.headcount, occasion: q.occasion }));
      const delivery = parseWithZod(form, { schema: submitSchema(t) });
      if (delivery.status !== "success") return invalidSubmission(delivery.reply());
      const v = delivery.value;
      const book = v.addressId === "new" ? null : (await listAddresses(user)).find((a) => a.id === v.addressId);
      if (v.addressId !== "new" && !book) notFound();
      const items = await draftItems(user);
      if (!items.length) {
        // The draft empties when its order is made: a repeated post of the same form goes to that order.
        const existing = await orderIdForToken(user, v.token);
        if (existing) return redirect(`/union/orders/${existing}`);
        return json<ActionData>(formRefusal(t.orders.builder.empty), { status: 400 });
      }
      const orderRequest = draftOrderRequest(items, {
        token: v.token,
        occasion: q.occasion,
        headcount: q.headcount,
        note: v.note,
        address: book
          ? { recipient: book.recipient, phone: book.phone, address: book.address }
          : { recipient: v.recipient, phone: v.phone, address: v.address },
      });
      const outcome = await submitOrder(user, orderRequest);
      if (outcome.kind === "created")
        await clearDraftItems(
          user,
          items.map((i) => i.id),
        );
      if (outcome.kind === "created" || outcome.kind === "replayed") return redirect(`/union/orders/${outcome.orderId}`);
      const refusal = await orderRefusal(outcome, t, s, () => previewOrder(user, orderRequest));
      return json<ActionData>({ ...formRefusal(refusal.messages), preview: refusal.preview }, { status: refusal.status });
    }
    case "remove": {
      const parsed = itemIdSchema.safeParse({ itemId: intent.slice("remove:".length) });
      if (!parsed.success) throw new Response("Bad request", { status: 400 });
      await removeFromDraft(user, parsed.data.itemId);
      return redirect(`${back.pathname}${back.search}`);
    }
    case "saveTemplate": {
      const submission = parseWithZod(form, { schema: templateSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply());
      const outcome = await saveTemplate(user, submission.value.name);
      if (outcome === "exists") return invalidSubmission(submission.reply({ fieldErrors: { name: [d.templateExists] } }));
      if (outcome === "empty") return refusedSubmission(d.empty, { intent: "saveTemplate" });
      return savedSubmission(submission, d.templateSaved, "saveTemplate");
    }
    case "loadTemplate":
    case "deleteTemplate": {
      const parsed = templateIdSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) throw new Response("Bad request", { status: 400 });
      const done = intent === "loadTemplate" ? await loadTemplate(user, parsed.data.templateId) : await deleteTemplate(user, parsed.data.templateId);
      if (!done) notFound();
      return redirect(intent === "loadTemplate" ? draftUrl({ notice: "loaded" }) : "/union/draft");
    }
    case "reorder": {
      const parsed = orderIdSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) throw new Response("Bad request", { status: 400 });
      const outcome = await reorderIntoDraft(user, parsed.data.orderId);
      if (outcome.kind === "notFound") notFound();
      if (outcome.kind === "form") return redirect(`/union/orders/new?from=${parsed.data.orderId}`);
      return redirect(draftUrl({ headcount: outcome.headcount, occasion: outcome.occasion, notice: "reordered" }));
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function DraftPack() {
  const t = useT(giftPackArea, ordersArea);
  const s = useShoppingT();
  const d = s.draft;
  const b = t.orders.builder;
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const fieldErrors = actionData?.result?.error ?? {};
  const orderErrors = fieldErrors[""] ?? [];
  const errorsOf = (key: string) => fieldErrors[key] ?? undefined;
  const preview = actionData?.preview ?? data.preview;
  const defaultAddress = data.addresses.find((a) => a.isDefault) ?? data.addresses[0];
  const notices = { added: t.giftPack.added, loaded: d.loaded, reordered: d.reordered };
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{d.title}</h1>
      <p className="text-sm text-stone-600">{d.intro}</p>
      {data.notice ? (
        <p className="card border-leaf-600 text-leaf-600" role="status" data-testid="draft-notice">
          {notices[data.notice]}
        </p>
      ) : null}
      {data.items.length ? (
        <Form method="post" className="flex flex-col gap-4" id="draft-form">
          <input type="hidden" name="token" value={data.token} />
          {/* Enter in a quantity field recalculates (the first submit button is the form's default, not "remove"). */}
          <button type="submit" name="intent" value="update" className="sr-only" tabIndex={-1} aria-hidden="true" />
          <section className="card flex flex-col gap-2" aria-labelledby="draft-items">
            <h2 id="draft-items">{t.orders.detail.lines}</h2>
            <ul className="flex flex-col divide-y divide-stone-200" data-testid="draft-items">
              {data.items.map((item, i) => (
                <li key={item.id} className="flex flex-wrap items-end gap-3 py-2" data-testid="draft-item">
                  <input type="hidden" name={`items[${i}].id`} value={item.id} />
                  <div className="min-w-0 flex-1 basis-48">
                    <p className="font-medium">
                      {item.packId != null ? (
                        <Link to={`/packs/${item.packId}`}>{item.title}</Link>
                      ) : (
                        <Link to={`/products/${item.productId}`}>{item.title}</Link>
                      )}
                      {item.packId != null ? <span className="badge-muted ml-1">{s.draft.pack}</span> : null}
                    </p>
                    <p className="text-xs text-stone-600">
                      {item.code} · {item.supplierName} · <Money fen={item.priceFen} />
                      {item.unit ? ` / ${t.units.name(item.unit)}` : ` ${s.draft.perPack}`}
                    </p>
                    {!item.available ? <p className="field-error">{b.problems.notFound}</p> : null}
                  </div>
                  <div className="w-28">
                    <Field
                      id={`perMember-${item.id}`}
                      name={`items[${i}].perMember`}
                      label={d.perMember}
                      inputMode="numeric"
                      defaultValue={item.perMember}
                      errors={errorsOf(`items[${i}].perMember`)}
                    />
                  </div>
                  <button type="submit" name="intent" value={`remove:${item.id}`} className="btn-secondary" aria-label={`${d.remove} ${item.title}`}>
                    {d.remove}
                  </button>
                </li>
              ))}
            </ul>
          </section>
          <section className="card grid gap-3 sm:grid-cols-2">
            <SelectField id="occasion" name="occasion" label={t.orders.occasion} defaultValue={data.occasion} errors={errorsOf("occasion")}>
              {OCCASIONS.map((o) => (
                <option key={o} value={o}>
                  {t.occasions[o]}
                </option>
              ))}
            </SelectField>
            <Field
              id="headcount"
              name="headcount"
              label={d.headcount}
              inputMode="numeric"
              defaultValue={data.headcount ?? ""}
              hint={d.headcountHint}
              errors={errorsOf("headcount")}
            />
          </section>
          {orderErrors.length ? (
            <ul className="card field-error list-disc pl-8" role="alert" data-testid="order-errors">
              {orderErrors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <button type="submit" name="intent" value="update" className="btn-secondary">
              {d.update}
            </button>
          </div>
          {preview ? <OrderPreviewCard preview={preview} /> : null}
          <section className="card flex flex-col gap-3" aria-labelledby="draft-address">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 id="draft-address">{d.address}</h2>
              <Link to="/union/addresses" className="text-sm">
                {d.manageAddresses}
              </Link>
            </div>
            <fieldset className="flex flex-col gap-2">
              <legend className="sr-only">{d.fromBook}</legend>
              {data.addresses.map((a) => (
                <label key={a.id} className="flex items-start gap-2 text-sm">
                  <input type="radio" name="addressId" value={a.id} defaultChecked={a.id === defaultAddress?.id} className="mt-0.5 h-5 w-5" />
                  <span>
                    <strong>{a.label}</strong>
                    {a.isDefault ? <span className="badge-muted ml-1">{s.draft.isDefault}</span> : null}
                    <br />
                    {a.recipient} · {a.phone} · {a.address}
                  </span>
                </label>
              ))}
              <label className="flex items-center gap-2 text-sm">
                <input type="radio" name="addressId" value="new" defaultChecked={!defaultAddress} className="h-5 w-5" />
                {d.newAddress}
              </label>
            </fieldset>
            <div className="grid gap-3 sm:grid-cols-3">
              <Field id="recipient" name="recipient" label={b.recipient} errors={errorsOf("recipient")} />
              <Field id="phone" name="phone" label={b.phone} type="tel" errors={errorsOf("phone")} />
              <Field id="address" name="address" label={b.address} errors={errorsOf("address")} />
            </div>
            <Field id="note" name="note" label={b.note} errors={errorsOf("note")} />
          </section>
          <div className="flex flex-wrap gap-2">
            <button type="submit" name="intent" value="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
              {d.submit}
            </button>
          </div>
        </Form>
      ) : (
        <p className="card" data-testid="draft-empty">
          {d.empty} <Link to="/products">{t.nav.catalog}</Link>
        </p>
      )}
      <section className="card flex flex-col gap-3" aria-labelledby="templates">
        <h2 id="templates">{d.templates}</h2>
        <SavedNotice message={actionData?.saved} />
        {data.items.length ? (
          <Form key={data.templates.length} method="post" className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="intent" value="saveTemplate" />
            <div className="min-w-0 flex-1 basis-48">
              <Field id="template-name" name="name" label={d.templateName} errors={errorsOf("name")} />
            </div>
            <button type="submit" className="btn-secondary">
              {d.saveTemplate}
            </button>
          </Form>
        ) : null}
        {data.templates.length ? (
          <ul className="flex flex-col gap-2" data-testid="templates">
            {data.templates.map((tpl) => (
              <li key={tpl.id} className="flex flex-wrap items-center gap-2">
                <span className="flex-1">
                  {tpl.name} <span className="text-xs text-stone-600">({tpl.items})</span>
                </span>
                <Form method="post">
                  <input type="hidden" name="templateId" value={tpl.id} />
                  <button type="submit" name="intent" value="loadTemplate" className="btn-secondary" aria-label={`${d.load} ${tpl.name}`}>
                    {d.load}
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="templateId" value={tpl.id} />
                  <button type="submit" name="intent" value="deleteTemplate" className="btn-secondary" aria-label={`${d.deleteTemplate} ${tpl.name}`}>
                    {d.deleteTemplate}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-600">{d.noTemplates}</p>
        )}
      </section>
    </div>
  );
}
