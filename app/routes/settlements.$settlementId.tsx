import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { idParam } from "~/utils/validation.server";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { settlementStatement } from "~/models/payments/supplier-money.server";
import { useT } from "~/utils/i18n";
import { notFound, requireRole, requireSupplier } from "~/utils/permissions.server";
import { paymentsArea } from "~/locales/area/payments";

/** A printable statement of one settlement run: for the supplier it paid, and for platform finance. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "SUPPLIER", "FINANCE");
  const id = idParam.safeParse(params.settlementId);
  if (!id.success) notFound();
  const viewer = user.role === "FINANCE" ? "finance" : { supplierId: (await requireSupplier(request)).supplierId };
  const statement = await settlementStatement(id.data, viewer);
  if (!statement) notFound();
  return json({ statement });
}

export default function SettlementStatement() {
  const t = useT(paymentsArea);
  const s = t.payments.supplier;
  const { statement } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <button type="button" className="no-print btn-secondary self-start" onClick={() => window.print()}>
        {t.actions.print}
      </button>
      <article className="card flex flex-col gap-2" data-testid="statement">
        <h1>{s.statementTitle(statement.reference)}</h1>
        <p className="text-sm">
          {statement.supplierName} · <DateText value={statement.createdAt} />
        </p>
        <div className="overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th>{s.order}</th>
                <th>{s.union}</th>
                <th>{s.receivedOn}</th>
                <th className="num">{s.amount}</th>
                <th className="num">{s.refunded}</th>
                <th className="num">{s.owed}</th>
              </tr>
            </thead>
            <tbody>
              {statement.rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.code}</td>
                  <td>{r.unionName}</td>
                  <td>{r.receivedAt ? <DateText value={r.receivedAt} /> : ""}</td>
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
            <tfoot>
              <tr>
                <th colSpan={5}>{s.total}</th>
                <th className="num" data-testid="statement-total">
                  <Money fen={statement.amountFen} />
                </th>
              </tr>
            </tfoot>
          </table>
        </div>
      </article>
    </div>
  );
}
