import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { amountField, dateField, idField, optionalTextField, textField, z } from "~/utils/validation.server";
import { DateText } from "~/components/ui/DateText";
import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { financeOverview, recordBankTransfer, resolveTransfer, settleSupplier } from "~/models/payments/payments.server";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { requireRole } from "~/utils/permissions.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "FINANCE");
  return json({ overview: await financeOverview() });
}

export async function action({ request }: ActionFunctionArgs) {
  const finance = await requireRole(request, "FINANCE");
  const t = await getMessages(request);
  const fields = Object.fromEntries(await readForm(request));
  switch (fields.intent) {
    case "record": {
      const parsed = z
        .object({
          amount: amountField(t, { min: 1 }),
          receivedOn: dateField(t),
          bankReference: textField(t, 64),
          referenceCode: textField(t, 32),
          payerName: optionalTextField(t, 100),
        })
        .safeParse(fields);
      if (!parsed.success) return json({ fieldErrors: parsed.error.flatten().fieldErrors, outcome: null }, { status: 400 });
      const outcome = await recordBankTransfer(finance, { ...parsed.data, amountFen: parsed.data.amount });
      return json({ fieldErrors: null, outcome }, { status: outcome === "duplicate" ? 409 : 200 });
    }
    case "resolve": {
      const parsed = z.object({ transferId: idField(), note: textField(t, 200) }).safeParse(fields);
      if (!parsed.success) return json({ fieldErrors: { note: [t.errors.required] }, outcome: null }, { status: 400 });
      await resolveTransfer(finance, parsed.data.transferId, parsed.data.note);
      return json({ fieldErrors: null, outcome: null });
    }
    case "settle": {
      const parsed = z.object({ supplierId: idField(), reference: textField(t, 64) }).safeParse(fields);
      if (!parsed.success) return json({ fieldErrors: { reference: [t.errors.required] }, outcome: null }, { status: 400 });
      await settleSupplier(finance, parsed.data.supplierId, parsed.data.reference);
      return json({ fieldErrors: null, outcome: null });
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function Finance() {
  const t = useT();
  const f = t.payments.finance;
  const { overview } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string[] | undefined> | undefined = data?.fieldErrors ?? undefined;
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{f.title}</h1>
      <section className="card" aria-labelledby="record">
        <h2 id="record" className="mb-2">{f.record}</h2>
        <Form method="post" className="grid gap-3 sm:grid-cols-3">
          <input type="hidden" name="intent" value="record" />
          <Field id="referenceCode" name="referenceCode" label={f.referenceCode} errors={errors?.referenceCode} />
          <Field id="amount" name="amount" label={f.amount} inputMode="decimal" errors={errors?.amount} />
          <Field id="receivedOn" name="receivedOn" type="date" label={f.receivedOn} errors={errors?.receivedOn} />
          <Field id="bankReference" name="bankReference" label={f.bankReference} errors={errors?.bankReference} />
          <Field id="payerName" name="payerName" label={f.payerName} />
          <button type="submit" className="btn-primary self-end">{f.save}</button>
        </Form>
        {data?.outcome ? <p className={`mt-2 ${data.outcome === "MATCHED" ? "badge-certified" : "field-error"}`} role="status" data-testid="transfer-outcome">{f.outcomes[data.outcome]}</p> : null}
      </section>
      <section className="card overflow-x-auto" aria-labelledby="pending">
        <h2 id="pending">{f.pending} ({overview.pending.length})</h2>
        <table className="table" data-testid="pending-payments">
          <tbody>
            {overview.pending.map((p) => (
              <tr key={p.id}><td className="font-mono">{p.referenceCode}</td><td>{p.orderCode}</td><td>{p.unionName}</td><td className="num"><Money fen={p.amountFen} /></td><td><DateText value={p.createdAt} /></td></tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card overflow-x-auto" aria-labelledby="flagged">
        <h2 id="flagged">{f.flagged}</h2>
        {overview.flagged.length ? (
          <ul className="flex flex-col gap-2">
            {overview.flagged.map((x) => (
              <li key={x.id} className="flex flex-wrap items-end gap-2 border-b border-stone-100 pb-2 text-sm">
                <span className="badge-warn">{labelOf(t.payments.transferStatuses, x.status)}</span> {x.referenceCode} · {x.payerName} · <Money fen={x.amountFen} /> · {x.bankReference}
                <Form method="post" className="flex items-end gap-2">
                  <input type="hidden" name="intent" value="resolve" />
                  <input type="hidden" name="transferId" value={x.id} />
                  <label className="sr-only" htmlFor={`note-${x.id}`}>{f.resolveNote}</label>
                  <input id={`note-${x.id}`} name="note" placeholder={f.resolveNote} className="input" />
                  <button type="submit" className="btn-secondary">{f.resolve}</button>
                </Form>
              </li>
            ))}
          </ul>
        ) : <p className="text-sm">{f.none}</p>}
      </section>
      <section className="card overflow-x-auto" aria-labelledby="settle">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="settle">{f.settlements}</h2>
          <a href="/finance/settlements.csv" download>{f.exportCsv}</a>
        </div>
        <table className="table">
          <thead><tr><th>{t.orders.detail.supplier}</th><th className="num">{f.subOrders}</th><th className="num">{f.owed}</th><th /></tr></thead>
          <tbody>
            {overview.settlements.map((s) => (
              <tr key={s.supplierId}>
                <td>{s.supplierName}</td><td className="num">{s.subOrders}</td><td className="num"><Money fen={s.owedFen} /></td>
                <td>
                  <Form method="post" className="flex items-end gap-2">
                    <input type="hidden" name="intent" value="settle" />
                    <input type="hidden" name="supplierId" value={s.supplierId} />
                    <label className="sr-only" htmlFor={`ref-${s.supplierId}`}>{f.settlementReference}</label>
                    <input id={`ref-${s.supplierId}`} name="reference" placeholder={f.settlementReference} className="input" />
                    <button type="submit" className="btn-secondary">{f.settle}</button>
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
