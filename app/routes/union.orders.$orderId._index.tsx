import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionNotice, ConfirmAction, withNotice } from "~/components/ui/ActionNotice";
import { idField, idParam, intField, optionalTextField, parseWithZod, textField, z } from "~/utils/validation.server";
import { DateText } from "~/components/ui/DateText";
import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { SelectField } from "~/components/ui/SelectField";
import { addressLabel, labelOf } from "~/locales/label";
import { cancelOrder, confirmReceipt, getUnionOrder, rateSupplier } from "~/models/orders/orders.server";
import { kickRefundOutbox } from "~/models/payments/refund-outbox.server";
import { requestInvoice } from "~/models/orders/invoices.server";
import { TAX_NUMBER } from "~/domain/invoices";
import { acceptRemedy, complaintsOfUnionOrder, escalateComplaint } from "~/models/orders/complaints.server";
import { ComplaintCard } from "~/components/complaints/ComplaintCard";
import { OrderTimeline } from "~/components/OrderTimeline";
import { orderTimeline } from "~/models/orders/order-timeline.server";
import { postMessage, threadsOf } from "~/models/orders/messages.server";
import { MessageThread } from "~/components/MessageThread";
import { confirmAddressReceipt, shipmentsOf } from "~/models/orders/shipments.server";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { readFormWithUpload, storeUpload } from "~/utils/uploads.server";
import { invalidSubmission, readForm, refusedSubmission } from "~/utils/forms.server";
import { FormProblem } from "~/components/ui/FormProblem";
import { paymentsArea } from "~/locales/area/payments";
import { ordersArea } from "~/locales/area/orders";
import { giftPackArea } from "~/locales/area/gift-pack";
import { complaintsArea } from "~/locales/area/complaints";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const id = idParam.safeParse(params.orderId);
  if (!id.success) notFound();
  const order = await getUnionOrder(user.org.id, id.data);
  if (!order) notFound();
  return json({
    order,
    complaints: await complaintsOfUnionOrder(user.org.id, order.id),
    timeline: await orderTimeline(order.id),
    messages: await threadsOf(order.subOrders.map((s) => s.id)),
    shipments: await shipmentsOf(order.subOrders.map((s) => s.id)),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const id = idParam.safeParse(params.orderId);
  if (!id.success || !(await getUnionOrder(user.org.id, id.data))) notFound();
  const orderId = id.data;
  const t = await getMessages(request);
  const multipart = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
  const upload = multipart ? await readFormWithUpload(request, "photo", ["jpg", "png", "webp"]) : null;
  if (upload && !upload.form) return refusedSubmission(t.workspace.fileTooLarge);
  if (upload?.problem === "fileWrongType") return refusedSubmission(t.workspace.fileWrongType);
  const form = upload?.form ?? (await readForm(request));
  const intent = String(form.get("intent") ?? "");
  const wrongState = () => refusedSubmission(t.orders.detail.wrongState, { intent, status: 409 });
  const parse = <S extends z.ZodTypeAny>(schema: S) => parseWithZod(form, { schema });
  switch (intent) {
    case "cancel": {
      const submission = parse(z.object({ reason: textField(t, 200) }));
      if (submission.status !== "success") return refusedSubmission(`${t.orders.detail.cancelReasonLabel}: ${t.errors.required}`, { intent });
      const outcome = await cancelOrder(user, orderId, submission.value.reason);
      if (outcome === "notFound") notFound();
      if (outcome === "wrongState") return wrongState();
      // The refund was recorded with the cancellation; a card refund is asked of the provider after this response.
      kickRefundOutbox();
      return redirect(withNotice(`/union/orders/${orderId}`, "cancelled"));
    }
    case "receive": {
      const submission = parse(
        z
          .object({
            subOrderId: idField(t.errors[400]),
            result: z.enum(["accepted", "complaint"]),
            complaintText: optionalTextField(t, 1000, { multiline: true }),
            addressId: z.coerce.number().int().positive().optional().catch(undefined),
          })
          .refine((v) => v.result === "accepted" || v.complaintText.length > 0, {
            path: ["complaintText"],
            message: `${t.orders.detail.complaintText}: ${t.errors.required}`,
          }),
      );
      if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
      const v = submission.value;
      const photos = v.result === "complaint" && upload?.file ? [{ fileName: await storeUpload(upload.file), contentType: upload.file.contentType }] : [];
      const outcome = await confirmReceipt(
        user,
        v.subOrderId,
        v.result === "accepted" ? { accepted: true } : { accepted: false, complaint: v.complaintText, addressId: v.addressId ?? null, photos },
      );
      if (outcome === "notFound") notFound();
      if (outcome === "wrongState") return wrongState();
      return redirect(withNotice(`/union/orders/${orderId}`, "received"));
    }
    case "requestInvoice": {
      const submission = parse(
        z.object({
          subOrderId: idField(t.errors[400]),
          title: z
            .string({ required_error: `${t.payments.invoices.invoiceTitle}: ${t.errors.required}` })
            .trim()
            .min(1, `${t.payments.invoices.invoiceTitle}: ${t.errors.required}`)
            .max(100, t.errors.tooLong),
          taxNumber: z
            .string({ required_error: t.payments.invoices.taxNumberInvalid })
            .trim()
            .toUpperCase()
            .regex(TAX_NUMBER, t.payments.invoices.taxNumberInvalid),
          email: z.string({ required_error: t.payments.invoices.emailInvalid }).trim().email(t.payments.invoices.emailInvalid).max(100, t.errors.tooLong),
        }),
      );
      if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
      const outcome = await requestInvoice(user, submission.value.subOrderId, submission.value);
      if (outcome === "notFound") notFound();
      if (outcome === "wrongState") return wrongState();
      return redirect(withNotice(`/union/orders/${orderId}`, "invoiceRequested"));
    }
    case "rate": {
      const submission = parse(
        z.object({
          subOrderId: idField(t.errors[400]),
          rating: intField(t, 1, 5, `${t.orders.detail.rating}: ${t.errors.invalidNumber}`),
          comment: optionalTextField(t, 500, { multiline: true }),
        }),
      );
      if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
      const outcome = await rateSupplier(user, submission.value.subOrderId, submission.value.rating, submission.value.comment);
      if (outcome === "notFound") notFound();
      if (outcome === "wrongState") return wrongState();
      return redirect(withNotice(`/union/orders/${orderId}`, "rated"));
    }
    case "addressReceived": {
      const submission = parse(z.object({ shipmentId: idField(t.errors[400]) }));
      if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
      const outcome = await confirmAddressReceipt(user, submission.value.shipmentId);
      if (outcome === "notFound") notFound();
      if (outcome === "wrongState") return wrongState();
      return redirect(withNotice(`/union/orders/${orderId}`, "addressReceived"));
    }
    case "message": {
      const submission = parse(z.object({ subOrderId: idField(t.errors[400]), text: textField(t, 1000, { multiline: true }) }));
      if (submission.status !== "success") return refusedSubmission(t.orders.messages.required, { intent });
      const photo = upload?.file ? { fileName: await storeUpload(upload.file), contentType: upload.file.contentType } : null;
      if ((await postMessage(user, "UNION", submission.value.subOrderId, { text: submission.value.text, photo })) === "notFound") notFound();
      return redirect(withNotice(`/union/orders/${orderId}`, "messageSent"));
    }
    case "acceptRemedy":
    case "escalate": {
      const submission = parse(
        z
          .object({ complaintId: idField(t.errors[400]), note: optionalTextField(t, 500, { multiline: true }) })
          .refine((v) => intent !== "escalate" || v.note.length > 0, {
            path: ["note"],
            message: `${t.complaints.escalationNoteLabel}: ${t.complaints.noteRequired}`,
          }),
      );
      if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
      const { complaintId, note } = submission.value;
      const outcome = intent === "escalate" ? await escalateComplaint(user, complaintId, note) : await acceptRemedy(user, complaintId);
      if (outcome === "notFound") notFound();
      if (outcome === "notPaid") return refusedSubmission(t.complaints.notPaid, { intent, status: 409 });
      if (outcome !== "ok") return refusedSubmission(t.complaints.wrongState, { intent, status: 409 });
      return redirect(withNotice(`/union/orders/${orderId}`, intent === "escalate" ? "escalated" : "remedyAccepted"));
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function OrderDetail() {
  const t = useT(complaintsArea, giftPackArea, ordersArea, paymentsArea);
  const d = t.orders.detail;
  const inv = t.payments.invoices;
  const { order, complaints, timeline, messages, shipments } = useLoaderData<typeof loader>();
  const split = order.addresses.length > 1;
  const splitOf = (lineId: number) =>
    order.addresses
      .map((a) => ({ label: addressLabel(d.addressNumber, a.label), quantity: a.allocations.find((x) => x.lineId === lineId)?.quantity ?? 0 }))
      .filter((x) => x.quantity > 0);
  const data = useActionData<typeof action>();
  return (
    <div className="container-page flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1>{d.title(order.code)}</h1>
        <div className="no-print flex gap-2">
          {order.payable ? (
            <Link to={`/union/orders/${order.id}/payment`} className="btn-primary">
              {d.pay}
            </Link>
          ) : null}
          {!order.payable && order.paymentStatus !== "UNPAID" ? (
            <Link to={`/union/orders/${order.id}/payment`} className="btn-secondary">
              {t.payments.history}
            </Link>
          ) : null}
          <Link to={`/union/orders/${order.id}/print`} className="btn-secondary">
            {d.print}
          </Link>
          <Form method="post" action="/union/draft">
            <input type="hidden" name="orderId" value={order.id} />
            <button type="submit" name="intent" value="reorder" className="btn-secondary">
              {t.giftPack.reorder}
            </button>
          </Form>
        </div>
      </div>
      <section className="card grid gap-2 text-sm sm:grid-cols-3">
        <p>
          <span className="text-stone-600">{t.orders.occasion}: </span>
          {labelOf(t.occasions, order.occasion)}
        </p>
        <p data-testid="order-status">
          <span className="text-stone-600">{t.orders.status}: </span>
          {labelOf(t.orders.statuses, order.status)} · {labelOf(t.orders.paymentStatuses, order.paymentStatus)}
          {order.status === "COMPLETED" ? <> · {order.closed ? t.payments.invoices.closed : t.payments.invoices.awaitingInvoices}</> : null}
        </p>
        <p>
          <span className="text-stone-600">{t.orders.total}: </span>
          <Money fen={order.totalFen} /> ({t.orders.certified} <Money fen={order.certifiedFen} />)
        </p>
        <p>
          <span className="text-stone-600">{d.createdBy}: </span>
          {order.createdBy} · <DateText value={order.createdAt} withTime />
        </p>
        {order.approvedBy ? (
          <p>
            <span className="text-stone-600">{d.approvedBy}: </span>
            {order.approvedBy}
          </p>
        ) : null}
        {order.headcount ? (
          <p>
            <span className="text-stone-600">{d.headcount}: </span>
            {order.headcount}
          </p>
        ) : null}
        {order.campaignName ? (
          <p data-testid="order-campaign">
            <span className="text-stone-600">{t.giftPack.campaignLabel}: </span>
            {order.campaignName}
          </p>
        ) : null}
        {order.rejectReason ? (
          <p className="field-error">
            {d.rejectReason}: {order.rejectReason}
          </p>
        ) : null}
        {order.cancelReason ? (
          <p>
            {d.cancelReason}: {order.cancelReason}
          </p>
        ) : null}
        {order.note ? (
          <p className="sm:col-span-3" data-testid="order-note">
            <span className="text-stone-600">{t.orders.builder.note}: </span>
            {order.note}
          </p>
        ) : null}
      </section>
      <ActionNotice />
      <FormProblem reply={data} className="card" />
      {order.subOrders.map((s) => (
        <section key={s.id} className="card flex flex-col gap-2" aria-labelledby={`sub-${s.id}`} data-testid="sub-order">
          <h2 id={`sub-${s.id}`}>
            {s.supplierName} · <span className="font-normal">{labelOf(t.orders.subStatuses, s.status)}</span>
          </h2>
          {s.supplierContact ? (
            <p className="text-sm">
              <span className="text-stone-600">{t.orders.supplierContact}: </span>
              {s.supplierContact}
            </p>
          ) : null}
          <div>
            <table className="table table-cards">
              <thead>
                <tr>
                  <th>{t.orders.builder.product}</th>
                  <th className="num">{t.orders.builder.quantity}</th>
                  <th className="num">{d.unitPrice}</th>
                  <th className="num">{d.amount}</th>
                </tr>
              </thead>
              <tbody>
                {s.lines.map((l) => (
                  <tr key={l.id}>
                    <td>
                      {l.title}
                      {l.certified ? <span className="badge-certified ml-1">{t.countsBadge}</span> : null}
                    </td>
                    <td className="num" data-label={t.orders.builder.quantity}>
                      {t.units.quantity(l.quantity, l.unit)}
                      {split ? (
                        <span className="block text-xs text-stone-600" data-testid="line-split">
                          {splitOf(l.id)
                            .map((x) => `${x.label} ${x.quantity}`)
                            .join(" / ")}
                        </span>
                      ) : null}
                    </td>
                    <td className="num" data-label={d.unitPrice}>
                      <Money fen={l.unitPriceFen} />
                    </td>
                    <td className="num" data-label={d.amount}>
                      <Money fen={l.amountFen} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {s.declineReason ? (
            <p className="text-sm">
              {t.orders.supplier.declineReason}: {s.declineReason}
            </p>
          ) : null}
          {shipments.some((x) => x.subOrderId === s.id) ? (
            <ul className="flex flex-col gap-1 text-sm" data-testid="shipments">
              {shipments
                .filter((x) => x.subOrderId === s.id)
                .map((x) => (
                  <li key={x.id} className="flex flex-wrap items-center gap-2">
                    <span>
                      {addressLabel(d.addressNumber, order.addresses.find((a) => a.id === x.addressId)?.label ?? "")}: {d.carrier} {x.carrier} · {d.trackingNo}{" "}
                      {x.trackingNo}
                    </span>
                    {x.receivedAt ? (
                      <span className="text-stone-600">
                        {t.orders.receivedOn} <DateText value={x.receivedAt} withTime />
                      </span>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="addressReceived" />
                        <input type="hidden" name="shipmentId" value={x.id} />
                        <button type="submit" className="btn-secondary">
                          {t.orders.addressReceived}
                        </button>
                      </Form>
                    )}
                  </li>
                ))}
            </ul>
          ) : s.carrier ? (
            <p className="text-sm">
              {d.carrier}: {s.carrier} · {d.trackingNo}: {s.trackingNo}
            </p>
          ) : null}
          {s.complaintText && !complaints.some((k) => k.subOrderId === s.id) ? (
            <p className="text-sm text-red-700">
              {d.complaint}: {s.complaintText}
            </p>
          ) : null}
          {complaints
            .filter((k) => k.subOrderId === s.id)
            .map((k) => (
              <ComplaintCard key={k.id} complaint={k}>
                {k.canAccept ? (
                  <Form method="post" className="flex flex-wrap gap-2">
                    <input type="hidden" name="intent" value="acceptRemedy" />
                    <input type="hidden" name="complaintId" value={k.id} />
                    <button type="submit" className="btn-primary">
                      {t.complaints.accept}
                    </button>
                  </Form>
                ) : null}
                {k.canEscalate ? (
                  <Form method="post" className="flex flex-wrap items-end gap-2">
                    <input type="hidden" name="intent" value="escalate" />
                    <input type="hidden" name="complaintId" value={k.id} />
                    <div className="grow">
                      <Field id={`escalate-${k.id}`} name="note" label={t.complaints.escalationNoteLabel} />
                    </div>
                    <button type="submit" className="btn-secondary">
                      {t.complaints.escalate}
                    </button>
                  </Form>
                ) : null}
              </ComplaintCard>
            ))}
          {s.status === "SHIPPED" ? (
            <Form method="post" encType="multipart/form-data" className="flex flex-col gap-2 border-t border-stone-200 pt-2">
              <input type="hidden" name="intent" value="receive" />
              <input type="hidden" name="subOrderId" value={s.id} />
              <SelectField id={`result-${s.id}`} name="result" label={d.receive} defaultValue="accepted">
                <option value="accepted">{d.accepted}</option>
                <option value="complaint">{d.complaint}</option>
              </SelectField>
              <Field id={`complaint-${s.id}`} name="complaintText" label={d.complaintText} />
              {order.addresses.length > 1 ? (
                <SelectField id={`complaint-address-${s.id}`} name="addressId" label={t.complaints.address} defaultValue="">
                  <option value="">{t.complaints.allAddresses}</option>
                  {order.addresses.map((a) => (
                    <option key={a.id} value={a.id}>
                      {addressLabel(d.addressNumber, a.label)} {a.address}
                    </option>
                  ))}
                </SelectField>
              ) : null}
              <label htmlFor={`photo-${s.id}`} className="field-label">
                {d.complaintPhoto}
              </label>
              <input id={`photo-${s.id}`} name="photo" type="file" accept="image/jpeg,image/png,image/webp" className="text-sm" />
              <button type="submit" className="btn-primary self-start">
                {d.receive}
              </button>
            </Form>
          ) : null}
          {s.canRate ? (
            <Form method="post" className="flex flex-wrap items-end gap-2 border-t border-stone-200 pt-2">
              <input type="hidden" name="intent" value="rate" />
              <input type="hidden" name="subOrderId" value={s.id} />
              <SelectField id={`rating-${s.id}`} name="rating" label={d.rating} defaultValue="5">
                {[5, 4, 3, 2, 1].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </SelectField>
              <div className="grow">
                <Field id={`comment-${s.id}`} name="comment" label={d.comment} />
              </div>
              <button type="submit" className="btn-secondary">
                {d.submitRating}
              </button>
            </Form>
          ) : s.rating ? (
            <p className="text-sm">
              {d.rating}: {s.rating} {s.ratingComment}
            </p>
          ) : null}
          {s.invoice ? (
            <p className="border-t border-stone-200 pt-2 text-sm" data-testid="invoice-state">
              {inv.title}: {s.invoice.status === "ISSUED" ? inv.issued(s.invoice.invoiceNumber ?? "") : inv.requested}
              {s.invoice.fileName ? (
                <>
                  {" "}
                  ·{" "}
                  <a href={`/files/${s.invoice.fileName}`} download>
                    {inv.download}
                  </a>
                </>
              ) : null}
            </p>
          ) : s.mayRequestInvoice ? (
            <Form method="post" className="grid gap-2 border-t border-stone-200 pt-2 sm:grid-cols-4" data-testid="invoice-request">
              <input type="hidden" name="intent" value="requestInvoice" />
              <input type="hidden" name="subOrderId" value={s.id} />
              <Field id={`invoice-title-${s.id}`} name="title" label={inv.invoiceTitle} defaultValue={order.unionName} />
              <Field id={`invoice-tax-${s.id}`} name="taxNumber" label={inv.taxNumber} />
              <Field id={`invoice-email-${s.id}`} name="email" type="email" label={inv.email} />
              <button type="submit" className="btn-secondary self-end">
                {inv.request}
              </button>
            </Form>
          ) : null}
          {order.status !== "PENDING_APPROVAL" && order.status !== "REJECTED" ? (
            <MessageThread subOrderId={s.id} messages={messages.filter((x) => x.subOrderId === s.id)} mine="UNION" />
          ) : null}
        </section>
      ))}
      <section className="card text-sm" aria-labelledby="addresses">
        <h2 id="addresses">{d.addresses}</h2>
        {order.addresses.map((a) => (
          <p key={a.id}>
            {addressLabel(d.addressNumber, a.label)}: {a.recipient} {a.phone} {a.address}
          </p>
        ))}
      </section>
      <OrderTimeline entries={timeline} />
      {order.canCancel ? (
        <Form method="post" className="card flex flex-wrap items-end gap-2">
          <input type="hidden" name="intent" value="cancel" />
          <div className="grow">
            <Field id="reason" name="reason" label={d.cancelReasonLabel} />
          </div>
          <ConfirmAction label={d.cancel} />
        </Form>
      ) : null}
    </div>
  );
}
