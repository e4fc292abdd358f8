import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionNotice, ConfirmAction, withNotice } from "~/components/ui/ActionNotice";
import { idField, optionalTextField, parseWithZod, z } from "~/utils/validation.server";
import { FormProblem } from "~/components/ui/FormProblem";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { decideOrder, pendingApprovals } from "~/models/orders/orders.server";
import { withPendingOrderEffects } from "~/models/orders/order-submit.server";
import { formatMoney } from "~/domain/money";
import { formatShare } from "~/domain/welfare-share";
import { useLocale, useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { invalidSubmission, readForm, refusedSubmission } from "~/utils/forms.server";
import { ordersArea } from "~/locales/area/orders";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "APPROVER");
  return json({ orders: await withPendingOrderEffects(user.org, await pendingApprovals(user.org.id)), userId: user.userId });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "APPROVER");
  const t = await getMessages(request);
  const form = await readForm(request);
  const submission = parseWithZod(form, {
    schema: z
      .object({ orderId: idField(t.errors[400]), intent: z.enum(["approve", "reject"]), reason: optionalTextField(t, 200) })
      .refine((v) => v.intent === "approve" || v.reason.length > 0, { path: ["reason"], message: t.orders.approvals.reasonRequired }),
  });
  // Each order on the page has its own form: the answer names the order it belongs to.
  const answering = `order:${String(form.get("orderId"))}`;
  if (submission.status !== "success") return invalidSubmission(submission.reply(), answering);
  const { orderId, intent, reason } = submission.value;
  const outcome = await decideOrder(user, orderId, intent, reason);
  if (outcome === "notFound") notFound();
  if (outcome === "sameperson") return refusedSubmission(t.orders.approvals.samePerson, { intent: answering, status: 403 });
  if (outcome === "wrongState") return refusedSubmission(t.orders.detail.wrongState, { intent: answering, status: 409 });
  return redirect(withNotice("/union/approvals", intent === "approve" ? "approved" : "rejected"));
}

export default function Approvals() {
  const t = useT(ordersArea);
  const a = t.orders.approvals;
  const locale = useLocale();
  const { orders } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{a.title}</h1>
      <ActionNotice />
      {data && !orders.some((o) => data.intent === `order:${o.id}`) ? <FormProblem reply={data} /> : null}
      {orders.length === 0 ? <p className="card">{a.none}</p> : null}
      <ul className="flex flex-col gap-3">
        {orders.map((o) => (
          <li key={o.id} className="card flex flex-col gap-2" data-testid="approval">
            <p className="font-medium">
              <Link to={`/union/orders/${o.id}`}>{o.code}</Link> · {labelOf(t.occasions, o.occasion)} · <Money fen={o.totalFen} />
            </p>
            <p className="text-sm text-stone-600">
              {t.orders.detail.createdBy}: {o.createdBy} · <DateText value={o.createdAt} withTime />
              {o.headcount ? ` · ${t.orders.detail.headcount} ${o.headcount}` : ""}
            </p>
            <div className="overflow-x-auto">
              <table className="table text-sm">
                <thead>
                  <tr>
                    <th>{t.orders.builder.product}</th>
                    <th className="num">{t.orders.builder.quantity}</th>
                    <th className="num">{t.orders.detail.amount}</th>
                  </tr>
                </thead>
                <tbody>
                  {o.lines.map((l) => (
                    <tr key={l.id}>
                      <td>
                        {l.title}
                        {l.certified ? <span className="badge-certified ml-1">{t.countsBadge}</span> : null}
                        <span className="block text-xs text-stone-600">{l.supplierName}</span>
                      </td>
                      <td className="num">{t.units.quantity(l.quantity, l.unit)}</td>
                      <td className="num">
                        <Money fen={l.amountFen} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <ul className="text-sm" data-testid="approval-effect">
              {o.headcount ? (
                <li>
                  {t.orders.builder.perMember}: <Money fen={Math.round(o.totalFen / o.headcount)} />
                </li>
              ) : null}
              {o.effect.remainingBeforeFen != null && o.effect.remainingAfterFen != null ? (
                <li>{t.orders.builder.remaining(formatMoney(o.effect.remainingBeforeFen, locale), formatMoney(o.effect.remainingAfterFen, locale))}</li>
              ) : null}
              <li>{t.orders.builder.effect(formatShare(o.effect.shareBefore, locale), formatShare(o.effect.shareAfter, locale))}</li>
              {o.note ? (
                <li>
                  {t.orders.builder.note}: {o.note}
                </li>
              ) : null}
            </ul>
            <Form method="post" className="flex flex-wrap items-end gap-2">
              <input type="hidden" name="orderId" value={o.id} />
              <div className="field grow">
                <label htmlFor={`reason-${o.id}`} className="field-label">
                  {a.reason}
                </label>
                <input id={`reason-${o.id}`} name="reason" className="input" />
              </div>
              <button type="submit" name="intent" value="approve" className="btn-primary">
                {a.approve}
              </button>
              <ConfirmAction label={a.reject} name="intent" value="reject" />
            </Form>
            <FormProblem reply={data} intent={`order:${o.id}`} />
          </li>
        ))}
      </ul>
    </div>
  );
}
