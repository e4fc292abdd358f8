import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { idParam } from "~/utils/validation.server";
import { DateText } from "~/components/ui/DateText";
import { getSupplierSubOrder } from "~/models/orders/orders.server";
import { useT } from "~/utils/i18n";
import { notFound, requireSupplier } from "~/utils/permissions.server";
import { ordersArea } from "~/locales/area/orders";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  const id = idParam.safeParse(params.subOrderId);
  if (!id.success) notFound();
  const subOrder = await getSupplierSubOrder(actor.supplierId, id.data);
  if (!subOrder) notFound();
  return json({ subOrder });
}

/** One packing list and one delivery note per delivery address, each on its own printed page. */
export default function PackingList() {
  const t = useT(ordersArea);
  const { subOrder } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-6">
      <button type="button" className="no-print btn-secondary self-start" onClick={() => window.print()}>
        {t.actions.print}
      </button>
      {subOrder.addresses.map((address) => {
        const lines = subOrder.lines
          .map((l) => ({ ...l, quantity: l.allocations.find((a) => a.addressId === address.id)?.quantity ?? 0 }))
          .filter((l) => l.quantity > 0);
        return (["packingList", "deliveryNote"] as const).map((kind) => (
          <article key={`${address.id}-${kind}`} className="card break-after-page">
            <h1>
              {t.orders.print[kind]} · {subOrder.order.code}
            </h1>
            <p className="text-sm">
              {subOrder.supplierName} → {subOrder.order.unionName} · <DateText value={subOrder.order.createdAt} />
            </p>
            <p className="text-sm">
              {address.label}: {address.recipient} {address.phone} {address.address}
            </p>
            <table className="table mt-2">
              <thead>
                <tr>
                  <th>{t.orders.builder.product}</th>
                  <th className="num">{t.orders.builder.quantity}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.id}>
                    <td>
                      {l.code} {l.title}
                    </td>
                    <td className="num">{t.units.quantity(l.quantity, l.unit)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {kind === "deliveryNote" ? <p className="mt-8">{t.orders.print.signature} ____________________</p> : null}
          </article>
        ));
      })}
    </div>
  );
}
