import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, z } from "~/utils/validation.server";
import { DateText } from "~/components/ui/DateText";
import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { SelectField } from "~/components/ui/SelectField";
import { PAYMENT_TERMS } from "~/domain/payments";
import type { Messages } from "~/locales";
import { supplierLedger } from "~/models/payments/payments.server";
import { paymentTermsOf, savePaymentTerms, supplierTotals } from "~/models/payments/supplier-money.server";
import { invalidSubmission, readForm, savedSubmission } from "~/utils/forms.server";
import { SavedNotice } from "~/components/ui/SavedNotice";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { requireSupplier } from "~/utils/permissions.server";
import { paymentsArea } from "~/locales/area/payments";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  return json({ ledger: await supplierLedger(actor.supplierId), totals: await supplierTotals(actor.supplierId), terms: await paymentTermsOf(actor.org.id) });
}

function termsSchema(t: Messages) {
  return z.object({
    terms: z.enum(PAYMENT_TERMS, { required_error: t.errors.required }),
    dueDays: z.coerce
      .number({ required_error: t.errors.required, invalid_type_error: t.errors.invalidNumber })
      .int(t.errors.invalidNumber)
      .min(0, t.errors.invalidNumber)
      .max(365, t.errors.invalidNumber),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireSupplier(request);
  const t = await getMessages(request);
  const submission = parseWithZod(await readForm(request), { schema: termsSchema(t) });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  await savePaymentTerms(user, submission.value);
  return savedSubmission(submission, t.payments.supplierMoney.saved);
}

export default function SupplierSettlements() {
  const t = useT(paymentsArea);
  const s = t.payments.supplier;
  const m = t.payments.supplierMoney;
  const { ledger, totals, terms } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "payment-terms",
    lastResult: data?.result ?? null,
    defaultValue: { terms: terms.terms, dueDays: String(terms.dueDays) },
  });
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{s.title}</h1>
      <dl className="grid grid-cols-1 gap-2 sm:grid-cols-3" data-testid="supplier-totals">
        <div className="card">
          <dt className="text-sm text-stone-600">{s.totals.owed}</dt>
          <dd className="text-xl font-semibold">
            <Money fen={totals.owedFen} />
          </dd>
        </div>
        <div className="card">
          <dt className="text-sm text-stone-600">{s.totals.paid}</dt>
          <dd className="text-xl font-semibold">
            <Money fen={totals.paidFen} />
          </dd>
        </div>
        <div className="card">
          <dt className="text-sm text-stone-600">{s.totals.pending}</dt>
          <dd className="text-xl font-semibold">
            <Money fen={totals.pendingFen} />
          </dd>
        </div>
      </dl>
      <section className="card overflow-x-auto" aria-labelledby="open">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="open">{s.open}</h2>
          <span className="flex gap-3 text-sm">
            <a href="/supplier/settlements/export?format=csv" download>
              {s.exportCsv}
            </a>
            <a href="/supplier/settlements/export?format=xlsx" download>
              {s.exportXlsx}
            </a>
          </span>
        </div>
        {ledger.open.length ? (
          <table className="table" data-testid="owed">
            <thead>
              <tr>
                <th>{s.order}</th>
                <th>{s.union}</th>
                <th className="num">{s.amount}</th>
                <th className="num">{s.refunded}</th>
                <th className="num">{s.owed}</th>
              </tr>
            </thead>
            <tbody>
              {ledger.open.map((r) => (
                <tr key={r.id}>
                  <td>{r.code}</td>
                  <td>{r.unionName}</td>
                  <td className="num">
                    <Money fen={r.amountFen} />
                  </td>
                  <td className="num">
                    <Money fen={r.refundedFen} />
                  </td>
                  <td className="num">
                    <Money fen={r.owedFen} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm">{s.none}</p>
        )}
      </section>
      <section className="card overflow-x-auto" aria-labelledby="settled">
        <h2 id="settled">{s.settled}</h2>
        {ledger.settled.length ? (
          <table className="table" data-testid="settled">
            <thead>
              <tr>
                <th>{s.date}</th>
                <th>{s.reference}</th>
                <th className="num">{s.parts}</th>
                <th className="num">{s.amount}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {ledger.settled.map((r) => (
                <tr key={r.id}>
                  <td>
                    <DateText value={r.createdAt} />
                  </td>
                  <td>{r.reference}</td>
                  <td className="num">{r.subOrders}</td>
                  <td className="num">
                    <Money fen={r.amountFen} />
                  </td>
                  <td>
                    <Link to={`/settlements/${r.id}`}>{s.statement}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm">{s.none}</p>
        )}
      </section>
      <section className="card" aria-labelledby="terms">
        <h2 id="terms" className="mb-2">
          {m.settingsTitle}
        </h2>
        <Form method="post" className="grid gap-3 sm:grid-cols-3" {...getFormProps(form)}>
          <SelectField label={m.termsLabel} errors={fields.terms.errors} {...getSelectProps(fields.terms)} id="terms-select">
            {PAYMENT_TERMS.map((k) => (
              <option key={k} value={k}>
                {m.terms[k]}
              </option>
            ))}
          </SelectField>
          <Field label={m.dueDays} inputMode="numeric" errors={fields.dueDays.errors} {...getInputProps(fields.dueDays, { type: "text" })} id="dueDays" />
          <button type="submit" className="btn-primary self-end">
            {m.save}
          </button>
        </Form>
        <div className="mt-2" data-testid="terms-saved-wrapper">
          <SavedNotice message={data?.saved} />
        </div>
      </section>
    </div>
  );
}
