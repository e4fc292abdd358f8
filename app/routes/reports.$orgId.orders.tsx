import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { paidOrdersOfUnion } from "~/models/welfare/reports.server";
import { useT } from "~/utils/i18n";
import { notFound, requireRole } from "~/utils/permissions.server";
import { orgIdParam, reportYear } from "~/forms/report-year.server";
import { reportsArea } from "~/locales/area/reports";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const orgId = orgIdParam.safeParse(params.orgId);
  if (!orgId.success) notFound();
  return json(await paidOrdersOfUnion(user, orgId.data, reportYear(request)));
}

export default function UnionPaidOrders() {
  const t = useT(reportsArea);
  const { union, year, orders } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <Link to={`/reports/${union.id}?year=${year}`} className="text-sm">
        ← {t.reports.up}
      </Link>
      <h1>{t.reports.ordersOf(union.name, year)}</h1>
      <div className="card">
        {orders.length ? (
          <table className="table table-cards" data-testid="paid-orders">
            <thead>
              <tr>
                <th>{t.reports.order}</th>
                <th>{t.reports.occasion}</th>
                <th>{t.reports.paidAt}</th>
                <th className="num">{t.reports.total}</th>
                <th className="num">{t.reports.counted}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/reports/orders/${o.id}?year=${year}`}>{o.code}</Link>
                  </td>
                  <td data-label={t.reports.occasion}>{labelOf(t.occasions, o.occasion)}</td>
                  <td data-label={t.reports.paidAt}>
                    <DateText value={o.paidAt} />
                  </td>
                  <td className="num" data-label={t.reports.total}>
                    <Money fen={o.totalFen} />
                  </td>
                  <td className="num" data-label={t.reports.counted}>
                    <Money fen={o.countedFen} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t.reports.empty}</p>
        )}
      </div>
    </div>
  );
}
