// A thread per order part between the union and that supplier (text and photos). Each message notifies the other
// side in the same transaction and is audited, so it appears in the order's story.
import type { Actor } from "~/domain/actor";
import { db, transaction } from "~/utils/db.server";
import { first, instant, one, q } from "~/utils/sql.server";
import { recordAudit } from "~/models/access/audit.server";
import { notify } from "~/models/notifications/notifications.server";

export type MessageSide = "UNION" | "SUPPLIER";

/** Threads of the given parts, oldest message first. */
export async function threadsOf(subOrderIds: number[]) {
  const rows = await db.orderMessage.findMany({ where: { subOrderId: { in: subOrderIds } }, orderBy: { id: "asc" } });
  const authors = await db.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.authorId))] } }, select: { id: true, name: true } });
  return rows.map((r) => ({
    id: r.id,
    subOrderId: r.subOrderId,
    side: r.authorSide,
    author: authors.find((a) => a.id === r.authorId)?.name ?? "",
    text: r.text,
    photo: r.photoFile,
    createdAt: r.createdAt.toISOString(),
  }));
}

/**
 * Posts a message from one side of a part. The caller's organisation must be that side (the union that ordered, or
 * the supplier of the part); anything else is "notFound".
 */
export function postMessage(
  actor: Actor,
  side: MessageSide,
  subOrderId: number,
  input: { text: string; photo: { fileName: string; contentType: string } | null },
) {
  return transaction(async (c) => {
    const part = await first(
      c,
      q
        .selectFrom("SubOrder as s")
        .innerJoin("Order as o", "o.id", "s.orderId")
        .innerJoin("Organization as u", "u.id", "o.unionId")
        .innerJoin("Supplier as sp", "sp.id", "s.supplierId")
        .innerJoin("Organization as so", "so.id", "sp.orgId")
        .select(["s.orderId", "o.code", "o.unionId", "u.name as unionName", "sp.orgId as supplierOrgId", "so.name as supplierName"])
        .where("s.id", "=", subOrderId)
        .where("o.status", "not in", ["PENDING_APPROVAL", "REJECTED"]),
    );
    if (!part || (side === "UNION" ? part.unionId : part.supplierOrgId) !== actor.org.id) return "notFound" as const;
    const id = (
      await one(
        c,
        q
          .insertInto("OrderMessage")
          .values({
            orderId: part.orderId,
            subOrderId,
            authorId: actor.userId,
            authorSide: side,
            text: input.text,
            photoFile: input.photo?.fileName ?? null,
            photoType: input.photo?.contentType ?? null,
            createdAt: instant(Date.now()),
          })
          .returning("id"),
      )
    ).id;
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "message.send",
      entityType: "SubOrder",
      entityId: subOrderId,
      detail: { messageId: id },
    });
    const params = { code: part.code, from: side === "UNION" ? part.unionName : part.supplierName, text: input.text.slice(0, 120) };
    if (side === "UNION")
      await notify(c, { to: { orgs: [{ orgId: part.supplierOrgId, roles: ["SUPPLIER"] }] }, kind: "message", params, link: `/supplier/orders/${subOrderId}` });
    else
      await notify(c, {
        to: { orgs: [{ orgId: part.unionId, roles: ["BUYER", "APPROVER"] }] },
        kind: "message",
        params,
        link: `/union/orders/${part.orderId}`,
      });
    return "ok" as const;
  });
}
