// Bank transfers (对公转账) as platform finance records them. A transfer's money goes to orders through allocations:
// the order its reference code names gets what it still misses, and anything left stays open on the transfer
// until finance applies it to another order, holds it as the payer's credit, or returns it. Transfers add up, so an
// order is paid when the last of them reaches the amount due (payments.server.ts). Every step is audited.
import { sql } from "kysely";
import { reader, transaction } from "~/utils/db.server";
import { all, first, instant, one, q, run, type Connection } from "~/utils/sql.server";
import type { Actor } from "~/domain/actor";
import { startOfChinaDay } from "~/domain/china-time";
import { toFen } from "~/domain/money";
import { isPayable, normaliseReference } from "~/domain/payments";
import { recordAudit } from "~/models/access/audit.server";
import { leftOnTransferFen, markPaidIfSettled, orderBalance } from "~/models/payments/payments.server";
import { noticePayment } from "~/models/orders/order-notices.server";

type Finance = Pick<Actor, "userId">;

/** PAID: the order reached its balance; PARTIAL: counted, still missing; UNMATCHED: all of it awaits finance. */
export type TransferOutcome = { outcome: "PAID" | "PARTIAL" | "UNMATCHED" | "duplicate"; orderCode: string | null; leftFen: number; missingFen: number };

async function leftOnTransfer(c: Connection, transferId: number): Promise<number> {
  const row = await first(
    c,
    q
      .selectFrom("BankTransfer as t")
      .select((eb) => leftOnTransferFen({ id: eb.ref("t.id"), amountFen: eb.ref("t.amountFen"), returnedFen: eb.ref("t.returnedFen") }).as("left"))
      .where("t.id", "=", transferId),
  );
  return Number(row?.left ?? 0);
}

/** Puts up to `amountFen` of a transfer toward an order; marks it paid when that completes the balance. */
async function allocate(c: Connection, finance: Finance, transferId: number, orderId: number, amountFen: number, receivedOn: number): Promise<boolean> {
  await run(c, q.insertInto("TransferAllocation").values({ transferId, orderId, amountFen, createdById: finance.userId, createdAt: instant(Date.now()) }));
  const { order } = await orderBalance(c, orderId);
  await recordAudit(c, {
    actorId: finance.userId,
    orgId: order.unionId,
    action: "bankTransfer.applied",
    entityType: "Order",
    entityId: orderId,
    detail: { transferId, amountFen },
  });
  return markPaidIfSettled(c, orderId, new Date(receivedOn), finance.userId);
}

async function refreshStatus(c: Connection, transferId: number) {
  const left = await leftOnTransfer(c, transferId);
  if (left === 0)
    await run(
      c,
      q
        .updateTable("BankTransfer")
        .set((eb) => ({ status: eb.case().when("returnedFen", ">", 0).then("RETURNED").else("APPLIED").end() }))
        .where("id", "=", transferId),
    );
  else await run(c, q.updateTable("BankTransfer").set({ status: "OPEN" }).where("id", "=", transferId).where("status", "not in", ["HELD"]));
}

/** Platform finance records a transfer seen on the platform's account; the reference code decides which order it pays. */
export function recordBankTransfer(
  finance: Finance,
  input: { amountFen: number; receivedOn: string; bankReference: string; referenceCode: string; payerName: string },
): Promise<TransferOutcome> {
  return transaction(async (c): Promise<TransferOutcome> => {
    if (await first(c, q.selectFrom("BankTransfer").select(sql.lit(1).as("one")).where("bankReference", "=", input.bankReference)))
      return { outcome: "duplicate", orderCode: null, leftFen: 0, missingFen: 0 };
    const reference = normaliseReference(input.referenceCode);
    // Noon China time on the day the bank shows: the order's payment date, and so the year its lines count in.
    const receivedAt = startOfChinaDay(input.receivedOn).getTime() + 12 * 3600_000;
    const named = await first(
      c,
      q
        .selectFrom("Payment as p")
        .innerJoin("Order as o", "o.id", "p.orderId")
        .select(["p.orderId", "o.code", "o.unionId"])
        .where("p.referenceCode", "=", reference)
        .where("p.provider", "=", "BANK_TRANSFER"),
    );
    const transferId = (
      await one(
        c,
        q
          .insertInto("BankTransfer")
          .values({
            amountFen: input.amountFen,
            receivedOn: instant(receivedAt),
            bankReference: input.bankReference,
            referenceCode: reference,
            payerName: input.payerName,
            orderId: named?.orderId ?? null,
            status: "OPEN",
            recordedById: finance.userId,
            createdAt: instant(Date.now()),
          })
          .returning("id"),
      )
    ).id;
    await recordAudit(c, {
      actorId: finance.userId,
      orgId: named?.unionId ?? null,
      action: "bankTransfer.record",
      entityType: "BankTransfer",
      entityId: transferId,
      detail: { ...input, orderId: named?.orderId ?? null },
    });
    let result: TransferOutcome = { outcome: "UNMATCHED", orderCode: named?.code ?? null, leftFen: input.amountFen, missingFen: 0 };
    if (named) {
      const balance = await orderBalance(c, named.orderId);
      if (isPayable(balance.order) && balance.missingFen > 0) {
        const applied = Math.min(input.amountFen, balance.missingFen);
        const paid = await allocate(c, finance, transferId, named.orderId, applied, receivedAt);
        result = { outcome: paid ? "PAID" : "PARTIAL", orderCode: named.code, leftFen: input.amountFen - applied, missingFen: balance.missingFen - applied };
        // The union hears of the money in the same transaction: exactly enough, still short, or more than due.
        await noticePayment(c, named.orderId, !paid ? "SHORT" : input.amountFen > applied ? "OVER" : "MATCHED", input.amountFen);
      }
    }
    await refreshStatus(c, transferId);
    return result;
  });
}

export type ApplyProblem = "notFound" | "orderNotFound" | "notPayable" | "moreThanLeft" | "moreThanMissing";

/**
 * Applies money left on a transfer to one or more orders (split), all or nothing. Each amount may be at most what
 * that order still misses; together at most what is left on the transfer.
 */
export function applyTransfer(
  finance: Finance,
  transferId: number,
  parts: Array<{ orderCode: string; amountFen: number }>,
): Promise<{ ok: true; paid: string[] } | { ok: false; problem: ApplyProblem; orderCode?: string }> {
  return transaction(async (c) => {
    const transfer = await first(
      c,
      q.selectFrom("BankTransfer").select(["receivedOn", "status"]).where("id", "=", transferId).where("status", "in", ["OPEN", "HELD"]),
    );
    if (!transfer) return { ok: false as const, problem: "notFound" as const };
    const total = parts.reduce((s, p) => s + p.amountFen, 0);
    if (total > (await leftOnTransfer(c, transferId))) return { ok: false as const, problem: "moreThanLeft" as const };
    const resolved: Array<{ orderId: number; code: string; amountFen: number }> = [];
    for (const part of parts) {
      const order = await first(c, q.selectFrom("Order").select(["id", "code"]).where("code", "=", part.orderCode.trim().toUpperCase()));
      if (!order) return { ok: false as const, problem: "orderNotFound" as const, orderCode: part.orderCode };
      const balance = await orderBalance(c, order.id);
      if (!isPayable(balance.order)) return { ok: false as const, problem: "notPayable" as const, orderCode: order.code };
      const sameOrder = resolved.filter((r) => r.orderId === order.id).reduce((s, r) => s + r.amountFen, 0);
      if (part.amountFen + sameOrder > balance.missingFen) return { ok: false as const, problem: "moreThanMissing" as const, orderCode: order.code };
      resolved.push({ orderId: order.id, code: order.code, amountFen: part.amountFen });
    }
    const paid: string[] = [];
    for (const r of resolved) {
      const settled = await allocate(c, finance, transferId, r.orderId, r.amountFen, transfer.receivedOn);
      if (settled) paid.push(r.code);
      await noticePayment(c, r.orderId, settled ? "MATCHED" : "SHORT", r.amountFen);
    }
    await refreshStatus(c, transferId);
    return { ok: true as const, paid };
  });
}

/** Keeps what is left on a transfer as the payer's credit, to apply later or return. */
export function holdTransfer(finance: Finance, transferId: number, note: string) {
  return transaction(async (c) => {
    const left = await leftOnTransfer(c, transferId);
    const changed =
      left > 0
        ? (await run(c, q.updateTable("BankTransfer").set({ status: "HELD", note }).where("id", "=", transferId).where("status", "=", "OPEN"))).changes
        : 0;
    if (changed)
      await recordAudit(c, {
        actorId: finance.userId,
        orgId: await orgOfTransfer(c, transferId),
        action: "bankTransfer.hold",
        entityType: "BankTransfer",
        entityId: transferId,
        detail: { heldFen: left, note },
      });
    return changed > 0;
  });
}

/** Records that what is left on a transfer was paid back to the payer (outside the platform, by finance). */
export function returnTransfer(finance: Finance, transferId: number, note: string) {
  return transaction(async (c) => {
    const left = await leftOnTransfer(c, transferId);
    const changed =
      left > 0
        ? (
            await run(
              c,
              q
                .updateTable("BankTransfer")
                .set((eb) => ({ status: "RETURNED", returnedFen: eb("returnedFen", "+", left), note }))
                .where("id", "=", transferId)
                .where("status", "in", ["OPEN", "HELD"]),
            )
          ).changes
        : 0;
    if (changed)
      await recordAudit(c, {
        actorId: finance.userId,
        orgId: await orgOfTransfer(c, transferId),
        action: "bankTransfer.return",
        entityType: "BankTransfer",
        entityId: transferId,
        detail: { returnedFen: left, note },
      });
    return changed > 0;
  });
}

async function orgOfTransfer(c: Connection, transferId: number): Promise<number | null> {
  const row = await first(c, q.selectFrom("BankTransfer as t").innerJoin("Order as o", "o.id", "t.orderId").select("o.unionId").where("t.id", "=", transferId));
  return row?.unionId ?? null;
}

/**
 * A cancelled order keeps none of the money it received: its allocations go back to their transfers, which are open
 * again for finance to return, hold or apply elsewhere, and its pending payment requests lapse. Call inside the
 * cancellation's transaction (a union's cancel, or the last supplier's decline).
 */
export async function releaseMoneyOfCancelledOrder(c: Connection, orderId: number, actorId: number | null) {
  const rows = await all(c, q.selectFrom("TransferAllocation").select(["id", "transferId", "amountFen"]).where("orderId", "=", orderId));
  for (const r of rows) {
    await run(c, q.deleteFrom("TransferAllocation").where("id", "=", r.id));
    await run(
      c,
      q
        .updateTable("BankTransfer")
        .set((eb) => ({ status: "OPEN", orderId: eb.fn.coalesce("orderId", eb.val(orderId)) }))
        .where("id", "=", r.transferId),
    );
    await recordAudit(c, {
      actorId,
      orgId: await orgOfTransfer(c, r.transferId),
      action: "bankTransfer.released",
      entityType: "BankTransfer",
      entityId: r.transferId,
      detail: { orderId, amountFen: Number(r.amountFen) },
    });
  }
  await run(c, q.updateTable("Payment").set({ status: "CANCELED" }).where("orderId", "=", orderId).where("status", "=", "PENDING"));
}

/** Transfers with money still to place (open) or kept as credit (held), for the finance desk. */
export async function openTransfers() {
  const rows = await all(
    reader,
    q
      .selectFrom("BankTransfer as t")
      .leftJoin("Order as o", "o.id", "t.orderId")
      .select((eb) => [
        "t.id",
        "t.status",
        "t.amountFen",
        "t.receivedOn",
        "t.bankReference",
        "t.referenceCode",
        "t.payerName",
        "t.note",
        leftOnTransferFen({ id: eb.ref("t.id"), amountFen: eb.ref("t.amountFen"), returnedFen: eb.ref("t.returnedFen") }).as("leftFen"),
        "o.code as orderCode",
        "o.status as orderStatus",
        "o.paymentStatus as orderPaymentStatus",
      ])
      .where("t.status", "in", ["OPEN", "HELD"])
      .orderBy("t.createdAt", "desc")
      .limit(200),
  );
  return rows.map((t) => ({
    id: t.id,
    status: t.status,
    amountFen: toFen(t.amountFen),
    receivedOn: new Date(t.receivedOn).toISOString(),
    bankReference: t.bankReference,
    referenceCode: t.referenceCode,
    payerName: t.payerName,
    note: t.note,
    leftFen: toFen(t.leftFen),
    orderCode: t.orderCode,
    orderPayable: t.orderStatus != null && t.orderPaymentStatus != null ? isPayable({ status: t.orderStatus, paymentStatus: t.orderPaymentStatus }) : false,
  }));
}
