import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/ui/Field";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { listUnionOrders } from "~/models/orders/orders.server";
import { chinaDate } from "~/domain/china-time";
import { useT } from "~/utils/i18n";
import { requireRole } from "~/utils/permissions.server";
import { ordersArea } from "~/locales/area/orders";
import { paymentsArea } from "~/locales/area/payments";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const today = chinaDate(new Date());
  return json({ orders: await listUnionOrders(user.org.id), range: { from: `${today.slice(0, 4)}-01-01`, to: today } });
}

export default function UnionOrders() {
  const t = useT(ordersArea, paymentsArea);
  const { orders, range } = useLoaderData<typeof loader>();
  const x = t.payments.unionExport;
  return (
    <div className="container-page flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1>{t.orders.title}</h1>
        <Link to="/union/orders/new" className="btn-primary">
          {t.orders.newOrder}
        </Link>
      </div>
      <Form
        method="get"
        action="/union/orders/export"
        reloadDocument
        className="card flex flex-wrap items-end gap-2"
        aria-label={x.title}
        data-testid="orders-export"
      >
        <Field id="export-from" name="from" type="date" label={x.from} defaultValue={range.from} required />
        <Field id="export-to" name="to" type="date" label={x.to} defaultValue={range.to} required />
        <button type="submit" name="format" value="csv" className="btn-secondary">
          {x.csv}
        </button>
        <button type="submit" name="format" value="xlsx" className="btn-secondary">
          {x.xlsx}
        </button>
      </Form>
      <div className="card">
        {orders.length ? (
          <table className="table table-cards" data-testid="union-orders">
            <thead>
              <tr>
                <th>{t.orders.code}</th>
                <th>{t.orders.occasion}</th>
                <th>{t.orders.createdAt}</th>
                <th className="num">{t.orders.total}</th>
                <th>{t.orders.status}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/union/orders/${o.id}`}>{o.code}</Link>
                  </td>
                  <td data-label={t.orders.occasion}>{labelOf(t.occasions, o.occasion)}</td>
                  <td data-label={t.orders.createdAt}>
                    <DateText value={o.createdAt} />
                  </td>
                  <td className="num" data-label={t.orders.total}>
                    <Money fen={o.totalFen} />
                  </td>
                  <td data-label={t.orders.status}>
                    {labelOf(t.orders.statuses, o.status)} · {labelOf(t.orders.paymentStatuses, o.paymentStatus)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t.orders.none}</p>
        )}
      </div>
    </div>
  );
}
