import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { orderLinesForReport } from "~/models/welfare/reports.server";
import { useT } from "~/utils/i18n";
import { notFound, requireRole } from "~/utils/permissions.server";
import { orgIdParam } from "~/forms/report-year.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const orderId = orgIdParam.safeParse(params.orderId);
  if (!orderId.success) notFound();
  return json(orderLinesForReport(user, orderId.data));
}

export default function OrderLinesReport() {
  const t = useT();
  const { order, lines } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <Link to={`/reports/${order.unionId}/orders`} className="text-sm">← {order.unionName}</Link>
      <h1>{t.reports.lineItems(order.code)}</h1>
      <div className="card overflow-x-auto">
        <table className="table" data-testid="order-lines">
          <thead>
            <tr>
              <th>{t.reports.product}</th><th>{t.reports.supplier}</th><th>{t.reports.origin}</th><th className="num">{t.reports.unitPrice}</th>
              <th className="num">{t.reports.quantity}</th><th className="num">{t.reports.amount}</th><th>{t.reports.certified}</th><th className="num">{t.reports.refunded}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td>{l.productTitle}<br /><span className="text-xs text-stone-500">{l.productCode} · {labelOf(t.categories, l.category)}</span></td>
                <td>{l.supplierName}<br /><span className="text-xs text-stone-500">{labelOf(t.tradeRoles, l.supplierTradeRole)}</span></td>
                <td>{l.originCounty}{l.originVillageName ?? ""}</td>
                <td className="num"><Money fen={l.unitPriceFen} /></td>
                <td className="num">{l.quantity} {l.unit}</td>
                <td className="num"><Money fen={l.amountFen} /></td>
                <td>{l.certifiedOnOrderDate ? `${t.reports.certifiedYes} ${l.certificateNumber ?? ""}` : t.reports.certifiedNo}</td>
                <td className="num">{l.refundedFen ? <Money fen={l.refundedFen} /> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
