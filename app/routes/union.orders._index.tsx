import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { listUnionOrders } from "~/models/orders/orders.server";
import { useT } from "~/utils/i18n";
import { requireRole } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  return json({ orders: await listUnionOrders(user.org.id) });
}

export default function UnionOrders() {
  const t = useT();
  const { orders } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1>{t.orders.title}</h1>
        <Link to="/union/orders/new" className="btn-primary">{t.orders.newOrder}</Link>
      </div>
      <div className="card">
        {orders.length ? (
          <table className="table table-cards" data-testid="union-orders">
            <thead><tr><th>{t.orders.code}</th><th>{t.orders.occasion}</th><th>{t.orders.createdAt}</th><th className="num">{t.orders.total}</th><th>{t.orders.status}</th></tr></thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <td><Link to={`/union/orders/${o.id}`}>{o.code}</Link></td>
                  <td data-label={t.orders.occasion}>{labelOf(t.occasions, o.occasion)}</td>
                  <td data-label={t.orders.createdAt}><DateText value={o.createdAt} /></td>
                  <td className="num" data-label={t.orders.total}><Money fen={o.totalFen} /></td>
                  <td data-label={t.orders.status}>{labelOf(t.orders.statuses, o.status)} · {labelOf(t.orders.paymentStatuses, o.paymentStatus)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p>{t.orders.none}</p>}
      </div>
    </div>
  );
}
