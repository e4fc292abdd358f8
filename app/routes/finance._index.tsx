import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { amountField, dateField, idField, optionalTextField, parseWithZod, textField, z } from "~/utils/validation.server";
import { DateText } from "~/components/ui/DateText";
import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { formatMoney } from "~/domain/money";
import type { Messages } from "~/locales";
import { labelOf } from "~/locales/label";
import { applyTransfer, holdTransfer, openTransfers, recordBankTransfer, returnTransfer, type TransferOutcome } from "~/models/payments/bank-transfers.server";
import { financeOverview, settleSupplier } from "~/models/payments/payments.server";
import { invoicesOutstanding } from "~/models/orders/invoices.server";
import { kickRefundOutbox, refundQueue, retryRefund } from "~/models/payments/refund-outbox.server";
import { invalidSubmission, readForm } from "~/utils/forms.server";
import { useLocale, useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { requireRole } from "~/utils/permissions.server";
import { paymentsArea } from "~/locales/area/payments";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "FINANCE");
  const [overview, transfers, refunds, invoices] = await Promise.all([financeOverview(), openTransfers(), refundQueue(), invoicesOutstanding()]);
  return json({ overview, transfers, refunds, invoices });
}

function recordSchema(t: Messages) {
  return z.object({
    intent: z.literal("record"),
    amount: amountField(t, { min: 1 }),
    receivedOn: dateField(t),
    bankReference: textField(t, 64),
    referenceCode: textField(t, 32),
    payerName: optionalTextField(t, 100),
  });
}

function applySchema(t: Messages) {
  return z.object({
    intent: z.literal("apply"),
    transferId: idField(),
    orderCode: textField(t, 32),
    amount: amountField(t, { min: 1 }),
  });
}

const decisionSchema = (t: Messages) => z.object({ intent: z.enum(["hold", "return"]), transferId: idField(), note: textField(t, 200) });

export async function action({ request }: ActionFunctionArgs) {
  const finance = await requireRole(request, "FINANCE");
  const t = await getMessages(request);
  const formData = await readForm(request);
  switch (formData.get("intent")) {
    case "record": {
      const submission = parseWithZod(formData, { schema: recordSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply());
      const outcome = await recordBankTransfer(finance, { ...submission.value, amountFen: submission.value.amount });
      // No form reply on success: the form remounts empty (keyed by the outcome) and the outcome is shown.
      return json({ transfer: outcome, notice: null }, { status: outcome.outcome === "duplicate" ? 409 : 200 });
    }
    case "apply": {
      const submission = parseWithZod(formData, { schema: applySchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply());
      const applied = await applyTransfer(finance, submission.value.transferId, [
        { orderCode: submission.value.orderCode, amountFen: submission.value.amount },
      ]);
      if (!applied.ok) return invalidSubmission(submission.reply({ formErrors: [t.payments.finance.applyProblems[applied.problem]] }));
      return json({ transfer: null, notice: t.payments.finance.applied });
    }
    case "hold":
    case "return": {
      const submission = parseWithZod(formData, { schema: decisionSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply());
      const done =
        submission.value.intent === "hold"
          ? await holdTransfer(finance, submission.value.transferId, submission.value.note)
          : await returnTransfer(finance, submission.value.transferId, submission.value.note);
      if (!done) return invalidSubmission(submission.reply({ formErrors: [t.payments.finance.applyProblems.notFound] }));
      return json({ transfer: null, notice: submission.value.intent === "hold" ? t.payments.finance.held : t.payments.finance.returned });
    }
    case "retryRefund": {
      const submission = parseWithZod(formData, { schema: z.object({ intent: z.literal("retryRefund"), refundId: idField(t.errors[400]) }) });
      if (submission.status !== "success") return invalidSubmission(submission.reply());
      await retryRefund(finance, submission.value.refundId);
      kickRefundOutbox();
      return json({ transfer: null, notice: t.payments.finance.retried });
    }
    case "settle": {
      const submission = parseWithZod(formData, {
        schema: z.object({
          intent: z.literal("settle"),
          supplierId: idField(t.errors[400]),
          reference: z
            .string({ required_error: `${t.payments.finance.settlementReference}: ${t.errors.required}` })
            .trim()
            .min(1, `${t.payments.finance.settlementReference}: ${t.errors.required}`)
            .max(64, t.errors.tooLong),
        }),
      });
      if (submission.status !== "success") return invalidSubmission(submission.reply());
      await settleSupplier(finance, submission.value.supplierId, submission.value.reference);
      return json({ transfer: null, notice: null });
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

function OutcomeText({ outcome }: { outcome: TransferOutcome }) {
  const f = useT(paymentsArea).payments.finance;
  const locale = useLocale();
  switch (outcome.outcome) {
    case "PAID":
      return <>{f.outcomes.PAID(outcome.orderCode ?? "", outcome.leftFen ? formatMoney(outcome.leftFen, locale) : "")}</>;
    case "PARTIAL":
      return <>{f.outcomes.PARTIAL(outcome.orderCode ?? "", formatMoney(outcome.missingFen, locale))}</>;
    default:
      return <>{f.outcomes[outcome.outcome]}</>;
  }
}

export default function Finance() {
  const t = useT(paymentsArea);
  const f = t.payments.finance;
  const { overview, transfers, refunds, invoices } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const lastResult = data && "result" in data ? data.result : null;
  const [form, fields] = useForm({
    id: "record-transfer",
    lastResult: lastResult?.initialValue?.intent === "record" ? lastResult : null,
    shouldRevalidate: "onBlur",
  });
  const outcome = data && "transfer" in data ? data.transfer : null;
  const notice = data && "notice" in data ? data.notice : null;
  // The per-transfer forms are many and small: their errors show once, above the list.
  const formError =
    lastResult && lastResult.initialValue?.intent !== "record"
      ? Object.values(lastResult.error ?? {})
          .flat()
          .filter(Boolean)
      : null;
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{f.title}</h1>
      <section className="card" aria-labelledby="record">
        <h2 id="record" className="mb-2">
          {f.record}
        </h2>
        <Form
          method="post"
          className="grid gap-3 sm:grid-cols-3"
          {...getFormProps(form)}
          key={outcome ? `${outcome.outcome}-${outcome.orderCode}-${outcome.leftFen}-${outcome.missingFen}` : "record"}
        >
          <input type="hidden" name="intent" value="record" />
          <Field label={f.referenceCode} errors={fields.referenceCode.errors} {...getInputProps(fields.referenceCode, { type: "text" })} id="referenceCode" />
          <Field label={f.amount} inputMode="decimal" errors={fields.amount.errors} {...getInputProps(fields.amount, { type: "text" })} id="amount" />
          <Field label={f.receivedOn} errors={fields.receivedOn.errors} {...getInputProps(fields.receivedOn, { type: "date" })} id="receivedOn" />
          <Field label={f.bankReference} errors={fields.bankReference.errors} {...getInputProps(fields.bankReference, { type: "text" })} id="bankReference" />
          <Field label={f.payerName} errors={fields.payerName.errors} {...getInputProps(fields.payerName, { type: "text" })} id="payerName" />
          <button type="submit" className="btn-primary self-end">
            {f.save}
          </button>
        </Form>
        {outcome ? (
          <p
            className={`mt-2 ${outcome.outcome === "PAID" || outcome.outcome === "PARTIAL" ? "badge-certified" : "field-error"}`}
            role="status"
            data-testid="transfer-outcome"
          >
            <OutcomeText outcome={outcome} />
          </p>
        ) : null}
      </section>
      {notice ? (
        <p className="card badge-certified" role="status" data-testid="finance-notice">
          {notice}
        </p>
      ) : null}
      {formError?.length ? (
        <p className="card field-error" role="alert" data-testid="finance-error">
          {formError.join(" ")}
        </p>
      ) : null}
      <section className="card overflow-x-auto" aria-labelledby="pending">
        <h2 id="pending">
          {f.pending} ({overview.pending.length})
        </h2>
        <table className="table" data-testid="pending-payments">
          <thead>
            <tr>
              <th>{f.referenceCode}</th>
              <th>{t.payments.supplier.order}</th>
              <th>{t.payments.supplier.union}</th>
              <th className="num">{t.payments.balance.due}</th>
              <th className="num">{t.payments.balance.received}</th>
              <th className="num">{t.payments.balance.missing}</th>
              <th>{t.payments.supplier.date}</th>
            </tr>
          </thead>
          <tbody>
            {overview.pending.map((p) => (
              <tr key={p.id}>
                <td className="font-mono">{p.referenceCode}</td>
                <td>{p.orderCode}</td>
                <td>{p.unionName}</td>
                <td className="num">
                  <Money fen={p.dueFen} />
                </td>
                <td className="num">
                  <Money fen={p.receivedFen} />
                </td>
                <td className="num">
                  <Money fen={p.missingFen} />
                </td>
                <td>
                  <DateText value={p.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card flex flex-col gap-2" aria-labelledby="flagged">
        <h2 id="flagged">{f.flagged}</h2>
        {transfers.length ? (
          <ul className="flex flex-col gap-3" data-testid="open-transfers">
            {transfers.map((x) => (
              <li key={x.id} className="flex flex-col gap-2 border-b border-stone-100 pb-3 text-sm" data-testid="open-transfer">
                <p>
                  <span className="badge-warn">{labelOf(t.payments.transferStatuses, x.status)}</span> <span className="font-mono">{x.referenceCode}</span> ·{" "}
                  {x.payerName} · <DateText value={x.receivedOn} /> · {x.bankReference}
                  {x.orderCode ? (
                    <>
                      {" "}
                      · {f.namedOrder}: {x.orderCode}
                    </>
                  ) : null}
                </p>
                <p>
                  {t.payments.supplier.amount}: <Money fen={x.amountFen} /> ·{" "}
                  <strong>
                    {f.left}: <Money fen={x.leftFen} />
                  </strong>
                  {x.note ? <> · {x.note}</> : null}
                </p>
                <Form method="post" className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="intent" value="apply" />
                  <input type="hidden" name="transferId" value={x.id} />
                  <Field id={`order-${x.id}`} name="orderCode" label={f.applyTo} defaultValue={x.orderPayable ? (x.orderCode ?? "") : ""} />
                  <Field id={`amount-${x.id}`} name="amount" label={f.applyAmount} inputMode="decimal" />
                  <button type="submit" className="btn-secondary">
                    {f.apply}
                  </button>
                </Form>
                <Form method="post" className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="transferId" value={x.id} />
                  <Field id={`note-${x.id}`} name="note" label={f.resolveNote} />
                  {x.status === "OPEN" ? (
                    <button type="submit" name="intent" value="hold" className="btn-secondary">
                      {f.hold}
                    </button>
                  ) : null}
                  <button type="submit" name="intent" value="return" className="btn-secondary">
                    {f.giveBack}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm">{f.none}</p>
        )}
      </section>
      <section className="card overflow-x-auto" aria-labelledby="refunds">
        <h2 id="refunds">{f.refundsTitle}</h2>
        {refunds.length ? (
          <table className="table" data-testid="refund-queue">
            <thead>
              <tr>
                <th>{t.payments.supplier.order}</th>
                <th>{t.payments.supplier.union}</th>
                <th>{t.payments.refunds}</th>
                <th className="num">{t.payments.supplier.amount}</th>
                <th>{f.attempts}</th>
                <th />
                <th />
              </tr>
            </thead>
            <tbody>
              {refunds.map((r) => (
                <tr key={r.id} data-testid="refund-row">
                  <td>{r.orderCode}</td>
                  <td>{r.unionName}</td>
                  <td>{labelOf(t.payments.refundKinds, r.kind)}</td>
                  <td className="num">
                    <Money fen={r.amountFen} />
                  </td>
                  <td className="num">{r.attempts}</td>
                  <td>
                    <span className={r.state === "failed" ? "badge-warn" : r.state === "succeeded" ? "badge-certified" : ""}>{f.refundStates[r.state]}</span>
                    {r.lastError ? <span className="block text-xs text-stone-600">{r.lastError}</span> : null}
                  </td>
                  <td>
                    {r.canRetry ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="retryRefund" />
                        <input type="hidden" name="refundId" value={r.id} />
                        <button type="submit" className="btn-secondary">
                          {f.retry}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm">{f.none}</p>
        )}
      </section>
      <section className="card overflow-x-auto" aria-labelledby="invoices">
        <h2 id="invoices">
          {t.payments.invoices.outstanding} ({invoices.length})
        </h2>
        {invoices.length ? (
          <table className="table" data-testid="invoices-outstanding">
            <thead>
              <tr>
                <th>{t.payments.supplier.order}</th>
                <th>{t.payments.supplier.union}</th>
                <th>{t.payments.finance.supplier}</th>
                <th className="num">{t.payments.supplier.amount}</th>
                <th>{t.payments.supplier.date}</th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((i) => (
                <tr key={i.id}>
                  <td>{i.orderCode}</td>
                  <td>{i.unionName}</td>
                  <td>{i.supplierName}</td>
                  <td className="num">
                    <Money fen={i.amountFen} />
                  </td>
                  <td>
                    <DateText value={i.requestedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm">{f.none}</p>
        )}
      </section>
      <section className="card overflow-x-auto" aria-labelledby="settle">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="settle">{f.settlements}</h2>
          <a href="/finance/settlements.csv" download>
            {f.exportCsv}
          </a>
        </div>
        <table className="table">
          <thead>
            <tr>
              <th>{t.payments.finance.supplier}</th>
              <th className="num">{f.subOrders}</th>
              <th className="num">{f.owed}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {overview.settlements.map((s) => (
              <tr key={s.supplierId}>
                <td>{s.supplierName}</td>
                <td className="num">{s.subOrders}</td>
                <td className="num">
                  <Money fen={s.owedFen} />
                </td>
                <td>
                  <Form method="post" className="flex items-end gap-2">
                    <input type="hidden" name="intent" value="settle" />
                    <input type="hidden" name="supplierId" value={s.supplierId} />
                    <label className="sr-only" htmlFor={`ref-${s.supplierId}`}>
                      {f.settlementReference}
                    </label>
                    <input id={`ref-${s.supplierId}`} name="reference" placeholder={f.settlementReference} className="input" />
                    <button type="submit" className="btn-secondary">
                      {f.settle}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
