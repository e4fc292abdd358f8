// Invoices (发票) per supplier part: the union requests one, the supplier issues it (its number, and the digital
// invoice's PDF/OFD file when it has one), and the union and finance see the state. Each step audited.
import { db, transaction } from "~/utils/db.server";
import { first, instant, one, q, run } from "~/utils/sql.server";
import type { Actor } from "~/domain/actor";
import { mayRequestInvoice } from "~/domain/invoices";
import { recordAudit } from "~/models/access/audit.server";

type OrgActor = Pick<Actor, "userId"> & { org: Pick<Actor["org"], "id"> };

export function requestInvoice(
  actor: OrgActor,
  subOrderId: number,
  input: { title: string; taxNumber: string; email: string },
): Promise<"ok" | "notFound" | "wrongState"> {
  return transaction(async (c) => {
    const sub = await first(
      c,
      q
        .selectFrom("SubOrder as s")
        .innerJoin("Order as o", "o.id", "s.orderId")
        .select((eb) => [
          "s.status",
          "o.status as orderStatus",
          "o.id as orderId",
          eb.selectFrom("Invoice as i").select("i.id").whereRef("i.subOrderId", "=", "s.id").as("invoiceId"),
        ])
        .where("s.id", "=", subOrderId)
        .where("o.unionId", "=", actor.org.id),
    );
    if (!sub) return "notFound";
    if (!mayRequestInvoice({ status: sub.orderStatus }, sub, sub.invoiceId)) return "wrongState";
    const id = (
      await one(
        c,
        q
          .insertInto("Invoice")
          .values({
            subOrderId,
            title: input.title,
            taxNumber: input.taxNumber,
            email: input.email,
            status: "REQUESTED",
            requestedById: actor.userId,
            requestedAt: instant(Date.now()),
          })
          .returning("id"),
      )
    ).id;
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "invoice.request",
      entityType: "SubOrder",
      entityId: subOrderId,
      detail: { invoiceId: id, ...input },
    });
    return "ok";
  });
}

/** The supplier issues a requested invoice: its number, with the file when there is one. */
export function issueInvoice(
  supplier: OrgActor & { supplierId: number },
  subOrderId: number,
  input: { invoiceNumber: string; fileName: string | null },
): Promise<"ok" | "notFound" | "wrongState"> {
  return transaction(async (c) => {
    const invoice = await first(
      c,
      q
        .selectFrom("Invoice as i")
        .innerJoin("SubOrder as s", "s.id", "i.subOrderId")
        .select(["i.id", "i.status"])
        .where("s.id", "=", subOrderId)
        .where("s.supplierId", "=", supplier.supplierId),
    );
    if (!invoice) return "notFound";
    const changed = (
      await run(
        c,
        q
          .updateTable("Invoice")
          .set({ status: "ISSUED", invoiceNumber: input.invoiceNumber, fileName: input.fileName, issuedById: supplier.userId, issuedAt: instant(Date.now()) })
          .where("id", "=", invoice.id)
          .where("status", "=", "REQUESTED"),
      )
    ).changes;
    if (!changed) return "wrongState";
    await recordAudit(c, {
      actorId: supplier.userId,
      orgId: supplier.org.id,
      action: "invoice.issue",
      entityType: "SubOrder",
      entityId: subOrderId,
      detail: { invoiceId: invoice.id, ...input },
    });
    return "ok";
  });
}

/** Invoices requested and not yet issued, oldest first, for platform finance. */
export async function invoicesOutstanding() {
  const rows = await db.invoice.findMany({
    where: { status: "REQUESTED" },
    orderBy: { requestedAt: "asc" },
    take: 200,
    select: {
      id: true,
      title: true,
      requestedAt: true,
      subOrder: {
        select: {
          amountFen: true,
          order: { select: { code: true, union: { select: { name: true } } } },
          supplier: { select: { org: { select: { name: true } } } },
        },
      },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    requestedAt: r.requestedAt.toISOString(),
    orderCode: r.subOrder.order.code,
    unionName: r.subOrder.order.union.name,
    supplierName: r.subOrder.supplier.org.name,
    amountFen: Number(r.subOrder.amountFen),
  }));
}
