import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { idField, optionalTextField, z } from "~/utils/validation.server";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { decideOrder, pendingApprovals } from "~/models/orders/orders.server";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "APPROVER");
  return json({ orders: await pendingApprovals(user.org.id), userId: user.userId });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "APPROVER");
  const t = await getMessages(request);
  const parsed = z
    .object({ orderId: idField(), intent: z.enum(["approve", "reject"]), reason: optionalTextField(t, 200) })
    .safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return json({ error: t.errors[400], orderId: null }, { status: 400 });
  const { orderId, intent, reason } = parsed.data;
  if (intent === "reject" && !reason) return json({ error: t.orders.approvals.reasonRequired, orderId }, { status: 400 });
  const outcome = await decideOrder(user, orderId, intent, reason);
  if (outcome === "notFound") notFound();
  if (outcome === "sameperson") return json({ error: t.orders.approvals.samePerson, orderId }, { status: 403 });
  if (outcome === "wrongState") return json({ error: t.orders.detail.wrongState, orderId }, { status: 409 });
  return redirect("/union/approvals");
}

export default function Approvals() {
  const t = useT();
  const a = t.orders.approvals;
  const { orders } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{a.title}</h1>
      {orders.length === 0 ? <p className="card">{a.none}</p> : null}
      <ul className="flex flex-col gap-3">
        {orders.map((o) => (
          <li key={o.id} className="card flex flex-col gap-2" data-testid="approval">
            <p className="font-medium"><Link to={`/union/orders/${o.id}`}>{o.code}</Link> · {labelOf(t.occasions, o.occasion)} · <Money fen={o.totalFen} /></p>
            <p className="text-sm text-stone-600">{t.orders.detail.createdBy}: {o.createdBy} · <DateText value={o.createdAt} withTime />{o.headcount ? ` · ${t.orders.detail.headcount} ${o.headcount}` : ""}</p>
            <Form method="post" className="flex flex-wrap items-end gap-2">
              <input type="hidden" name="orderId" value={o.id} />
              <div className="field grow">
                <label htmlFor={`reason-${o.id}`} className="field-label">{a.reason}</label>
                <input id={`reason-${o.id}`} name="reason" className="input" />
              </div>
              <button type="submit" name="intent" value="approve" className="btn-primary">{a.approve}</button>
              <button type="submit" name="intent" value="reject" className="btn-secondary">{a.reject}</button>
            </Form>
            {data?.orderId === o.id ? <p className="field-error" role="alert">{data.error}</p> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
