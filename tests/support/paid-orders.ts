// Fixture steps several integration files share, written once for both engines (Kysely on the transaction's
// connection): an order placed through the app, then paid outside it.
import { recordOrderPaid } from "~/models/welfare/procurement-ledger.server";
import { transaction } from "~/utils/db.server";
import { instant, one, q, run } from "~/utils/sql.server";

export interface PaidBy {
  provider: "BANK_TRANSFER" | "STRIPE";
  idempotencyKey: string;
  referenceCode?: string | null;
  providerPaymentId?: string | null;
  paymentIntentId?: string | null;
}

/** Marks an order paid now: a succeeded payment of its total, the order PAID, and P through the ledger, in one transaction. */
export function payOrder(orderId: number, payment: PaidBy, now = Date.now()) {
  return transaction(async (c) => {
    const { totalFen } = await one(c, q.selectFrom("Order").select("totalFen").where("id", "=", orderId));
    await run(
      c,
      q.insertInto("Payment").values({
        orderId,
        status: "SUCCEEDED",
        amountFen: totalFen,
        ...payment,
        createdAt: instant(now),
        succeededAt: instant(now),
      }),
    );
    await run(
      c,
      q
        .updateTable("Order")
        .set({ paymentStatus: "PAID", paidAt: instant(now) })
        .where("id", "=", orderId),
    );
    await recordOrderPaid(c, orderId, new Date(now));
  });
}
