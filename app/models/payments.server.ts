import { db } from "~/utils/db.server";
import { toFen } from "~/domain/money";

/** Bank-transfer payments still waiting for finance to see the money arrive. Finance sees every union. */
export async function pendingBankPayments() {
  const rows = await db.payment.findMany({
    where: { provider: "BANK_TRANSFER", status: "PENDING" },
    orderBy: { createdAt: "asc" },
    take: 200,
    select: { id: true, referenceCode: true, amountFen: true, order: { select: { code: true, union: { select: { name: true } } } } },
  });
  return rows.map((r) => ({ ...r, amountFen: toFen(r.amountFen) }));
}
