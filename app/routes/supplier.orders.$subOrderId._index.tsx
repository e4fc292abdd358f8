import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionNotice, ConfirmAction, withNotice } from "~/components/ui/ActionNotice";
import { idParam, parseWithZod, textField, z } from "~/utils/validation.server";
import type { Messages } from "~/locales";
import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { addressLabel, labelOf } from "~/locales/label";
import { DateText } from "~/components/ui/DateText";
import { fulfil, getSupplierSubOrder } from "~/models/orders/orders.server";
import { kickRefundOutbox } from "~/models/payments/refund-outbox.server";
import { answerComplaint, complaintsOfSubOrder } from "~/models/orders/complaints.server";
import { ComplaintCard } from "~/components/complaints/ComplaintCard";
import { OrderTimeline } from "~/components/OrderTimeline";
import { orderTimeline } from "~/models/orders/order-timeline.server";
import { postMessage, threadsOf } from "~/models/orders/messages.server";
import { MessageThread } from "~/components/MessageThread";
import { shipmentsOf } from "~/models/orders/shipments.server";
import { readFormWithUpload, storeUpload } from "~/utils/uploads.server";
import { RemedyFields } from "~/components/complaints/RemedyFields";
import { SUPPLIER_REMEDIES } from "~/domain/complaints";
import { remedySchema } from "~/forms/complaint-form.server";
import { invalidSubmission, readForm, refusedSubmission } from "~/utils/forms.server";
import { FormProblem } from "~/components/ui/FormProblem";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireSupplier } from "~/utils/permissions.server";
import { paymentsArea } from "~/locales/area/payments";
import { ordersArea } from "~/locales/area/orders";
import { complaintsArea } from "~/locales/area/complaints";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  const id = idParam.safeParse(params.subOrderId);
  if (!id.success) notFound();
  const subOrder = await getSupplierSubOrder(actor.supplierId, id.data);
  if (!subOrder) notFound();
  const problem = new URL(request.url).searchParams.get("invoice");
  const invoiceProblem = INVOICE_PROBLEMS.find((p) => p === problem) ?? null;
  return json({
    subOrder,
    invoiceProblem,
    complaints: await complaintsOfSubOrder(actor.supplierId, subOrder.id),
    timeline: await orderTimeline(subOrder.order.id, subOrder.id),
    messages: await threadsOf([subOrder.id]),
    shipments: await shipmentsOf([subOrder.id]),
  });
}

const INVOICE_PROBLEMS = ["fileTooLarge", "fileWrongType", "numberMissing", "wrongState"] as const;

function stepSchema(t: Messages) {
  return z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("confirm") }),
    z.object({ intent: z.literal("decline"), reason: textField(t, 200) }),
    z.object({ intent: z.literal("ship"), carrier: textField(t, 50), trackingNo: textField(t, 60) }),
  ]);
}

/** Optional tracking numbers for the other addresses of a split part: fields tracking-<addressId>. */
function trackingPerAddress(form: FormData): Record<number, string> {
  const out: Record<number, string> = {};
  for (const [key, value] of form.entries()) {
    const match = /^tracking-(\d+)$/.exec(key);
    if (match && typeof value === "string" && value.trim()) out[Number(match[1])] = value.trim().slice(0, 60);
  }
  return out;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireSupplier(request);
  const id = idParam.safeParse(params.subOrderId);
  if (!id.success) notFound();
  const t = await getMessages(request);
  // Posts arrive URL-encoded from the step forms and as multipart from the message form (an optional photo).
  const upload = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")
    ? await readFormWithUpload(request, "photo", ["jpg", "png", "webp"])
    : null;
  if (upload && !upload.form) return refusedSubmission(t.workspace.fileTooLarge);
  const formData = upload?.form ?? (await readForm(request));
  const intent = String(formData.get("intent") ?? "");
  if (intent === "message") {
    if (upload?.problem === "fileWrongType") return refusedSubmission(t.workspace.fileWrongType, { intent });
    const submission = parseWithZod(formData, { schema: z.object({ text: textField(t, 1000, { multiline: true }) }) });
    if (submission.status !== "success") return refusedSubmission(t.orders.messages.required, { intent });
    const photo = upload?.file ? { fileName: await storeUpload(upload.file), contentType: upload.file.contentType } : null;
    if ((await postMessage(actor, "SUPPLIER", id.data, { text: submission.value.text, photo })) === "notFound") notFound();
    return redirect(withNotice(`/supplier/orders/${id.data}`, "messageSent"));
  }
  if (intent === "answer") {
    const submission = parseWithZod(formData, { schema: remedySchema(t, "supplier") });
    if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
    const v = submission.value;
    const outcome = await answerComplaint(actor, v.complaintId, {
      answer: v.text,
      remedy: v.remedy,
      lines: v.lines,
      carrier: v.carrier,
      trackingNo: v.trackingNo,
    });
    if (outcome === "notFound") notFound();
    if (outcome === "noLines") return refusedSubmission(t.complaints.linesRequired, { intent });
    if (outcome !== "ok") return refusedSubmission(t.complaints.wrongState, { intent, status: 409 });
    return redirect(withNotice(`/supplier/orders/${id.data}`, "complaintAnswered"));
  }
  const submission = parseWithZod(formData, { schema: stepSchema(t) });
  if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
  const v = submission.value;
  const step =
    v.intent === "decline"
      ? { step: "decline" as const, reason: v.reason }
      : v.intent === "ship"
        ? { step: "ship" as const, carrier: v.carrier, trackingNo: v.trackingNo, perAddress: trackingPerAddress(formData) }
        : { step: "confirm" as const };
  const outcome = await fulfil(actor, id.data, step);
  if (outcome === "notFound") notFound();
  if (outcome === "wrongState") return refusedSubmission(t.orders.detail.wrongState, { intent, status: 409 });
  if (outcome === "awaitingPayment") return refusedSubmission(t.payments.supplierMoney.awaitingPayment, { intent, status: 409 });
  // A decline of a paid order recorded its refund in the same transaction; a card refund goes to the provider now.
  if (step.step === "decline") kickRefundOutbox();
  return redirect(withNotice(`/supplier/orders/${id.data}`, step.step === "decline" ? "declined" : step.step === "ship" ? "shipped" : "confirmed"));
}

export default function SupplierSubOrder() {
  const t = useT(complaintsArea, ordersArea, paymentsArea);
  const s = t.orders.supplier;
  const { subOrder, invoiceProblem, complaints, timeline, messages, shipments } = useLoaderData<typeof loader>();
  const partAddresses = subOrder.addresses.filter((a) => subOrder.lines.some((l) => l.allocations.some((x) => x.addressId === a.id && x.quantity > 0)));
  const data = useActionData<typeof action>();
  const acting = subOrder.order.status === "PLACED";
  const m = t.payments.supplierMoney;
  const inv = t.payments.invoices;
  return (
    <div className="container-page flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1>{t.orders.detail.title(subOrder.order.code)}</h1>
        <Link to={`/supplier/orders/${subOrder.id}/print`} className="btn-secondary">
          {s.packingList}
        </Link>
      </div>
      <section className="card grid gap-2 text-sm sm:grid-cols-2">
        <p>
          <span className="text-stone-600">{s.union}: </span>
          {subOrder.order.unionName}
        </p>
        <p>
          <span className="text-stone-600">{s.contact}: </span>
          {subOrder.order.contactName} {subOrder.order.contactPhone}
        </p>
        <p>
          <span className="text-stone-600">{t.orders.occasion}: </span>
          {labelOf(t.occasions, subOrder.order.occasion)}
        </p>
        <p data-testid="sub-status">
          <span className="text-stone-600">{t.orders.status}: </span>
          {labelOf(t.orders.subStatuses, subOrder.status)}
        </p>
        <p data-testid="sub-payment">
          <span className="text-stone-600">{m.title}: </span>
          <span className={subOrder.payment.status === "UNPAID" ? "badge-warn" : "badge-certified"}>
            {subOrder.payment.status === "UNPAID" ? m.unpaid : m.paid}
          </span>{" "}
          {subOrder.payment.terms === "SHIP_AFTER_PAYMENT" ? m.shipAfterPayment : m.payWithinDays(subOrder.payment.dueDays)}
          {subOrder.payment.dueBy && subOrder.payment.status === "UNPAID" ? (
            <>
              {" "}
              · {m.dueBy} <DateText value={subOrder.payment.dueBy} />
            </>
          ) : null}
        </p>
        {subOrder.order.buyerName ? (
          <p>
            <span className="text-stone-600">{t.orders.buyerContact}: </span>
            {subOrder.order.buyerName}
          </p>
        ) : null}
        {subOrder.order.note ? (
          <p className="sm:col-span-2" data-testid="order-note">
            <span className="text-stone-600">{t.orders.builder.note}: </span>
            {subOrder.order.note}
          </p>
        ) : null}
      </section>
      <section className="card text-sm" aria-labelledby="delivery">
        <h2 id="delivery">{t.orders.detail.addresses}</h2>
        <ul className="mt-1 flex flex-col gap-1" data-testid="delivery-addresses">
          {subOrder.addresses.map((a) => (
            <li key={a.id}>
              <span className="font-semibold">{addressLabel(t.orders.detail.addressNumber, a.label)}</span>: {a.recipient} {a.phone} · {a.address}
            </li>
          ))}
        </ul>
      </section>
      <div className="card">
        <table className="table table-cards">
          <thead>
            <tr>
              <th>{t.orders.builder.product}</th>
              <th className="num">{t.orders.builder.quantity}</th>
              <th className="num">{t.orders.detail.amount}</th>
              <th>{s.allocation}</th>
            </tr>
          </thead>
          <tbody>
            {subOrder.lines.map((l) => (
              <tr key={l.id}>
                <td>
                  {l.code} {l.title}
                </td>
                <td className="num" data-label={t.orders.builder.quantity}>
                  {t.units.quantity(l.quantity, l.unit)}
                </td>
                <td className="num" data-label={t.orders.detail.amount}>
                  <Money fen={l.amountFen} />
                </td>
                <td data-label={s.allocation}>
                  {l.allocations
                    .map(
                      (a) => `${addressLabel(t.orders.detail.addressNumber, subOrder.addresses.find((x) => x.id === a.addressId)?.label ?? "")} ${a.quantity}`,
                    )
                    .join(" / ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 font-semibold">
          {t.orders.total}: <Money fen={subOrder.amountFen} />
        </p>
      </div>
      <ActionNotice />
      {/* The complaint answer's refusal shows beside the complaints. */}
      <FormProblem reply={data?.intent === "answer" ? null : data} className="card" />
      {acting && subOrder.status === "PENDING" ? (
        <Form method="post" className="card flex flex-wrap items-end gap-2">
          <button type="submit" name="intent" value="confirm" className="btn-primary">
            {s.confirm}
          </button>
        </Form>
      ) : null}
      {acting && subOrder.status === "CONFIRMED" && !subOrder.payment.mayShip ? (
        <p className="card text-sm" data-testid="awaiting-payment">
          {m.awaitingPayment}
        </p>
      ) : null}
      {acting && subOrder.status === "CONFIRMED" && subOrder.payment.mayShip ? (
        <Form method="post" className="card grid gap-2 sm:grid-cols-3">
          <input type="hidden" name="intent" value="ship" />
          <Field id="carrier" name="carrier" label={t.orders.detail.carrier} />
          <Field id="trackingNo" name="trackingNo" label={t.orders.detail.trackingNo} />
          {partAddresses.slice(1).map((a) => (
            <Field
              key={a.id}
              id={`tracking-${a.id}`}
              name={`tracking-${a.id}`}
              label={t.orders.otherTracking(addressLabel(t.orders.detail.addressNumber, a.label))}
            />
          ))}
          <button type="submit" className="btn-primary self-end">
            {s.ship}
          </button>
        </Form>
      ) : null}
      {acting && (subOrder.status === "PENDING" || subOrder.status === "CONFIRMED") ? (
        <Form method="post" className="card flex flex-wrap items-end gap-2">
          <input type="hidden" name="intent" value="decline" />
          <div className="grow">
            <Field id="reason" name="reason" label={s.declineReason} />
          </div>
          <ConfirmAction label={s.decline} />
        </Form>
      ) : null}
      {subOrder.invoice ? (
        <section className="card flex flex-col gap-2 text-sm" aria-labelledby="invoice" data-testid="supplier-invoice">
          <h2 id="invoice">{inv.title}</h2>
          {invoiceProblem && subOrder.invoice.status !== "ISSUED" ? (
            <p className="field-error" role="alert">
              {inv.problems[invoiceProblem]}
            </p>
          ) : null}
          <p>
            {inv.requestedBy(subOrder.invoice.title)} · {inv.taxNumber}: {subOrder.invoice.taxNumber} · {subOrder.invoice.email}
          </p>
          {subOrder.invoice.status === "ISSUED" ? (
            <p data-testid="invoice-issued">
              {inv.issued(subOrder.invoice.invoiceNumber ?? "")}
              {subOrder.invoice.fileName ? (
                <>
                  {" "}
                  ·{" "}
                  <a href={`/files/${subOrder.invoice.fileName}`} download>
                    {inv.download}
                  </a>
                </>
              ) : null}
            </p>
          ) : (
            <Form method="post" action={`/supplier/orders/${subOrder.id}/invoice`} encType="multipart/form-data" className="grid gap-2 sm:grid-cols-3">
              <Field id="invoiceNumber" name="invoiceNumber" label={inv.invoiceNumber} />
              <div className="field">
                <label htmlFor="invoiceFile" className="field-label">
                  {inv.file}
                </label>
                <input id="invoiceFile" name="file" type="file" accept=".pdf,.ofd,application/pdf" className="text-sm" />
              </div>
              <button type="submit" className="btn-primary self-end">
                {inv.issue}
              </button>
            </Form>
          )}
        </section>
      ) : null}
      {shipments.length ? (
        <ul className="card text-sm" data-testid="shipments">
          {shipments.map((x) => (
            <li key={x.id}>
              {addressLabel(t.orders.detail.addressNumber, subOrder.addresses.find((a) => a.id === x.addressId)?.label ?? "")}: {x.carrier} {x.trackingNo}
              {x.receivedAt ? (
                <>
                  {" "}
                  · {t.orders.receivedOn} <DateText value={x.receivedAt} withTime />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : subOrder.carrier ? (
        <p className="card text-sm">
          {t.orders.detail.carrier}: {subOrder.carrier} · {t.orders.detail.trackingNo}: {subOrder.trackingNo}
        </p>
      ) : null}
      {complaints.length === 0 && subOrder.complaintText ? (
        <p className="card text-sm text-red-700">
          {t.orders.detail.complaint}: {subOrder.complaintText}
        </p>
      ) : null}
      {complaints.length ? (
        <section className="card flex flex-col gap-3" aria-labelledby="complaints">
          <h2 id="complaints">{t.complaints.title}</h2>
          <FormProblem reply={data} intent="answer" />
          {complaints.map((k) => (
            <ComplaintCard key={k.id} complaint={k}>
              {k.canAnswer ? (
                <Form method="post" className="flex flex-col gap-2 border-t border-red-200 pt-2">
                  <input type="hidden" name="intent" value="answer" />
                  <input type="hidden" name="complaintId" value={k.id} />
                  <Field id={`answer-${k.id}`} name="text" label={t.complaints.answer} />
                  <RemedyFields idPrefix={`answer-${k.id}`} remedies={SUPPLIER_REMEDIES} lines={subOrder.lines} withReplacement />
                  <button type="submit" className="btn-primary self-start">
                    {t.complaints.submitAnswer}
                  </button>
                </Form>
              ) : null}
            </ComplaintCard>
          ))}
        </section>
      ) : null}
      {subOrder.rating ? (
        <p className="card text-sm">
          {t.orders.detail.rating}: {subOrder.rating} {subOrder.ratingComment}
        </p>
      ) : null}
      <section className="card">
        <MessageThread subOrderId={subOrder.id} messages={messages} mine="SUPPLIER" />
      </section>
      <OrderTimeline entries={timeline} />
    </div>
  );
}
