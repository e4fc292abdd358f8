import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { orderLinesForReport } from "~/models/welfare/reports.server";
import { useT } from "~/utils/i18n";
import { notFound, requireRole } from "~/utils/permissions.server";
import { orgIdParam, reportYear } from "~/forms/report-year.server";
import { reportsArea } from "~/locales/area/reports";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const orderId = orgIdParam.safeParse(params.orderId);
  if (!orderId.success) notFound();
  // The year the leader drilled down in, so the way back lands on the same year.
  return json({ ...(await orderLinesForReport(user, orderId.data)), year: reportYear(request) });
}

export default function OrderLinesReport() {
  const t = useT(reportsArea);
  const { order, lines, year } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <Link to={`/reports/${order.unionId}/orders?year=${year}`} className="text-sm">
        ← {order.unionName}
      </Link>
      <h1>{t.reports.lineItems(order.code)}</h1>
      <div className="card">
        <table className="table table-cards" data-testid="order-lines">
          <thead>
            <tr>
              <th>{t.reports.product}</th>
              <th>{t.reports.supplier}</th>
              <th>{t.reports.origin}</th>
              <th className="num">{t.reports.unitPrice}</th>
              <th className="num">{t.reports.quantity}</th>
              <th className="num">{t.reports.amount}</th>
              <th>{t.reports.certified}</th>
              <th className="num">{t.reports.refunded}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td>
                  {l.productTitle}
                  <br />
                  <span className="text-xs text-stone-500">
                    {l.productCode} · {labelOf(t.categories, l.category)}
                  </span>
                </td>
                <td data-label={t.reports.supplier}>
                  {l.supplierName}
                  <br />
                  <span className="text-xs text-stone-500">{labelOf(t.tradeRoles, l.supplierTradeRole)}</span>
                </td>
                <td data-label={t.reports.origin}>
                  {l.originCounty}
                  {l.originVillageName ?? ""}
                </td>
                <td className="num" data-label={t.reports.unitPrice}>
                  <Money fen={l.unitPriceFen} />
                </td>
                <td className="num" data-label={t.reports.quantity}>
                  {t.units.quantity(l.quantity, l.unit)}
                </td>
                <td className="num" data-label={t.reports.amount}>
                  <Money fen={l.amountFen} />
                </td>
                <td data-label={t.reports.certified}>
                  {l.certifiedOnOrderDate ? `${t.reports.certifiedYes} ${l.certificateNumber ?? ""}` : t.reports.certifiedNo}
                </td>
                <td className="num" data-label={t.reports.refunded}>
                  {l.refundedFen ? <Money fen={l.refundedFen} /> : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
