import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { listSupplierSubOrders } from "~/models/orders/orders.server";
import { useT } from "~/utils/i18n";
import { requireSupplier } from "~/utils/permissions.server";
import { ordersArea } from "~/locales/area/orders";
import { paymentsArea } from "~/locales/area/payments";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  return json({ subOrders: await listSupplierSubOrders(actor.supplierId) });
}

export default function SupplierOrders() {
  const t = useT(ordersArea, paymentsArea);
  const { subOrders } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{t.orders.supplier.title}</h1>
      <div className="card">
        {subOrders.length ? (
          <table className="table table-cards" data-testid="supplier-orders">
            <thead>
              <tr>
                <th>{t.orders.code}</th>
                <th>{t.orders.supplier.union}</th>
                <th>{t.orders.occasion}</th>
                <th>{t.orders.createdAt}</th>
                <th className="num">{t.orders.total}</th>
                <th>{t.orders.status}</th>
              </tr>
            </thead>
            <tbody>
              {subOrders.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/supplier/orders/${s.id}`}>{s.code}</Link>
                  </td>
                  <td data-label={t.orders.supplier.union}>{s.unionName}</td>
                  <td data-label={t.orders.occasion}>{labelOf(t.occasions, s.occasion)}</td>
                  <td data-label={t.orders.createdAt}>
                    <DateText value={s.createdAt} />
                  </td>
                  <td className="num" data-label={t.orders.total}>
                    <Money fen={s.amountFen} />
                  </td>
                  <td data-label={t.orders.status}>
                    {labelOf(t.orders.subStatuses, s.status)} ·{" "}
                    <span className={s.paymentStatus === "UNPAID" ? "text-stone-600" : ""}>
                      {s.paymentStatus === "UNPAID" ? t.payments.supplierMoney.unpaid : t.payments.supplierMoney.paid}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t.orders.supplier.none}</p>
        )}
      </div>
    </div>
  );
}
