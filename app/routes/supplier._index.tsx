import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { labelOf } from "~/locales/label";
import { supplierOverview } from "~/models/access/suppliers.server";
import { useT } from "~/utils/i18n";
import { notFound, requireRole } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "SUPPLIER");
  const overview = await supplierOverview(user.org.id);
  if (!overview) notFound();
  return json({ overview });
}

export default function SupplierHome() {
  const t = useT();
  const { overview } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <div>
        <p className="text-sm text-stone-600">{labelOf(t.supplierKinds, overview.kind)} · {labelOf(t.tradeRoles, overview.tradeRole)}</p>
        <h1>{overview.name}</h1>
      </div>
      <dl className="grid grid-cols-3 gap-3">
        <div className="card"><dt className="text-sm text-stone-600">{t.supplierHome.activeProducts}</dt><dd className="text-2xl font-semibold">{overview.activeProducts}</dd></div>
        <div className="card"><dt className="text-sm text-stone-600">{t.supplierHome.pendingSubOrders}</dt><dd className="text-2xl font-semibold">{overview.pendingSubOrders}</dd></div>
        <div className="card"><dt className="text-sm text-stone-600">{t.supplierHome.toShip}</dt><dd className="text-2xl font-semibold">{overview.toShip}</dd></div>
      </dl>
    </div>
  );
}
