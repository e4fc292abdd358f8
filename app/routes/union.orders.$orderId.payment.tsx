import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { idParam } from "~/utils/validation.server";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { bankTransfer, stripeCards } from "~/models/payments/payment-providers.server";
import { paymentPanel } from "~/models/payments/payments.server";
import { getMessages } from "~/utils/locale.server";
import { useT } from "~/utils/i18n";
import { notFound, requireRole } from "~/utils/permissions.server";
import { readForm, refusedSubmission } from "~/utils/forms.server";
import { FormProblem } from "~/components/ui/FormProblem";
import { paymentsArea } from "~/locales/area/payments";
import { ordersArea } from "~/locales/area/orders";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const id = idParam.safeParse(params.orderId);
  if (!id.success) notFound();
  const panel = await paymentPanel(user.org.id, id.data);
  if (!panel) notFound();
  const returned = new URL(request.url).searchParams.get("checkout");
  const checkout: "success" | "cancelled" | null = returned === "success" ? "success" : returned === "cancelled" ? "cancelled" : null;
  return json({ panel, cardEnabled: stripeCards.enabled(), checkout });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const id = idParam.safeParse(params.orderId);
  const panel = id.success ? await paymentPanel(user.org.id, id.data) : null;
  if (!id.success || !panel) notFound();
  const form = await readForm(request);
  const t = await getMessages(request);
  const intent = form.get("intent") === "card" ? "card" : "transfer";
  if (intent === "card") {
    if (!stripeCards.enabled() || !panel.payable) return refusedSubmission(t.payments.notPayable, { intent, status: 409 });
    // The payer goes to the provider's hosted page and comes back to this page.
    const started = await stripeCards.createPayment(user, id.data, new URL(request.url).origin);
    if (!started.ok) {
      if (started.problem === "notPayable") return refusedSubmission(t.payments.notPayable, { intent, status: 409 });
      return refusedSubmission(t.payments.cardProblems[started.problem], { intent, status: 402 });
    }
    return redirect(started.redirectTo ?? `/union/orders/${id.data}/payment`);
  }
  const outcome = await bankTransfer.createPayment(user, id.data, new URL(request.url).origin);
  if (!outcome.ok) return refusedSubmission(t.payments.notPayable, { intent, status: 409 });
  return redirect(`/union/orders/${id.data}/payment`);
}

export default function OrderPayment() {
  const t = useT(ordersArea, paymentsArea);
  const p = t.payments;
  const { panel, cardEnabled, checkout } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const pending = panel.payments.find((x) => x.provider === "BANK_TRANSFER" && x.status === "PENDING");
  const { balance } = panel;
  return (
    <div className="container-page flex flex-col gap-4">
      <Link to={`/union/orders/${panel.id}`} className="text-sm">
        ← {t.orders.detail.title(panel.code)}
      </Link>
      <h1>{p.title(panel.code)}</h1>
      <p className="card" data-testid="payment-status">
        {labelOf(p.orderPaymentStates, panel.paymentStatus === "UNPAID" && balance.receivedFen > 0 ? "PARTLY" : panel.paymentStatus)} ·{" "}
        <Money fen={panel.totalFen} />
        {panel.paidAt ? (
          <>
            {" "}
            · <DateText value={panel.paidAt} />
          </>
        ) : null}
      </p>
      {checkout && panel.paymentStatus === "UNPAID" ? (
        <p className="card" role="status" data-testid="checkout-return">
          {p.checkout[checkout]}
        </p>
      ) : null}
      <section className="card flex flex-col gap-2" aria-labelledby="balance">
        <h2 id="balance" className="sr-only">
          {p.transfersTitle}
        </h2>
        <dl className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-3" data-testid="balance">
          <div>
            <dt className="text-stone-600">{p.balance.due}</dt>
            <dd className="text-base font-semibold">
              <Money fen={balance.dueFen} />
            </dd>
          </div>
          <div>
            <dt className="text-stone-600">{p.balance.received}</dt>
            <dd className="text-base font-semibold" data-testid="received">
              <Money fen={balance.receivedFen} />
            </dd>
          </div>
          <div>
            <dt className="text-stone-600">{p.balance.missing}</dt>
            <dd className="text-base font-semibold" data-testid="missing">
              <Money fen={balance.missingFen} />
            </dd>
          </div>
        </dl>
        {panel.extra.map((x) => (
          <p key={x.id} className="text-sm" data-testid="overpaid">
            {p.balance.overpaid} <Money fen={x.leftFen + x.returnedFen} />: {labelOf(p.extra, x.status)}
          </p>
        ))}
        {panel.payable ? <p className="text-xs text-stone-600">{p.balanceHint}</p> : null}
        <h3 className="mt-1 font-medium">{p.transfersTitle}</h3>
        {panel.transfers.length ? (
          <ul className="text-sm" data-testid="transfers">
            {panel.transfers.map((x) => (
              <li key={x.id}>
                <DateText value={x.receivedOn} /> · {x.payerName} · <Money fen={x.amountFen} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-600">{p.noTransfers}</p>
        )}
      </section>
      {panel.payable ? (
        <section className="card flex flex-col gap-2" aria-labelledby="how">
          <h2 id="how">{p.howToPay}</h2>
          {pending ? (
            <dl className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-2" data-testid="transfer-details">
              <div>
                <dt className="text-stone-600">{p.payee}</dt>
                <dd>{panel.payee.name}</dd>
              </div>
              <div>
                <dt className="text-stone-600">{p.bank}</dt>
                <dd>{panel.payee.bank}</dd>
              </div>
              <div>
                <dt className="text-stone-600">{p.account}</dt>
                <dd className="font-mono">{panel.payee.account}</dd>
              </div>
              <div>
                <dt className="text-stone-600">{p.amount}</dt>
                <dd className="font-semibold">
                  <Money fen={pending.amountFen} />
                </dd>
              </div>
              <div className="sm:col-span-2">
                <dt className="text-stone-600">{p.reference}</dt>
                <dd className="font-mono text-2xl font-bold tracking-wider" data-testid="reference-code">
                  {pending.referenceCode}
                </dd>
                <dd className="text-xs text-stone-600">{p.referenceHint}</dd>
              </div>
            </dl>
          ) : (
            <Form method="post">
              <button type="submit" className="btn-primary">
                {p.request}
              </button>
              <FormProblem reply={actionData} intent="transfer" />
            </Form>
          )}
          {cardEnabled ? (
            <Form method="post" className="border-t border-stone-200 pt-2">
              <input type="hidden" name="intent" value="card" />
              <button type="submit" className="btn-secondary">
                {panel.openCardAttempt ? p.checkout.resume : p.payByCard}
              </button>
              <p className="mt-1 text-xs text-stone-600">{panel.openCardAttempt ? p.checkout.open : p.cardHint}</p>
            </Form>
          ) : null}
          <FormProblem reply={actionData} intent="card" />
        </section>
      ) : panel.paymentStatus === "UNPAID" ? (
        <p className="card">{p.notPayable}</p>
      ) : null}
      <section className="card overflow-x-auto" aria-labelledby="history">
        <h2 id="history">{p.history}</h2>
        <table className="table">
          <tbody>
            {panel.payments.map((x) => (
              <tr key={x.id}>
                <td>{labelOf(p.providers, x.provider)}</td>
                <td>{x.referenceCode ?? ""}</td>
                <td className="num">
                  <Money fen={x.amountFen} />
                </td>
                <td>{labelOf(p.statuses, x.status)}</td>
                <td>
                  <DateText value={x.succeededAt ?? x.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {panel.refunds.length ? (
          <>
            <h2 className="mt-3">{p.refunds}</h2>
            <table className="table">
              <tbody>
                {panel.refunds.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {labelOf(p.refundKinds, r.kind)} · {r.reason}
                    </td>
                    <td className="num">
                      <Money fen={r.amountFen} />
                    </td>
                    <td>{labelOf(p.refundStatuses, r.status)}</td>
                    <td>
                      <DateText value={r.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
      </section>
    </div>
  );
}
