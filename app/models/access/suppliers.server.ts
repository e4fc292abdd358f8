import { db } from "~/utils/db.server";

/** The supplier record behind a supplier organisation; every supplier query starts here. */
export function getSupplierForOrg(orgId: number) {
  return db.supplier.findUnique({ where: { orgId }, include: { org: { select: { name: true } } } });
}

export async function supplierOverview(orgId: number) {
  const supplier = await getSupplierForOrg(orgId);
  if (!supplier) return null;
  const [activeProducts, pendingSubOrders, toShip] = await Promise.all([
    db.product.count({ where: { supplierId: supplier.id, active: true } }),
    db.subOrder.count({ where: { supplierId: supplier.id, status: "PENDING", order: { status: "PLACED" } } }),
    db.subOrder.count({ where: { supplierId: supplier.id, status: "CONFIRMED" } }),
  ]);
  return { name: supplier.org.name, kind: supplier.kind, tradeRole: supplier.tradeRole, activeProducts, pendingSubOrders, toShip };
}
