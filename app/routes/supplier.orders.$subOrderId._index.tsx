import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { idParam, textField, z } from "~/utils/validation.server";
import type { Messages } from "~/locales";
import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { DateText } from "~/components/ui/DateText";
import { fulfil, getSupplierSubOrder } from "~/models/orders/orders.server";
import { kickRefundOutbox } from "~/models/payments/refund-outbox.server";
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
  const problem = new URL(request.url).searchParams.get("invoice");
  const invoiceProblem = INVOICE_PROBLEMS.find((p) => p === problem) ?? null;
  return json({ subOrder, invoiceProblem });
}

const INVOICE_PROBLEMS = ["fileTooLarge", "fileWrongType", "numberMissing", "wrongState"] as const;

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
  if (outcome === "awaitingPayment") return json({ error: t.payments.supplierMoney.awaitingPayment }, { status: 409 });
  // A decline of a paid order recorded its refund in the same transaction; a card refund goes to the provider now.
  if (step.step === "decline") kickRefundOutbox();
  return redirect(`/supplier/orders/${id.data}`);
}

export default function SupplierSubOrder() {
  const t = useT();
  const s = t.orders.supplier;
  const { subOrder, invoiceProblem } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const acting = subOrder.order.status === "PLACED";
  const m = t.payments.supplierMoney;
  const inv = t.payments.invoices;
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
        <p data-testid="sub-status"><span className="text-stone-600">{t.orders.title}: </span>{labelOf(t.orders.subStatuses, subOrder.status)}</p>
        <p data-testid="sub-payment">
          <span className="text-stone-600">{m.title}: </span>
          <span className={subOrder.payment.status === "UNPAID" ? "badge-warn" : "badge-certified"}>{subOrder.payment.status === "UNPAID" ? m.unpaid : m.paid}</span>
          {" "}{subOrder.payment.terms === "SHIP_AFTER_PAYMENT" ? m.shipAfterPayment : m.payWithinDays(subOrder.payment.dueDays)}
          {subOrder.payment.dueBy && subOrder.payment.status === "UNPAID" ? <> · {m.dueBy} <DateText value={subOrder.payment.dueBy} /></> : null}
        </p>
      </section>
      <div className="card overflow-x-auto">
        <table className="table">
          <thead><tr><th>{t.orders.builder.product}</th><th className="num">{t.orders.builder.quantity}</th><th className="num">{t.orders.detail.amount}</th><th>{s.allocation}</th></tr></thead>
          <tbody>
            {subOrder.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.code} {l.title}</td>
                <td className="num">{l.quantity} {l.unit}</td>
                <td className="num"><Money fen={l.amountFen} /></td>
                <td>{l.allocations.map((a) => `${subOrder.addresses.find((x) => x.id === a.addressId)?.label ?? ""} ${a.quantity}`).join(" / ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 font-semibold">{t.orders.total}: <Money fen={subOrder.amountFen} /></p>
      </div>
      {data?.error ? <p className="card field-error" role="alert">{data.error}</p> : null}
      {acting && subOrder.status === "PENDING" ? (
        <Form method="post" className="card flex flex-wrap items-end gap-2">
          <button type="submit" name="intent" value="confirm" className="btn-primary">{s.confirm}</button>
        </Form>
      ) : null}
      {acting && subOrder.status === "CONFIRMED" && !subOrder.payment.mayShip ? <p className="card text-sm" data-testid="awaiting-payment">{m.awaitingPayment}</p> : null}
      {acting && subOrder.status === "CONFIRMED" && subOrder.payment.mayShip ? (
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
          <button type="submit" className="btn-danger">{s.decline}</button>
        </Form>
      ) : null}
      {subOrder.invoice ? (
        <section className="card flex flex-col gap-2 text-sm" aria-labelledby="invoice" data-testid="supplier-invoice">
          <h2 id="invoice">{inv.title}</h2>
          {invoiceProblem && subOrder.invoice.status !== "ISSUED" ? <p className="field-error" role="alert">{inv.problems[invoiceProblem]}</p> : null}
          <p>{inv.requestedBy(subOrder.invoice.title)} · {inv.taxNumber}: {subOrder.invoice.taxNumber} · {subOrder.invoice.email}</p>
          {subOrder.invoice.status === "ISSUED" ? (
            <p data-testid="invoice-issued">{inv.issued(subOrder.invoice.invoiceNumber ?? "")}{subOrder.invoice.fileName ? <> · <a href={`/files/${subOrder.invoice.fileName}`} download>{inv.download}</a></> : null}</p>
          ) : (
            <Form method="post" action={`/supplier/orders/${subOrder.id}/invoice`} encType="multipart/form-data" className="grid gap-2 sm:grid-cols-3">
              <Field id="invoiceNumber" name="invoiceNumber" label={inv.invoiceNumber} />
              <div className="field">
                <label htmlFor="invoiceFile" className="field-label">{inv.file}</label>
                <input id="invoiceFile" name="file" type="file" accept=".pdf,.ofd,application/pdf" className="text-sm" />
              </div>
              <button type="submit" className="btn-primary self-end">{inv.issue}</button>
            </Form>
          )}
        </section>
      ) : null}
      {subOrder.carrier ? <p className="card text-sm">{t.orders.detail.carrier}: {subOrder.carrier} · {t.orders.detail.trackingNo}: {subOrder.trackingNo}</p> : null}
      {subOrder.complaintText ? <p className="card text-sm text-red-700">{t.orders.detail.complaint}: {subOrder.complaintText}</p> : null}
      {subOrder.rating ? <p className="card text-sm">{t.orders.detail.rating}: {subOrder.rating} {subOrder.ratingComment}</p> : null}
    </div>
  );
}
