// A supplier's money: totals owed (received parts of paid orders, not yet settled), paid (settled) and pending
// (parts on their way or awaiting the union's payment), its settlement runs with a printable statement, a CSV/XLSX
// export of its ledger, and its payment terms (ship after payment, or ship on approval and be paid within N days).
import { sql, type Expression, type SqlBool } from "kysely";
import { db, reader, transaction } from "~/utils/db.server";
import { all, first, q, run } from "~/utils/sql.server";
import type { Actor } from "~/domain/actor";
import { chinaDate } from "~/domain/china-time";
import { PAID_STATUSES, owedToSupplier, type PaymentTerms } from "~/domain/payments";
import type { Messages } from "~/locales";
import { recordAudit } from "~/models/access/audit.server";
import type { Cell, Table } from "~/utils/table-download.server";

/** The lines of succeeded refunds that took money back from a sub-order. */
function succeededRefundLinesOf(subOrderId: Expression<number>) {
  return q
    .selectFrom("RefundLine as rl")
    .innerJoin("Refund as r", "r.id", "rl.refundId")
    .innerJoin("OrderLine as l", "l.id", "rl.orderLineId")
    .where("l.subOrderId", "=", subOrderId)
    .where("r.status", "=", "SUCCEEDED");
}

/** What succeeded refunds took back from a sub-order, in fen (0 when none): a correlated scalar subquery. */
export function refundedOfSubOrderFen(subOrderId: Expression<number>) {
  const refunded = succeededRefundLinesOf(subOrderId).select((eb) => eb.fn.sum<number>("rl.amountFen").as("fen"));
  return sql<number>`COALESCE(${refunded}, 0)`;
}

/**
 * What the supplier keeps of a sub-order after succeeded refunds, never below 0 (owedToSupplier in SQL), as one
 * correlated scalar subquery: a CASE both engines run (SQLite's two-argument MAX is PostgreSQL's GREATEST), its
 * SUM computed once however often the CASE names it.
 */
function keptOfSubOrderFen(subOrderId: Expression<number>, amountFen: Expression<number>) {
  return succeededRefundLinesOf(subOrderId)
    .select((eb) => {
      const refunded = eb.fn.coalesce(eb.fn.sum<number>("rl.amountFen"), sql.lit(0));
      return sql<number>`CASE WHEN ${amountFen} > ${refunded} THEN ${amountFen} - ${refunded} ELSE 0 END`.as("fen");
    })
    .$asScalar();
}

/** Owed, paid and pending for one supplier, in fen. */
export async function supplierTotals(supplierId: number) {
  const row = await first(
    reader,
    q
      .selectFrom("SubOrder as s")
      .innerJoin("Order as o", "o.id", "s.orderId")
      .select((eb) => {
        const kept = keptOfSubOrderFen(eb.ref("s.id"), eb.ref("s.amountFen"));
        const receivedAndPaid = eb.and([eb("s.status", "in", ["RECEIVED", "DISPUTED"]), eb("o.paymentStatus", "in", [...PAID_STATUSES])]);
        const sumOf = (when: Expression<SqlBool>, then: Expression<number>) =>
          eb.fn.coalesce(eb.fn.sum<number>(eb.case().when(when).then(then).end()), sql.lit(0));
        return [
          sumOf(eb.and([receivedAndPaid, eb("s.settlementId", "is", null)]), kept).as("owedFen"),
          sumOf(eb("s.settlementId", "is not", null), kept).as("paidFen"),
          sumOf(
            eb.and([
              eb("s.settlementId", "is", null),
              eb("o.status", "in", ["PLACED", "COMPLETED"]),
              eb("s.status", "in", ["PENDING", "CONFIRMED", "SHIPPED", "RECEIVED", "DISPUTED"]),
              eb.not(receivedAndPaid),
            ]),
            eb.ref("s.amountFen"),
          ).as("pendingFen"),
        ];
      })
      .where("s.supplierId", "=", supplierId),
  );
  // An aggregate without GROUP BY always returns one row.
  return { owedFen: Number(row?.owedFen ?? 0), paidFen: Number(row?.paidFen ?? 0), pendingFen: Number(row?.pendingFen ?? 0) };
}

/** One settlement run with its parts, for the printed statement. Scoped: the supplier's own, or any for finance. */
export async function settlementStatement(settlementId: number, viewer: { supplierId: number } | "finance") {
  const settlement = await db.settlement.findFirst({
    where: { id: settlementId, ...(viewer === "finance" ? {} : { supplierId: viewer.supplierId }) },
    include: { supplier: { select: { org: { select: { name: true } } } }, subOrders: { orderBy: { id: "asc" }, select: { id: true } } },
  });
  if (!settlement) return null;
  const rows = await all(
    reader,
    q
      .selectFrom("SubOrder as s")
      .innerJoin("Order as o", "o.id", "s.orderId")
      .innerJoin("Organization as u", "u.id", "o.unionId")
      .select((eb) => ["s.id", "o.code", "u.name as unionName", "s.amountFen", "s.receivedAt", refundedOfSubOrderFen(eb.ref("s.id")).as("refundedFen")])
      .where("s.settlementId", "=", settlementId)
      .orderBy("o.code"),
  );
  return {
    id: settlement.id,
    reference: settlement.reference,
    amountFen: Number(settlement.amountFen),
    createdAt: settlement.createdAt.toISOString(),
    supplierName: settlement.supplier.org.name,
    rows: rows.map((r) => ({
      id: r.id,
      code: r.code,
      unionName: r.unionName,
      amountFen: Number(r.amountFen),
      refundedFen: Number(r.refundedFen),
      owedFen: owedToSupplier(Number(r.amountFen), Number(r.refundedFen)),
      receivedAt: r.receivedAt ? new Date(Number(r.receivedAt)).toISOString() : null,
    })),
  };
}

/** Parts a supplier is owed for: received (or disputed) and paid, with their union and settlement if any. */
export function settleablePartsQuery() {
  return q
    .selectFrom("SubOrder as s")
    .innerJoin("Order as o", "o.id", "s.orderId")
    .innerJoin("Organization as u", "u.id", "o.unionId")
    .leftJoin("Settlement as st", "st.id", "s.settlementId")
    .where("s.status", "in", ["RECEIVED", "DISPUTED"])
    .where("o.paymentStatus", "in", [...PAID_STATUSES]);
}

/** The supplier's ledger (open and settled parts) as an export table. */
export async function supplierLedgerTable(supplierId: number, t: Messages): Promise<Table> {
  const rows = await all(
    reader,
    settleablePartsQuery()
      .select((eb) => [
        "o.code",
        "u.name as unionName",
        "s.receivedAt",
        "s.amountFen",
        refundedOfSubOrderFen(eb.ref("s.id")).as("refundedFen"),
        "st.reference",
        "st.createdAt as settledAt",
      ])
      .where("s.supplierId", "=", supplierId)
      .orderBy("s.receivedAt")
      .orderBy("o.code"),
  );
  const s = t.payments.supplier;
  const money = (fen: number): Cell => ({ money: fen });
  return {
    name: s.title,
    header: [s.order, s.union, s.receivedOn, s.amount, s.refunded, s.owed, s.reference, s.date],
    rows: rows.map((r) => [
      r.code,
      r.unionName,
      r.receivedAt ? chinaDate(new Date(Number(r.receivedAt))) : "",
      money(Number(r.amountFen)),
      money(Number(r.refundedFen)),
      money(owedToSupplier(Number(r.amountFen), Number(r.refundedFen))),
      r.reference ?? "",
      r.settledAt ? chinaDate(new Date(Number(r.settledAt))) : "",
    ]),
  };
}

export async function paymentTermsOf(orgId: number) {
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { paymentTerms: true, paymentDueDays: true } });
  return { terms: org.paymentTerms, dueDays: org.paymentDueDays };
}

/** The supplier's rule on shipping unpaid orders; audited with before and after. */
export function savePaymentTerms(actor: Pick<Actor, "userId"> & { org: Pick<Actor["org"], "id"> }, input: { terms: PaymentTerms; dueDays: number }) {
  return transaction(async (c) => {
    const before = await first(c, q.selectFrom("Organization").select(["paymentTerms as terms", "paymentDueDays as dueDays"]).where("id", "=", actor.org.id));
    await run(c, q.updateTable("Organization").set({ paymentTerms: input.terms, paymentDueDays: input.dueDays }).where("id", "=", actor.org.id));
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "supplier.paymentTerms",
      entityType: "Organization",
      entityId: actor.org.id,
      detail: { before, after: input },
    });
  });
}
