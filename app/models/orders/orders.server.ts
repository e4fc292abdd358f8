// Orders after submission: a union's reads, approval, cancellation; a supplier's fulfilment; receipt and rating.
// Each state change is one synchronous transaction whose UPDATE checks the current state (order-state.ts), returns
// reserved stock where the goods will not ship, and writes its audit entry.
import { db, transaction } from "~/utils/db.server";
import { all, first, instant, q, run, type Connection } from "~/utils/sql.server";
import { toFen } from "~/domain/money";
import { canCancel, canRate, ORDER_TRANSITIONS, SUB_ORDER_TRANSITIONS } from "~/domain/order-state";
import { isClosedForUnion, mayRequestInvoice } from "~/domain/invoices";
import { isPayable, mayShip } from "~/domain/payments";
import { recordAudit } from "~/models/access/audit.server";
import { releaseMoneyOfCancelledOrder } from "~/models/payments/bank-transfers.server";
import { recordRefundIn } from "~/models/orders/order-refunds.server";
import type { Actor, SupplierActor } from "~/domain/actor";
import { noticeFulfilment, noticeOrderDecided } from "~/models/orders/order-notices.server";
import { openComplaintIn } from "~/models/orders/complaints.server";
import { settleOrderStatus } from "~/models/orders/order-status.server";
import { recordShipmentsIn } from "~/models/orders/shipments.server";

async function audit(c: Connection, actor: Actor, action: string, entityType: string, entityId: number, detail: Record<string, unknown> = {}) {
  await recordAudit(c, { actorId: actor.userId, orgId: actor.org.id, action, entityType, entityId, detail });
}

/** Puts back the stock a sub-order (or a whole order) reserved. */
async function returnStock(c: Connection, where: { orderId: number } | { subOrderId: number }) {
  const lines = q.selectFrom("OrderLine").select(["productId", "quantity"]);
  for (const l of await all(c, "orderId" in where ? lines.where("orderId", "=", where.orderId) : lines.where("subOrderId", "=", where.subOrderId)))
    await run(
      c,
      q
        .updateTable("Product")
        .set((eb) => ({ stock: eb("stock", "+", l.quantity) }))
        .where("id", "=", l.productId),
    );
}

// ---------- union side ----------

export async function listUnionOrders(unionId: number) {
  const rows = await db.order.findMany({
    where: { unionId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true,
      code: true,
      occasion: true,
      status: true,
      paymentStatus: true,
      totalFen: true,
      certifiedFen: true,
      createdAt: true,
      _count: { select: { subOrders: true } },
    },
  });
  return rows.map((o) => ({
    ...o,
    totalFen: toFen(o.totalFen),
    certifiedFen: toFen(o.certifiedFen),
    createdAt: o.createdAt.toISOString(),
    supplierCount: o._count.subOrders,
  }));
}

/** One order of this union with its parts; null for any other union's order. */
export async function getUnionOrder(unionId: number, orderId: number) {
  const order = await db.order.findFirst({
    where: { id: orderId, unionId },
    include: {
      subOrders: {
        orderBy: { id: "asc" },
        include: {
          supplier: { select: { org: { select: { name: true, contactName: true, contactPhone: true } } } },
          lines: { orderBy: { id: "asc" } },
          invoice: true,
        },
      },
      addresses: { include: { allocations: true } },
      union: { select: { name: true } },
      campaign: { select: { id: true, name: true } },
    },
  });
  if (!order) return null;
  const creator = await db.user.findUnique({ where: { id: order.createdById }, select: { name: true } });
  const approver = order.approvedById ? await db.user.findUnique({ where: { id: order.approvedById }, select: { name: true } }) : null;
  return {
    id: order.id,
    code: order.code,
    unionName: order.union.name,
    occasion: order.occasion,
    headcount: order.headcount,
    status: order.status,
    paymentStatus: order.paymentStatus,
    totalFen: toFen(order.totalFen),
    certifiedFen: toFen(order.certifiedFen),
    note: order.note,
    campaignName: order.campaign?.name ?? null,
    createdAt: order.createdAt.toISOString(),
    createdBy: creator?.name ?? null,
    createdById: order.createdById,
    approvedBy: approver?.name ?? null,
    approvedAt: order.approvedAt?.toISOString() ?? null,
    rejectReason: order.rejectReason,
    cancelReason: order.cancelReason,
    canCancel: canCancel(order, order.subOrders),
    payable: isPayable(order),
    closed: isClosedForUnion(
      order,
      order.subOrders.map((s) => ({ status: s.status, invoiceStatus: s.invoice?.status ?? null })),
    ),
    addresses: order.addresses.map((a) => ({
      id: a.id,
      label: a.label,
      recipient: a.recipient,
      phone: a.phone,
      address: a.address,
      allocations: a.allocations.map((x) => ({ lineId: x.lineId, quantity: x.quantity })),
    })),
    subOrders: order.subOrders.map((s) => ({
      id: s.id,
      supplierName: s.supplier.org.name,
      supplierContact: [s.supplier.org.contactName, s.supplier.org.contactPhone].filter(Boolean).join(" "),
      status: s.status,
      amountFen: toFen(s.amountFen),
      declineReason: s.declineReason,
      carrier: s.carrier,
      trackingNo: s.trackingNo,
      shippedAt: s.shippedAt?.toISOString() ?? null,
      receivedAt: s.receivedAt?.toISOString() ?? null,
      inspectionResult: s.inspectionResult,
      complaintText: s.complaintText,
      rating: s.rating,
      ratingComment: s.ratingComment,
      canRate: canRate(s),
      invoice: s.invoice ? { status: s.invoice.status, title: s.invoice.title, invoiceNumber: s.invoice.invoiceNumber, fileName: s.invoice.fileName } : null,
      mayRequestInvoice: mayRequestInvoice(order, s, s.invoice),
      lines: s.lines.map((l) => ({
        id: l.id,
        code: l.productCode,
        title: l.productTitle,
        unit: l.unit,
        unitPriceFen: l.unitPriceFen,
        quantity: l.quantity,
        amountFen: toFen(l.amountFen),
        certified: l.certifiedOnOrderDate,
      })),
    })),
  };
}

/** Orders waiting for the chair, with their lines and note, so the chair sees what they approve. */
export async function pendingApprovals(unionId: number) {
  const rows = await db.order.findMany({
    where: { unionId, status: "PENDING_APPROVAL" },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      code: true,
      occasion: true,
      totalFen: true,
      certifiedFen: true,
      headcount: true,
      createdAt: true,
      createdById: true,
      note: true,
      lines: {
        orderBy: { id: "asc" },
        select: {
          id: true,
          productTitle: true,
          unit: true,
          quantity: true,
          unitPriceFen: true,
          amountFen: true,
          certifiedOnOrderDate: true,
          subOrder: { select: { supplier: { select: { org: { select: { name: true } } } } } },
        },
      },
    },
  });
  const creators = await db.user.findMany({ where: { id: { in: rows.map((r) => r.createdById) } }, select: { id: true, name: true } });
  return rows.map((r) => ({
    ...r,
    totalFen: toFen(r.totalFen),
    certifiedFen: toFen(r.certifiedFen),
    createdAt: r.createdAt.toISOString(),
    createdBy: creators.find((c) => c.id === r.createdById)?.name ?? "",
    lines: r.lines.map((l) => ({
      id: l.id,
      title: l.productTitle,
      unit: l.unit,
      quantity: l.quantity,
      unitPriceFen: l.unitPriceFen,
      amountFen: toFen(l.amountFen),
      certified: l.certifiedOnOrderDate,
      supplierName: l.subOrder.supplier.org.name,
    })),
  }));
}

export type DecisionOutcome = "ok" | "notFound" | "sameperson" | "wrongState";

/** The chair approves or rejects; never the person who placed the order. Rejection returns the reserved stock. */
export function decideOrder(approver: Actor, orderId: number, decision: "approve" | "reject", reason: string): Promise<DecisionOutcome> {
  return transaction(async (c) => {
    const order = await first(c, q.selectFrom("Order").select(["createdById", "status"]).where("id", "=", orderId).where("unionId", "=", approver.org.id));
    if (!order) return "notFound";
    if (order.createdById === approver.userId) return "sameperson";
    const t = ORDER_TRANSITIONS[decision];
    const changed = (
      await run(
        c,
        q
          .updateTable("Order")
          .set({ status: t.to, approvedById: approver.userId, approvedAt: instant(Date.now()), rejectReason: decision === "reject" ? reason : null })
          .where("id", "=", orderId)
          .where("status", "in", t.from),
      )
    ).changes;
    if (!changed) return "wrongState";
    if (decision === "reject") {
      await returnStock(c, { orderId });
      await run(c, q.updateTable("SubOrder").set({ status: "CANCELLED" }).where("orderId", "=", orderId));
    }
    await audit(c, approver, decision === "approve" ? "order.approve" : "order.reject", "Order", orderId, { reason });
    await noticeOrderDecided(c, orderId, decision, approver.userId, reason);
    return "ok";
  });
}

/**
 * Cancels an order that has not shipped; stock returns. In the same transaction a paid order's refund is recorded
 * (a card refund is queued for the provider), money received toward an unpaid order goes back to its transfers for
 * finance to return, and an open card attempt is closed.
 */
export function cancelOrder(actor: Actor, orderId: number, reason: string): Promise<"ok" | "notFound" | "wrongState"> {
  return transaction(async (c) => {
    const order = await first(c, q.selectFrom("Order").select("status").where("id", "=", orderId).where("unionId", "=", actor.org.id));
    if (!order) return "notFound";
    const subs = await all(c, q.selectFrom("SubOrder").select("status").where("orderId", "=", orderId));
    if (!canCancel(order, subs)) return "wrongState";
    await run(
      c,
      q
        .updateTable("Order")
        .set({ status: "CANCELLED", cancelledAt: instant(Date.now()), cancelReason: reason })
        .where("id", "=", orderId)
        .where("status", "in", ORDER_TRANSITIONS.cancel.from),
    );
    await returnStock(c, { orderId });
    await run(
      c,
      q.updateTable("SubOrder").set({ status: "CANCELLED" }).where("orderId", "=", orderId).where("status", "in", SUB_ORDER_TRANSITIONS.cancel.from),
    );
    await audit(c, actor, "order.cancel", "Order", orderId, { reason });
    await recordRefundIn(c, { orderId, subOrderId: null, reason, actorId: actor.userId });
    await releaseMoneyOfCancelledOrder(c, orderId, actor.userId);
    return "ok";
  });
}

/** The union confirms receipt of one supplier's part: accepted, or with a complaint (for one address where split). */
export function confirmReceipt(
  actor: Actor,
  subOrderId: number,
  inspection: { accepted: true } | { accepted: false; complaint: string; addressId?: number | null; photos: Array<{ fileName: string; contentType: string }> },
) {
  return transaction(async (c) => {
    const sub = await first(
      c,
      q
        .selectFrom("SubOrder as s")
        .innerJoin("Order as o", "o.id", "s.orderId")
        .select("s.orderId")
        .where("s.id", "=", subOrderId)
        .where("o.unionId", "=", actor.org.id),
    );
    if (!sub) return "notFound" as const;
    const t = SUB_ORDER_TRANSITIONS[inspection.accepted ? "receive" : "dispute"];
    const changed = (
      await run(
        c,
        q
          .updateTable("SubOrder")
          .set({
            status: t.to,
            receivedAt: instant(Date.now()),
            inspectionResult: inspection.accepted ? "ACCEPTED" : "COMPLAINT",
            complaintText: inspection.accepted ? null : inspection.complaint,
          })
          .where("id", "=", subOrderId)
          .where("status", "in", t.from),
      )
    ).changes;
    if (!changed) return "wrongState" as const;
    if (!inspection.accepted)
      await openComplaintIn(c, {
        actorId: actor.userId,
        orderId: sub.orderId,
        subOrderId,
        text: inspection.complaint,
        addressId: inspection.addressId ?? null,
        photos: inspection.photos,
      });
    await settleOrderStatus(c, sub.orderId);
    await audit(
      c,
      actor,
      inspection.accepted ? "subOrder.receive" : "subOrder.complain",
      "SubOrder",
      subOrderId,
      inspection.accepted ? {} : { complaint: inspection.complaint },
    );
    return "ok" as const;
  });
}

export function rateSupplier(actor: Actor, subOrderId: number, rating: number, comment: string) {
  return transaction(async (c) => {
    const sub = await first(
      c,
      q
        .selectFrom("SubOrder as s")
        .innerJoin("Order as o", "o.id", "s.orderId")
        .select(["s.supplierId", "s.status", "s.rating"])
        .where("s.id", "=", subOrderId)
        .where("o.unionId", "=", actor.org.id),
    );
    if (!sub) return "notFound" as const;
    if (!canRate(sub)) return "wrongState" as const;
    await run(c, q.updateTable("SubOrder").set({ rating, ratingComment: comment }).where("id", "=", subOrderId).where("rating", "is", null));
    await run(
      c,
      q
        .updateTable("Supplier")
        .set((eb) => ({ ratingSum: eb("ratingSum", "+", rating), ratingCount: eb("ratingCount", "+", 1) }))
        .where("id", "=", sub.supplierId),
    );
    await audit(c, actor, "subOrder.rate", "SubOrder", subOrderId, { rating });
    return "ok" as const;
  });
}

// ---------- supplier side ----------

export async function listSupplierSubOrders(supplierId: number) {
  const rows = await db.subOrder.findMany({
    where: { supplierId, order: { status: { in: ["PLACED", "COMPLETED", "CANCELLED"] } } },
    orderBy: { id: "desc" },
    take: 200,
    select: {
      id: true,
      status: true,
      amountFen: true,
      order: { select: { code: true, createdAt: true, occasion: true, paymentStatus: true, union: { select: { name: true } } } },
    },
  });
  return rows.map((s) => ({
    id: s.id,
    status: s.status,
    amountFen: toFen(s.amountFen),
    code: s.order.code,
    occasion: s.order.occasion,
    unionName: s.order.union.name,
    createdAt: s.order.createdAt.toISOString(),
    paymentStatus: s.order.paymentStatus,
  }));
}

/** A sub-order of this supplier; null for anyone else's (and for orders still awaiting approval). */
export async function getSupplierSubOrder(supplierId: number, subOrderId: number) {
  const s = await db.subOrder.findFirst({
    where: { id: subOrderId, supplierId, order: { status: { in: ["PLACED", "COMPLETED", "CANCELLED"] } } },
    include: {
      lines: { orderBy: { id: "asc" }, include: { allocations: true } },
      order: { include: { union: { select: { name: true, contactName: true, contactPhone: true } }, addresses: true } },
      supplier: { select: { org: { select: { name: true, paymentTerms: true, paymentDueDays: true } } } },
      invoice: true,
    },
  });
  if (!s) return null;
  const terms = s.supplier.org.paymentTerms;
  const termsStart = s.order.approvedAt ?? s.order.createdAt;
  return {
    payment: {
      status: s.order.paymentStatus,
      terms,
      dueDays: s.supplier.org.paymentDueDays,
      dueBy: terms === "PAY_WITHIN_DAYS" ? new Date(termsStart.getTime() + s.supplier.org.paymentDueDays * 86400_000).toISOString() : null,
      mayShip: mayShip(terms, s.order.paymentStatus),
    },
    invoice: s.invoice
      ? {
          status: s.invoice.status,
          title: s.invoice.title,
          taxNumber: s.invoice.taxNumber,
          email: s.invoice.email,
          invoiceNumber: s.invoice.invoiceNumber,
          fileName: s.invoice.fileName,
        }
      : null,
    id: s.id,
    status: s.status,
    amountFen: toFen(s.amountFen),
    declineReason: s.declineReason,
    carrier: s.carrier,
    trackingNo: s.trackingNo,
    shippedAt: s.shippedAt?.toISOString() ?? null,
    inspectionResult: s.inspectionResult,
    complaintText: s.complaintText,
    rating: s.rating,
    ratingComment: s.ratingComment,
    supplierName: s.supplier.org.name,
    order: {
      id: s.order.id,
      code: s.order.code,
      status: s.order.status,
      occasion: s.order.occasion,
      createdAt: s.order.createdAt.toISOString(),
      unionName: s.order.union.name,
      contactName: s.order.union.contactName,
      contactPhone: s.order.union.contactPhone,
      note: s.order.note,
      buyerName: (await db.user.findUnique({ where: { id: s.order.createdById }, select: { name: true } }))?.name ?? null,
    },
    addresses: s.order.addresses.map((a) => ({ id: a.id, label: a.label, recipient: a.recipient, phone: a.phone, address: a.address })),
    lines: s.lines.map((l) => ({
      id: l.id,
      code: l.productCode,
      title: l.productTitle,
      unit: l.unit,
      quantity: l.quantity,
      unitPriceFen: l.unitPriceFen,
      amountFen: toFen(l.amountFen),
      allocations: l.allocations.map((a) => ({ addressId: a.addressId, quantity: a.quantity })),
    })),
  };
}

/** perAddress: a tracking number per delivery address id where a split part ships separately. */
export type FulfilmentStep =
  { step: "confirm" } | { step: "decline"; reason: string } | { step: "ship"; carrier: string; trackingNo: string; perAddress?: Record<number, string> };

/** A supplier's step on its part. A decline of a paid order records its refund in the same transaction. */
export function fulfil(supplier: SupplierActor, subOrderId: number, action: FulfilmentStep): Promise<"ok" | "notFound" | "wrongState" | "awaitingPayment"> {
  return transaction(async (c) => {
    const sub = await first(
      c,
      q
        .selectFrom("SubOrder as s")
        .innerJoin("Order as o", "o.id", "s.orderId")
        .innerJoin("Supplier as sp", "sp.id", "s.supplierId")
        .innerJoin("Organization as so", "so.id", "sp.orgId")
        .select(["s.orderId", "o.status as orderStatus", "o.paymentStatus", "so.paymentTerms"])
        .where("s.id", "=", subOrderId)
        .where("s.supplierId", "=", supplier.supplierId),
    );
    if (!sub) return "notFound";
    if (sub.orderStatus !== "PLACED") return "wrongState";
    if (action.step === "ship" && !mayShip(sub.paymentTerms, sub.paymentStatus)) return "awaitingPayment";
    const t = SUB_ORDER_TRANSITIONS[action.step];
    const now = Date.now();
    const changed = (
      await run(
        c,
        q
          .updateTable("SubOrder")
          .set(
            action.step === "confirm"
              ? { status: t.to, confirmedAt: instant(now) }
              : action.step === "decline"
                ? { status: t.to, declineReason: action.reason }
                : { status: t.to, carrier: action.carrier, trackingNo: action.trackingNo, shippedAt: instant(now) },
          )
          .where("id", "=", subOrderId)
          .where("status", "in", t.from),
      )
    ).changes;
    if (!changed) return "wrongState";
    await audit(c, supplier, `subOrder.${action.step}`, "SubOrder", subOrderId, action.step === "confirm" ? {} : { ...action });
    if (action.step === "decline") {
      await returnStock(c, { subOrderId });
      await recordRefundIn(c, { orderId: sub.orderId, subOrderId, reason: action.reason, actorId: supplier.userId });
      // Every supplier declined: nothing will ship, so money received toward it goes back to finance to return.
      if ((await settleOrderStatus(c, sub.orderId)) === "CANCELLED") await releaseMoneyOfCancelledOrder(c, sub.orderId, supplier.userId);
    }
    if (action.step === "ship") await recordShipmentsIn(c, subOrderId, action.carrier, action.trackingNo, action.perAddress ?? {}, now);
    await noticeFulfilment(c, subOrderId, action.step);
    return "ok";
  });
}
