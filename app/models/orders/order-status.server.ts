// What an order becomes when its parts change (order-state.ts decides; this applies it inside the caller's
// transaction). Shared by fulfilment, receipt and complaint resolution.
import { orderStatusAfterSubOrders } from "~/domain/order-state";
import { all, instant, q, run, type Connection } from "~/utils/sql.server";

/** Moves a placed order on when its parts say so; returns the status it moved to, or null when it stayed. */
export async function settleOrderStatus(c: Connection, orderId: number): Promise<string | null> {
  const subs = await all(c, q.selectFrom("SubOrder").select("status").where("orderId", "=", orderId));
  const next = orderStatusAfterSubOrders(subs);
  if (next === "PLACED") return null;
  const changed = (
    await run(
      c,
      q
        .updateTable("Order")
        .set(next === "CANCELLED" ? { status: next, cancelledAt: instant(Date.now()) } : { status: next })
        .where("id", "=", orderId)
        .where("status", "=", "PLACED"),
    )
  ).changes;
  return changed ? next : null;
}
