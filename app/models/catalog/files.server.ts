import { db } from "~/utils/db.server";

/**
 * Who may download an uploaded file. Product photos are public; a certificate's scan only to its supplier and to
 * leaders who review certificates; a complaint photo only to the union and the supplier of that sub-order; an
 * invoice to them and to platform finance.
 */
export async function mayReadFile(fileName: string, viewer: { role: string; orgId: number } | null): Promise<boolean> {
  if (await db.productPhoto.findFirst({ where: { fileName }, select: { id: true } })) return true;
  const certificate = await db.certificate.findFirst({ where: { documentFile: fileName }, select: { product: { select: { supplier: { select: { orgId: true } } } } } });
  if (certificate) return viewer != null && (viewer.role === "LEADER" || viewer.orgId === certificate.product.supplier.orgId);
  const complaint = await db.complaintPhoto.findFirst({ where: { fileName }, select: { subOrder: { select: { supplier: { select: { orgId: true } }, order: { select: { unionId: true } } } } } });
  if (complaint) return viewer != null && (viewer.orgId === complaint.subOrder.supplier.orgId || viewer.orgId === complaint.subOrder.order.unionId);
  // An invoice: the union that bought, the supplier that issued it, and platform finance.
  const invoice = await db.invoice.findFirst({ where: { fileName }, select: { subOrder: { select: { supplier: { select: { orgId: true } }, order: { select: { unionId: true } } } } } });
  if (invoice) return viewer != null && (viewer.role === "FINANCE" || viewer.orgId === invoice.subOrder.supplier.orgId || viewer.orgId === invoice.subOrder.order.unionId);
  return false;
}
