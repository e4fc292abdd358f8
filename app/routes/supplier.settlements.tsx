import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { supplierLedger } from "~/models/payments/payments.server";
import { useT } from "~/utils/i18n";
import { requireSupplier } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  return json({ ledger: await supplierLedger(actor.supplierId) });
}

export default function SupplierSettlements() {
  const t = useT();
  const s = t.payments.supplier;
  const { ledger } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{s.title}</h1>
      <section className="card overflow-x-auto" aria-labelledby="open">
        <h2 id="open">{s.open}</h2>
        {ledger.open.length ? (
          <table className="table" data-testid="owed">
            <thead><tr><th>{s.order}</th><th>{s.union}</th><th className="num">{s.amount}</th><th className="num">{s.refunded}</th><th className="num">{s.owed}</th></tr></thead>
            <tbody>{ledger.open.map((r) => <tr key={r.id}><td>{r.code}</td><td>{r.unionName}</td><td className="num"><Money fen={r.amountFen} /></td><td className="num"><Money fen={r.refundedFen} /></td><td className="num"><Money fen={r.owedFen} /></td></tr>)}</tbody>
          </table>
        ) : <p className="text-sm">{s.none}</p>}
      </section>
      <section className="card overflow-x-auto" aria-labelledby="settled">
        <h2 id="settled">{s.settled}</h2>
        {ledger.settled.length ? (
          <table className="table">
            <thead><tr><th>{s.date}</th><th>{s.reference}</th><th className="num">{s.amount}</th></tr></thead>
            <tbody>{ledger.settled.map((r) => <tr key={r.id}><td><DateText value={r.createdAt} /></td><td>{r.reference}</td><td className="num"><Money fen={r.amountFen} /></td></tr>)}</tbody>
          </table>
        ) : <p className="text-sm">{s.none}</p>}
      </section>
    </div>
  );
}
