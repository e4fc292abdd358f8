import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/ui/Field";
import { deleteAddress, listAddresses, saveAddress, setDefaultAddress } from "~/models/orders/union-addresses.server";
import { invalidSubmission, readForm, savedSubmission } from "~/utils/forms.server";
import { SavedNotice } from "~/components/ui/SavedNotice";
import { useT } from "~/utils/i18n";
import { getLocale, getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { idParam, parseWithZod, z } from "~/utils/validation.server";
import { storefrontMessages, useStorefrontT } from "~/utils/storefront-i18n";
import { ordersArea } from "~/locales/area/orders";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  return json({ addresses: await listAddresses(user) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const t = await getMessages(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "makeDefault" || intent === "delete") {
    const parsed = parseWithZod(form, { schema: z.object({ addressId: idParam }) });
    if (parsed.status !== "success") throw new Response("Bad request", { status: 400 });
    const done = intent === "makeDefault" ? await setDefaultAddress(user, parsed.value.addressId) : await deleteAddress(user, parsed.value.addressId);
    if (!done) notFound();
    return savedSubmission(parsed, storefrontMessages(await getLocale(request)).addresses.saved);
  }
  const text = (max: number) => z.string({ required_error: t.errors.required }).trim().min(1, t.errors.required).max(max, t.errors.tooLong);
  const submission = parseWithZod(form, {
    schema: z.object({ label: text(30), recipient: text(50), phone: text(30), address: text(200), isDefault: z.literal("on").optional() }),
  });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  const v = submission.value;
  await saveAddress(user, { label: v.label, recipient: v.recipient, phone: v.phone, address: v.address, isDefault: v.isDefault === "on" });
  return savedSubmission(submission, storefrontMessages(await getLocale(request)).addresses.saved);
}

export default function Addresses() {
  const t = useT(ordersArea);
  const s = useStorefrontT();
  const a = s.addresses;
  const b = t.orders.builder;
  const { addresses } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.result.error ?? {};
  const e = (key: string) => errors[key] ?? undefined;
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{a.title}</h1>
      <SavedNotice message={actionData?.saved} />
      {addresses.length ? (
        <ul className="flex flex-col gap-2" data-testid="addresses">
          {addresses.map((address) => (
            <li key={address.id} className="card flex flex-wrap items-center gap-2">
              <span className="min-w-0 flex-1 basis-56">
                <strong>{address.label}</strong>
                {address.isDefault ? <span className="badge-certified ml-1">{a.isDefault}</span> : null}
                <br />
                <span className="text-sm">
                  {address.recipient} · {address.phone} · {address.address}
                </span>
              </span>
              {!address.isDefault ? (
                <Form method="post">
                  <input type="hidden" name="addressId" value={address.id} />
                  <button type="submit" name="intent" value="makeDefault" className="btn-secondary" aria-label={`${a.makeDefault}: ${address.label}`}>
                    {a.makeDefault}
                  </button>
                </Form>
              ) : null}
              <Form method="post">
                <input type="hidden" name="addressId" value={address.id} />
                <button type="submit" name="intent" value="delete" className="btn-secondary" aria-label={`${a.remove}: ${address.label}`}>
                  {a.remove}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="card">{a.none}</p>
      )}
      <Form key={addresses.length} method="post" className="card grid gap-3 sm:grid-cols-2" id="address-form" aria-labelledby="add-address">
        <h2 id="add-address" className="sm:col-span-2">
          {a.add}
        </h2>
        <Field id="label" name="label" label={a.label} errors={e("label")} />
        <Field id="recipient" name="recipient" label={b.recipient} errors={e("recipient")} />
        <Field id="phone" name="phone" type="tel" label={b.phone} errors={e("phone")} />
        <Field id="address" name="address" label={b.address} errors={e("address")} />
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" name="isDefault" className="h-5 w-5" />
          {a.makeDefault}
        </label>
        <button type="submit" className="btn-primary self-start">
          {t.actions.save}
        </button>
      </Form>
    </div>
  );
}
