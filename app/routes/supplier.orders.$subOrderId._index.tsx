import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionNotice, ConfirmAction, withNotice } from "~/components/ui/ActionNotice";
import { idParam, textField, z } from "~/utils/validation.server";
import type { Messages } from "~/locales";
import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { addressLabel, labelOf } from "~/locales/label";
import { fulfil, getSupplierSubOrder, orderIdOfSubOrder } from "~/models/orders/orders.server";
import { refundAfterCancellation } from "~/models/orders/order-refunds.server";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireSupplier } from "~/utils/permissions.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  const id = idParam.safeParse(params.subOrderId);
  if (!id.success) notFound();
  const subOrder = await getSupplierSubOrder(actor.supplierId, id.data);
  if (!subOrder) notFound();
  return json({ subOrder });
}

function stepSchema(t: Messages) {
  return z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("confirm") }),
    z.object({ intent: z.literal("decline"), reason: textField(t, 200) }),
    z.object({ intent: z.literal("ship"), carrier: textField(t, 50), trackingNo: textField(t, 60) }),
  ]);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireSupplier(request);
  const id = idParam.safeParse(params.subOrderId);
  if (!id.success) notFound();
  const t = await getMessages(request);
  const parsed = stepSchema(t).safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return json({ error: t.errors.required }, { status: 400 });
  const step = parsed.data.intent === "decline" ? { step: "decline" as const, reason: parsed.data.reason }
    : parsed.data.intent === "ship" ? { step: "ship" as const, carrier: parsed.data.carrier, trackingNo: parsed.data.trackingNo }
    : { step: "confirm" as const };
  const outcome = await fulfil(actor, id.data, step);
  if (outcome === "notFound") notFound();
  if (outcome === "wrongState") return json({ error: t.orders.detail.wrongState }, { status: 409 });
  if (step.step === "decline") {
    const orderId = await orderIdOfSubOrder(id.data);
    if (orderId) await refundAfterCancellation({ orderId, subOrderId: id.data, reason: step.reason, actorId: actor.userId });
  }
  return redirect(withNotice(`/supplier/orders/${id.data}`, step.step === "decline" ? "declined" : step.step === "ship" ? "shipped" : "confirmed"));
}

export default function SupplierSubOrder() {
  const t = useT();
  const s = t.orders.supplier;
  const { subOrder } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const acting = subOrder.order.status === "PLACED";
  return (
    <div className="container-page flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1>{t.orders.detail.title(subOrder.order.code)}</h1>
        <Link to={`/supplier/orders/${subOrder.id}/print`} className="btn-secondary">{s.packingList}</Link>
      </div>
      <section className="card grid gap-2 text-sm sm:grid-cols-2">
        <p><span className="text-stone-600">{s.union}: </span>{subOrder.order.unionName}</p>
        <p><span className="text-stone-600">{s.contact}: </span>{subOrder.order.contactName} {subOrder.order.contactPhone}</p>
        <p><span className="text-stone-600">{t.orders.occasion}: </span>{labelOf(t.occasions, subOrder.order.occasion)}</p>
        <p data-testid="sub-status"><span className="text-stone-600">{t.orders.status}: </span>{labelOf(t.orders.subStatuses, subOrder.status)}</p>
      </section>
      <div className="card">
        <table className="table table-cards">
          <thead><tr><th>{t.orders.builder.product}</th><th className="num">{t.orders.builder.quantity}</th><th className="num">{t.orders.detail.amount}</th><th>{s.allocation}</th></tr></thead>
          <tbody>
            {subOrder.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.code} {l.title}</td>
                <td className="num" data-label={t.orders.builder.quantity}>{t.units.quantity(l.quantity, l.unit)}</td>
                <td className="num" data-label={t.orders.detail.amount}><Money fen={l.amountFen} /></td>
                <td data-label={s.allocation}>{l.allocations.map((a) => `${addressLabel(t.orders.detail.addressNumber, subOrder.addresses.find((x) => x.id === a.addressId)?.label ?? "")} ${a.quantity}`).join(" / ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 font-semibold">{t.orders.total}: <Money fen={subOrder.amountFen} /></p>
      </div>
      <ActionNotice />
      {data?.error ? <p className="card field-error" role="alert">{data.error}</p> : null}
      {acting && subOrder.status === "PENDING" ? (
        <Form method="post" className="card flex flex-wrap items-end gap-2">
          <button type="submit" name="intent" value="confirm" className="btn-primary">{s.confirm}</button>
        </Form>
      ) : null}
      {acting && subOrder.status === "CONFIRMED" ? (
        <Form method="post" className="card grid gap-2 sm:grid-cols-3">
          <input type="hidden" name="intent" value="ship" />
          <Field id="carrier" name="carrier" label={t.orders.detail.carrier} />
          <Field id="trackingNo" name="trackingNo" label={t.orders.detail.trackingNo} />
          <button type="submit" className="btn-primary self-end">{s.ship}</button>
        </Form>
      ) : null}
      {acting && (subOrder.status === "PENDING" || subOrder.status === "CONFIRMED") ? (
        <Form method="post" className="card flex flex-wrap items-end gap-2">
          <input type="hidden" name="intent" value="decline" />
          <div className="grow"><Field id="reason" name="reason" label={s.declineReason} /></div>
          <ConfirmAction label={s.decline} />
        </Form>
      ) : null}
      {subOrder.carrier ? <p className="card text-sm">{t.orders.detail.carrier}: {subOrder.carrier} · {t.orders.detail.trackingNo}: {subOrder.trackingNo}</p> : null}
      {subOrder.complaintText ? <p className="card text-sm text-red-700">{t.orders.detail.complaint}: {subOrder.complaintText}</p> : null}
      {subOrder.rating ? <p className="card text-sm">{t.orders.detail.rating}: {subOrder.rating} {subOrder.ratingComment}</p> : null}
    </div>
  );
}
