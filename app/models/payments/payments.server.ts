// An order's money: what is due, what arrived (bank transfers accumulate; a card payment pays in full), the order
// becoming paid once the balance is reached — adding it to the 30% figures through the ledger in the same
// transaction, dated the day the balance was reached — and supplier settlement. Bank transfers themselves are
// recorded and placed in bank-transfers.server.ts.
import { sql, type Expression } from "kysely";
import { db, reader, transaction } from "~/utils/db.server";
import { all, first, instant, one, q, run, type Connection } from "~/utils/sql.server";
import type { Actor } from "~/domain/actor";
import { toCsv } from "~/domain/csv";
import { fenToYuanString, toFen } from "~/domain/money";
import { payableSql } from "~/models/rules-sql.server";
import { PAID_STATUSES, amountDueFen, isPayable, paymentBalance, referenceCodeFor, owedToSupplier, type Balance } from "~/domain/payments";
import { env } from "~/utils/env.server";
import { recordAudit } from "~/models/access/audit.server";
import { recordOrderPaid } from "~/models/welfare/procurement-ledger.server";
import { noticePayment } from "~/models/orders/order-notices.server";
import { refundedOfSubOrderFen, settleablePartsQuery } from "./supplier-money.server";

/** Money received for an order: bank transfer allocations and successful card payments that were not duplicates. */
export async function receivedFenOf(c: Connection, orderId: number): Promise<number[]> {
  const rows = await all(
    c,
    q
      .selectFrom("TransferAllocation")
      .select("amountFen")
      .where("orderId", "=", orderId)
      .unionAll(
        q
          .selectFrom("Payment as p")
          .select("p.amountFen")
          .where("p.orderId", "=", orderId)
          .where("p.provider", "=", "STRIPE")
          .where("p.status", "=", "SUCCEEDED")
          .where((eb) =>
            eb.not(
              eb.exists(
                eb.selectFrom("Refund as r").select(sql.lit(1).as("one")).whereRef("r.paymentId", "=", "p.id").where("r.kind", "=", "DUPLICATE_CHARGE"),
              ),
            ),
          ),
      ),
  );
  return rows.map((r) => Number(r.amountFen));
}

/** What is left on a bank transfer: received, less what was returned, less what its allocations placed. */
export function leftOnTransferFen(transfer: { id: Expression<number>; amountFen: Expression<number>; returnedFen: Expression<number> }) {
  const allocated = q
    .selectFrom("TransferAllocation")
    .select((eb) => eb.fn.sum<number>("amountFen").as("fen"))
    .where("transferId", "=", transfer.id);
  return sql<number>`${transfer.amountFen} - ${transfer.returnedFen} - COALESCE(${allocated}, 0)`;
}

/** The order's balance as the database knows it now. */
export async function orderBalance(c: Connection, orderId: number): Promise<Balance & { order: { unionId: number; status: string; paymentStatus: string } }> {
  const order = await first(c, q.selectFrom("Order").select(["unionId", "status", "paymentStatus", "totalFen"]).where("id", "=", orderId));
  if (!order) throw new Error(`Unknown order ${orderId}`);
  return { ...paymentBalance(amountDueFen({ totalFen: Number(order.totalFen) }), await receivedFenOf(c, orderId)), order };
}

/**
 * Marks a payable order paid when what it received reaches what is due, on `at` (the day the balance was reached),
 * and adds it to the 30% figures. The bank transfer's pending payment (or a new one) becomes the succeeded payment a
 * later refund points at. Returns whether the order became paid now. Call inside a transaction.
 */
export async function markPaidIfSettled(c: Connection, orderId: number, at: Date, actorId: number | null): Promise<boolean> {
  const balance = await orderBalance(c, orderId);
  if (!isPayable(balance.order) || !balance.settled) return false;
  const paid = await markOrderPaid(c, orderId, at);
  if (!paid) return false;
  const pending = await first(
    c,
    q
      .selectFrom("Payment")
      .select("id")
      .where("orderId", "=", orderId)
      .where("provider", "=", "BANK_TRANSFER")
      .where("status", "=", "PENDING")
      .orderBy("id")
      .limit(1),
  );
  if (pending)
    await run(
      c,
      q
        .updateTable("Payment")
        .set({ status: "SUCCEEDED", succeededAt: instant(at.getTime()), amountFen: balance.dueFen })
        .where("id", "=", pending.id),
    );
  else
    await run(
      c,
      q.insertInto("Payment").values({
        orderId,
        provider: "BANK_TRANSFER",
        status: "SUCCEEDED",
        amountFen: balance.dueFen,
        referenceCode: await uniqueReference(c, orderId),
        idempotencyKey: `bank-${orderId}-paid`,
        createdAt: instant(Date.now()),
        succeededAt: instant(at.getTime()),
      }),
    );
  await recordOrderPaid(c, orderId, at);
  await recordAudit(c, {
    actorId,
    orgId: balance.order.unionId,
    action: "payment.succeeded",
    entityType: "Order",
    entityId: orderId,
    detail: { provider: "BANK_TRANSFER", dueFen: balance.dueFen, receivedFen: balance.receivedFen },
  });
  return true;
}

/** A card payment succeeded for a payable order: paid on the day of the charge, counted in the 30% figures. */
export async function markCardPaid(c: Connection, orderId: number, paymentId: number, at: Date, eventId: string) {
  const paid = await markOrderPaid(c, orderId, at);
  if (!paid) return false;
  const order = await first(c, q.selectFrom("Order").select("unionId").where("id", "=", orderId));
  if (!order) throw new Error(`Unknown order ${orderId}`);
  await recordOrderPaid(c, orderId, at);
  await recordAudit(c, {
    actorId: null,
    orgId: order.unionId,
    action: "payment.succeeded",
    entityType: "Order",
    entityId: orderId,
    detail: { provider: "STRIPE", paymentId, eventId },
  });
  const payment = await first(c, q.selectFrom("Payment").select("amountFen").where("id", "=", paymentId));
  if (!payment) throw new Error(`Unknown payment ${paymentId}`);
  await noticePayment(c, orderId, "MATCHED", Number(payment.amountFen));
  return true;
}

/** The order becomes paid on `at` if it is still payable (re-checked in the statement); returns whether it did. */
async function markOrderPaid(c: Connection, orderId: number, at: Date): Promise<boolean> {
  const update = q
    .updateTable("Order")
    .set({ paymentStatus: "PAID", paidAt: instant(at.getTime()) })
    .where("id", "=", orderId)
    .where(sql.raw<boolean>(payableSql()));
  return (await run(c, update)).changes > 0;
}

/** The order's reference code, unless an older payment row of the same order already carries it. */
async function uniqueReference(c: Connection, orderId: number): Promise<string | null> {
  const code = referenceCodeFor(orderId);
  return (await first(c, q.selectFrom("Payment").select(sql.lit(1).as("one")).where("referenceCode", "=", code))) ? null : code;
}

/** What the union sees on an order's payment page. Scoped: null for another union's order. */
export async function paymentPanel(unionId: number, orderId: number) {
  const order = await db.order.findFirst({
    where: { id: orderId, unionId },
    select: {
      id: true,
      code: true,
      status: true,
      paymentStatus: true,
      totalFen: true,
      paidAt: true,
      payments: {
        orderBy: { id: "asc" },
        select: { id: true, provider: true, status: true, amountFen: true, referenceCode: true, createdAt: true, succeededAt: true },
      },
      refunds: {
        orderBy: { id: "asc" },
        select: { id: true, amountFen: true, status: true, kind: true, reason: true, createdAt: true, outbox: { select: { status: true, attempts: true } } },
      },
      transferAllocations: {
        orderBy: { id: "asc" },
        select: { id: true, amountFen: true, transfer: { select: { receivedOn: true, payerName: true, bankReference: true } } },
      },
    },
  });
  if (!order) return null;
  const balance = await orderBalance(reader, order.id);
  // Money that arrived for this order beyond what it needed, and what finance decided to do with it.
  const extra = await all(
    reader,
    q
      .selectFrom("BankTransfer as t")
      .select((eb) => [
        "t.id",
        "t.status",
        leftOnTransferFen({ id: eb.ref("t.id"), amountFen: eb.ref("t.amountFen"), returnedFen: eb.ref("t.returnedFen") }).as("leftFen"),
        "t.returnedFen",
      ])
      .where("t.orderId", "=", order.id)
      .where("t.status", "in", ["OPEN", "HELD", "RETURNED"]),
  );
  const card = order.payments.find((p) => p.provider === "STRIPE" && p.status === "PENDING");
  return {
    id: order.id,
    code: order.code,
    status: order.status,
    paymentStatus: order.paymentStatus,
    totalFen: toFen(order.totalFen),
    paidAt: order.paidAt?.toISOString() ?? null,
    payable: isPayable(order),
    balance: { dueFen: balance.dueFen, receivedFen: balance.receivedFen, missingFen: isPayable(order) ? balance.missingFen : 0 },
    extra: extra
      .filter((x) => x.leftFen > 0 || x.returnedFen > 0)
      .map((x) => ({ id: x.id, status: x.status, leftFen: Number(x.leftFen), returnedFen: Number(x.returnedFen) })),
    openCardAttempt: Boolean(card),
    referenceCode: order.payments.find((p) => p.provider === "BANK_TRANSFER" && p.status === "PENDING")?.referenceCode ?? null,
    payee: { name: env.BANK_PAYEE_NAME, account: env.BANK_PAYEE_ACCOUNT, bank: env.BANK_PAYEE_BANK },
    transfers: order.transferAllocations.map((a) => ({
      id: a.id,
      amountFen: toFen(a.amountFen),
      receivedOn: a.transfer.receivedOn.toISOString(),
      payerName: a.transfer.payerName,
    })),
    payments: order.payments.map((p) => ({
      ...p,
      amountFen: toFen(p.amountFen),
      createdAt: p.createdAt.toISOString(),
      succeededAt: p.succeededAt?.toISOString() ?? null,
    })),
    refunds: order.refunds.map((r) => ({
      id: r.id,
      amountFen: toFen(r.amountFen),
      status: r.status,
      kind: r.kind,
      reason: r.reason,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

/** The union chooses to pay by bank transfer: one pending payment per order, with the order's reference code. */
export function requestBankTransfer(actor: Pick<Actor, "userId"> & { org: Pick<Actor["org"], "id"> }, orderId: number): Promise<"ok" | "notPayable"> {
  return transaction(async (c) => {
    const order = await first(
      c,
      q.selectFrom("Order").select("totalFen").where("id", "=", orderId).where("unionId", "=", actor.org.id).where(sql.raw<boolean>(payableSql())),
    );
    if (!order) return "notPayable";
    const pending = await first(
      c,
      q
        .selectFrom("Payment")
        .select(sql.lit(1).as("one"))
        .where("orderId", "=", orderId)
        .where("provider", "=", "BANK_TRANSFER")
        .where("status", "=", "PENDING"),
    );
    if (pending) return "ok";
    const code = await uniqueReference(c, orderId);
    await run(
      c,
      q.insertInto("Payment").values({
        orderId,
        provider: "BANK_TRANSFER",
        status: "PENDING",
        amountFen: amountDueFen({ totalFen: Number(order.totalFen) }),
        referenceCode: code,
        idempotencyKey: `bank-${orderId}-${Date.now()}`,
        createdAt: instant(Date.now()),
      }),
    );
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "payment.bankTransferRequested",
      entityType: "Order",
      entityId: orderId,
      detail: { referenceCode: code },
    });
    return "ok";
  });
}

/** Received sub-orders of paid orders not yet settled, with what each supplier is owed. */
function openSettlementRows(supplierId: number | null) {
  let query = q
    .selectFrom("SubOrder as s")
    .innerJoin("Order as o", "o.id", "s.orderId")
    .innerJoin("Organization as u", "u.id", "o.unionId")
    .innerJoin("Supplier as sp", "sp.id", "s.supplierId")
    .innerJoin("Organization as so", "so.id", "sp.orgId")
    .select((eb) => [
      "s.id",
      "s.supplierId",
      "s.amountFen",
      "s.receivedAt",
      "o.code",
      "u.name as unionName",
      "so.name as supplierName",
      refundedOfSubOrderFen(eb.ref("s.id")).as("refundedFen"),
    ])
    .where("s.status", "in", ["RECEIVED", "DISPUTED"])
    .where("o.paymentStatus", "in", [...PAID_STATUSES])
    .where("s.settlementId", "is", null);
  if (supplierId != null) query = query.where("s.supplierId", "=", supplierId);
  return all(reader, query.orderBy("s.supplierId").orderBy("s.id"));
}

/** Orders waiting for bank transfers, with what each has received and still misses. */
export async function awaitingTransfers() {
  const rows = await all(
    reader,
    q
      .selectFrom("Payment as p")
      .innerJoin("Order as o", "o.id", "p.orderId")
      .innerJoin("Organization as u", "u.id", "o.unionId")
      .select((eb) => [
        "p.id",
        "p.referenceCode",
        "p.createdAt",
        "o.id as orderId",
        "o.code as orderCode",
        "o.totalFen",
        "u.name as unionName",
        eb.fn
          .coalesce(
            eb
              .selectFrom("TransferAllocation as a")
              .select((a) => a.fn.sum<number>("a.amountFen").as("fen"))
              .whereRef("a.orderId", "=", "o.id")
              .$asScalar(),
            sql.lit(0),
          )
          .as("receivedFen"),
      ])
      .where("p.provider", "=", "BANK_TRANSFER")
      .where("p.status", "=", "PENDING")
      .where(sql.raw<boolean>(payableSql("o")))
      .orderBy("p.createdAt")
      .limit(200),
  );
  return rows.map((r) => {
    const balance = paymentBalance(amountDueFen({ totalFen: Number(r.totalFen) }), [Number(r.receivedFen)]);
    return {
      id: r.id,
      referenceCode: r.referenceCode,
      createdAt: new Date(Number(r.createdAt)).toISOString(),
      orderCode: r.orderCode,
      unionName: r.unionName,
      dueFen: balance.dueFen,
      receivedFen: balance.receivedFen,
      missingFen: balance.missingFen,
    };
  });
}

export async function financeOverview() {
  const bySupplier = new Map<number, { supplierId: number; supplierName: string; owedFen: number; subOrders: number }>();
  for (const r of await openSettlementRows(null)) {
    const row = bySupplier.get(r.supplierId) ?? { supplierId: r.supplierId, supplierName: r.supplierName, owedFen: 0, subOrders: 0 };
    row.owedFen += owedToSupplier(r.amountFen, r.refundedFen);
    row.subOrders++;
    bySupplier.set(r.supplierId, row);
  }
  return { pending: await awaitingTransfers(), settlements: [...bySupplier.values()] };
}

/** Pays out everything currently owed to a supplier as one settlement. */
export function settleSupplier(finance: Actor, supplierId: number, reference: string) {
  return transaction(async (c) => {
    const rows = await openSettlementRows(supplierId);
    if (!rows.length) return null;
    const amountFen = rows.reduce((s, r) => s + owedToSupplier(r.amountFen, r.refundedFen), 0);
    const settlementId = (
      await one(
        c,
        q
          .insertInto("Settlement")
          .values({ supplierId, amountFen, reference, createdById: finance.userId, createdAt: instant(Date.now()) })
          .returning("id"),
      )
    ).id;
    for (const r of rows) await run(c, q.updateTable("SubOrder").set({ settlementId }).where("id", "=", r.id).where("settlementId", "is", null));
    await recordAudit(c, {
      actorId: finance.userId,
      orgId: null,
      action: "settlement.create",
      entityType: "Settlement",
      entityId: settlementId,
      detail: { supplierId, amountFen, reference, subOrders: rows.length },
    });
    return { settlementId, amountFen };
  });
}

/** A supplier's ledger: owed per received sub-order, and past settlements. */
export async function supplierLedger(supplierId: number) {
  const open = (await openSettlementRows(supplierId)).map((r) => ({
    id: r.id,
    code: r.code,
    unionName: r.unionName,
    amountFen: r.amountFen,
    refundedFen: r.refundedFen,
    owedFen: owedToSupplier(r.amountFen, r.refundedFen),
  }));
  const settled = await db.settlement.findMany({
    where: { supplierId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, amountFen: true, reference: true, createdAt: true, _count: { select: { subOrders: true } } },
  });
  return {
    open,
    settled: settled.map((s) => ({
      id: s.id,
      amountFen: toFen(s.amountFen),
      reference: s.reference,
      createdAt: s.createdAt.toISOString(),
      subOrders: s._count.subOrders,
    })),
  };
}

/** Every open and settled line for the finance office, as CSV. */
/** The settlement ledger as CSV; `header` names the eight columns in the user's language. */
export async function settlementsCsv(header: string[]) {
  const rows = await all(
    reader,
    settleablePartsQuery()
      .innerJoin("Supplier as sp", "sp.id", "s.supplierId")
      .innerJoin("Organization as so", "so.id", "sp.orgId")
      .select((eb) => [
        "so.name as supplier",
        "o.code",
        "u.name as union",
        "s.amountFen",
        refundedOfSubOrderFen(eb.ref("s.id")).as("refundedFen"),
        "st.reference",
        "st.createdAt as settledAt",
      ])
      .orderBy("so.name")
      .orderBy("o.code"),
  );
  return toCsv(
    header,
    rows.map((r) => [
      r.supplier,
      r.code,
      r.union,
      fenToYuanString(r.amountFen),
      fenToYuanString(r.refundedFen),
      fenToYuanString(owedToSupplier(r.amountFen, r.refundedFen)),
      r.reference,
      r.settledAt ? new Date(r.settledAt).toISOString().slice(0, 10) : "",
    ]),
  );
}
