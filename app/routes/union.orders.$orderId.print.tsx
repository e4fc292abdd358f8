import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { idParam } from "~/utils/validation.server";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { getUnionOrder } from "~/models/orders/orders.server";
import { useT } from "~/utils/i18n";
import { notFound, requireRole } from "~/utils/permissions.server";
import { ordersArea } from "~/locales/area/orders";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const id = idParam.safeParse(params.orderId);
  if (!id.success) notFound();
  const order = await getUnionOrder(user.org.id, id.data);
  if (!order) notFound();
  return json({ order });
}

export default function OrderSummaryPrint() {
  const t = useT(ordersArea);
  const { order } = useLoaderData<typeof loader>();
  return (
    <article className="container-page flex flex-col gap-3">
      <button type="button" className="no-print btn-secondary self-start" onClick={() => window.print()}>
        {t.actions.print}
      </button>
      <h1>
        {t.orders.print.summary} · {order.code}
      </h1>
      <p className="text-sm">
        {order.unionName} · {labelOf(t.occasions, order.occasion)} · <DateText value={order.createdAt} /> · {t.orders.detail.createdBy} {order.createdBy}
        {order.approvedBy ? ` · ${t.orders.detail.approvedBy} ${order.approvedBy}` : ""}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>{t.orders.detail.supplier}</th>
            <th>{t.orders.builder.product}</th>
            <th className="num">{t.orders.builder.quantity}</th>
            <th className="num">{t.orders.detail.unitPrice}</th>
            <th className="num">{t.orders.detail.amount}</th>
          </tr>
        </thead>
        <tbody>
          {order.subOrders.flatMap((s) =>
            s.lines.map((l) => (
              <tr key={l.id}>
                <td>{s.supplierName}</td>
                <td>{l.title}</td>
                <td className="num">{t.units.quantity(l.quantity, l.unit)}</td>
                <td className="num">
                  <Money fen={l.unitPriceFen} />
                </td>
                <td className="num">
                  <Money fen={l.amountFen} />
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      <p className="font-semibold">
        {t.orders.total}: <Money fen={order.totalFen} /> · {t.orders.certified}: <Money fen={order.certifiedFen} />
      </p>
    </article>
  );
}
