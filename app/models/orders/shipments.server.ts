// Shipments per delivery address: a part whose goods go to two addresses ships to each with its own tracking
// number, and the union confirms each address's arrival (the part's inspection stays one step, see orders.server).
import type { Actor } from "~/domain/actor";
import { db, transaction } from "~/utils/db.server";
import { all, first, instant, q, run, type Connection } from "~/utils/sql.server";
import { recordAudit } from "~/models/access/audit.server";
import { notify } from "~/models/notifications/notifications.server";

/** The addresses a part's goods go to, in address order. */
export async function addressesOfPart(c: Connection, subOrderId: number): Promise<number[]> {
  return (
    await all(
      c,
      q
        .selectFrom("OrderLineAllocation as a")
        .innerJoin("OrderLine as l", "l.id", "a.lineId")
        .select("a.addressId")
        .distinct()
        .where("l.subOrderId", "=", subOrderId)
        .where("a.quantity", ">", 0)
        .orderBy("a.addressId"),
    )
  ).map((r) => r.addressId);
}

/** Inside the ship transaction: one shipment per address, each with its own tracking number or the part's. */
export async function recordShipmentsIn(
  c: Connection,
  subOrderId: number,
  carrier: string,
  trackingNo: string,
  perAddress: Record<number, string>,
  at: number,
) {
  for (const addressId of await addressesOfPart(c, subOrderId)) {
    await run(
      c,
      q
        .insertInto("SubOrderShipment")
        .values({ subOrderId, addressId, carrier, trackingNo: perAddress[addressId] || trackingNo, shippedAt: instant(at) })
        .onConflict((oc) => oc.columns(["subOrderId", "addressId"]).doNothing()),
    );
  }
}

export async function shipmentsOf(subOrderIds: number[]) {
  const rows = await db.subOrderShipment.findMany({ where: { subOrderId: { in: subOrderIds } }, orderBy: [{ subOrderId: "asc" }, { addressId: "asc" }] });
  return rows.map((r) => ({
    id: r.id,
    subOrderId: r.subOrderId,
    addressId: r.addressId,
    carrier: r.carrier,
    trackingNo: r.trackingNo,
    shippedAt: r.shippedAt.toISOString(),
    receivedAt: r.receivedAt?.toISOString() ?? null,
  }));
}

/** The union confirms that one address received its goods; the supplier is told through the order's story. */
export function confirmAddressReceipt(actor: Actor, shipmentId: number) {
  return transaction(async (c) => {
    const row = await first(
      c,
      q
        .selectFrom("SubOrderShipment as sh")
        .innerJoin("SubOrder as s", "s.id", "sh.subOrderId")
        .innerJoin("Order as o", "o.id", "s.orderId")
        .innerJoin("Supplier as sp", "sp.id", "s.supplierId")
        .innerJoin("OrderAddress as a", "a.id", "sh.addressId")
        .select(["sh.subOrderId", "s.orderId", "sp.orgId as supplierOrgId", "o.code", "a.label"])
        .where("sh.id", "=", shipmentId)
        .where("o.unionId", "=", actor.org.id),
    );
    if (!row) return "notFound" as const;
    const changed = (
      await run(
        c,
        q
          .updateTable("SubOrderShipment")
          .set({ receivedAt: instant(Date.now()), receivedById: actor.userId })
          .where("id", "=", shipmentId)
          .where("receivedAt", "is", null),
      )
    ).changes;
    if (!changed) return "wrongState" as const;
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "shipment.receive",
      entityType: "SubOrder",
      entityId: row.subOrderId,
      detail: { shipmentId, address: row.label },
    });
    await notify(c, {
      to: { orgs: [{ orgId: row.supplierOrgId, roles: ["SUPPLIER"] }] },
      kind: "addressReceived",
      params: { code: row.code, address: row.label },
      link: `/supplier/orders/${row.subOrderId}`,
    });
    return "ok" as const;
  });
}
