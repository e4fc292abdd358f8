import { db } from "~/utils/db.server";

/**
 * Who may download an uploaded file. Product photos are public; a certificate's scan only to its supplier and to
 * leaders who review certificates; a complaint or message photo only to the union and the supplier of that sub-order
 * (a complaint photo also to leaders above that union); an invoice to the union, the supplier and platform finance.
 */
export async function mayReadFile(fileName: string, viewer: { role: string; orgId: number } | null): Promise<boolean> {
  if (await db.productPhoto.findFirst({ where: { fileName }, select: { id: true } })) return true;
  const certificate = await db.certificate.findFirst({
    where: { documentFile: fileName },
    select: { product: { select: { supplier: { select: { orgId: true } } } } },
  });
  if (certificate) return viewer != null && (viewer.role === "LEADER" || viewer.orgId === certificate.product.supplier.orgId);
  const message = await db.orderMessage.findFirst({ where: { photoFile: fileName }, select: { subOrderId: true } });
  if (message) {
    if (viewer == null) return false;
    const part = await db.subOrder.findUnique({
      where: { id: message.subOrderId },
      select: { supplier: { select: { orgId: true } }, order: { select: { unionId: true } } },
    });
    return part != null && (viewer.orgId === part.supplier.orgId || viewer.orgId === part.order.unionId);
  }
  const complaint = await db.complaintPhoto.findFirst({
    where: { fileName },
    select: { subOrder: { select: { supplier: { select: { orgId: true } }, order: { select: { unionId: true, union: { select: { path: true } } } } } } },
  });
  if (complaint) {
    if (viewer == null) return false;
    if (viewer.orgId === complaint.subOrder.supplier.orgId || viewer.orgId === complaint.subOrder.order.unionId) return true;
    // The county union (or the federation) above the buying union decides escalations, so its leaders see the photos.
    if (viewer.role !== "LEADER") return false;
    const leaderOrg = await db.organization.findUnique({ where: { id: viewer.orgId }, select: { path: true } });
    return leaderOrg != null && complaint.subOrder.order.union.path.startsWith(leaderOrg.path);
  }
  // An invoice: the union that bought, the supplier that issued it, and platform finance.
  const invoice = await db.invoice.findFirst({
    where: { fileName },
    select: { subOrder: { select: { supplier: { select: { orgId: true } }, order: { select: { unionId: true } } } } },
  });
  if (invoice)
    return viewer != null && (viewer.role === "FINANCE" || viewer.orgId === invoice.subOrder.supplier.orgId || viewer.orgId === invoice.subOrder.order.unionId);
  return false;
}
