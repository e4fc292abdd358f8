// Who is told what when an order changes hands. Each function runs on the connection of the transaction that
// made the change (see notify in notifications.server.ts), so the notice commits with the event.
import { notify } from "~/models/notifications/notifications.server";
import { all, first, prepared, q, type Connection } from "~/utils/sql.server";

const orderFactsRow = prepared((p: { orderId: number }) =>
  q
    .selectFrom("Order as o")
    .innerJoin("Organization as u", "u.id", "o.unionId")
    .select(["o.id", "o.code", "o.unionId", "u.name as unionName", "o.createdById", "o.status", "o.totalFen"])
    .where("o.id", "=", p.orderId),
);

function orderFacts(c: Connection, orderId: number) {
  return first(c, orderFactsRow({ orderId }));
}

type OrderFacts = NonNullable<Awaited<ReturnType<typeof orderFacts>>>;

const subOrderFactsRow = prepared((p: { subOrderId: number }) =>
  q
    .selectFrom("SubOrder as s")
    .innerJoin("Supplier as sp", "sp.id", "s.supplierId")
    .innerJoin("Organization as so", "so.id", "sp.orgId")
    .select(["s.id", "s.orderId", "s.amountFen", "s.carrier", "s.trackingNo", "s.declineReason", "sp.orgId as supplierOrgId", "so.name as supplierName"])
    .where("s.id", "=", p.subOrderId),
);

function subOrderFacts(c: Connection, subOrderId: number) {
  return first(c, subOrderFactsRow({ subOrderId }));
}

const pendingSubOrders = prepared((p: { orderId: number }) =>
  q.selectFrom("SubOrder").select("id").where("orderId", "=", p.orderId).where("status", "=", "PENDING"),
);

const userName = async (c: Connection, userId: number) => (await first(c, q.selectFrom("User").select("name").where("id", "=", userId)))?.name ?? "";

/** Each supplier of a placed order learns of its part. */
async function tellSuppliers(c: Connection, order: OrderFacts) {
  const subs = await all(c, pendingSubOrders({ orderId: order.id }));
  for (const { id } of subs) {
    const s = await subOrderFacts(c, id);
    if (!s) continue;
    await notify(c, {
      to: { orgs: [{ orgId: s.supplierOrgId, roles: ["SUPPLIER"] }] },
      kind: "newOrder",
      params: { code: order.code, union: order.unionName, amountFen: s.amountFen },
      link: `/supplier/orders/${s.id}`,
    });
  }
}

/** Submitted: the chair must approve, or the suppliers must confirm. */
export async function noticeOrderSubmitted(c: Connection, orderId: number) {
  const order = await orderFacts(c, orderId);
  if (!order) return;
  if (order.status === "PENDING_APPROVAL") {
    await notify(c, {
      to: { orgs: [{ orgId: order.unionId, roles: ["APPROVER"] }], exceptUserId: order.createdById },
      kind: "approvalNeeded",
      params: { code: order.code, totalFen: order.totalFen, buyer: await userName(c, order.createdById) },
      link: "/union/approvals",
    });
  } else await tellSuppliers(c, order);
}

export async function noticeOrderDecided(c: Connection, orderId: number, decision: "approve" | "reject", approverId: number, reason: string) {
  const order = await orderFacts(c, orderId);
  if (!order) return;
  const link = `/union/orders/${orderId}`;
  if (decision === "approve") {
    await notify(c, {
      to: { userIds: [order.createdById] },
      kind: "orderApproved",
      params: { code: order.code, approver: await userName(c, approverId) },
      link,
    });
    await tellSuppliers(c, order);
  } else await notify(c, { to: { userIds: [order.createdById] }, kind: "orderRejected", params: { code: order.code, reason }, link });
}

/** A supplier confirmed, declined or shipped: the buyer who placed the order is told. */
export async function noticeFulfilment(c: Connection, subOrderId: number, step: "confirm" | "decline" | "ship") {
  const s = await subOrderFacts(c, subOrderId);
  const order = s && (await orderFacts(c, s.orderId));
  if (!s || !order) return;
  const link = `/union/orders/${order.id}`;
  const to = { userIds: [order.createdById] };
  if (step === "confirm") await notify(c, { to, kind: "subOrderConfirmed", params: { code: order.code, supplier: s.supplierName }, link });
  else if (step === "decline")
    await notify(c, { to, kind: "subOrderDeclined", params: { code: order.code, supplier: s.supplierName, reason: s.declineReason }, link });
  else
    await notify(c, {
      to,
      kind: "subOrderShipped",
      params: { code: order.code, supplier: s.supplierName, carrier: s.carrier, trackingNo: s.trackingNo },
      link,
    });
}

/** Money arrived for an order (exactly, short or over): the union's buyer and chair are told. */
export async function noticePayment(c: Connection, orderId: number, outcome: "MATCHED" | "SHORT" | "OVER", amountFen: number) {
  const order = await orderFacts(c, orderId);
  if (!order) return;
  const kind = outcome === "MATCHED" ? "paymentReceived" : outcome === "SHORT" ? "paymentShort" : "paymentOver";
  await notify(c, {
    to: { userIds: [order.createdById], orgs: [{ orgId: order.unionId, roles: ["APPROVER"] }] },
    kind,
    params: { code: order.code, amountFen, dueFen: order.totalFen },
    link: `/union/orders/${orderId}/payment`,
  });
}

/** A refund succeeded: the union's buyer and chair are told. */
export async function noticeRefund(c: Connection, refundId: number) {
  const refund = await first(c, q.selectFrom("Refund").select(["orderId", "amountFen"]).where("id", "=", refundId));
  const order = refund && (await orderFacts(c, refund.orderId));
  if (!refund || !order) return;
  await notify(c, {
    to: { userIds: [order.createdById], orgs: [{ orgId: order.unionId, roles: ["APPROVER"] }] },
    kind: "refundDone",
    params: { code: order.code, amountFen: refund.amountFen },
    link: `/union/orders/${order.id}/payment`,
  });
}

/** A certificate was reviewed: the supplier's users are told. */
export async function noticeCertificate(c: Connection, certificateId: number) {
  const cert = await first(
    c,
    q
      .selectFrom("Certificate as c")
      .innerJoin("Product as p", "p.id", "c.productId")
      .innerJoin("Supplier as s", "s.id", "p.supplierId")
      .select(["c.status", "c.number", "c.reviewNote", "c.productId", "p.title", "s.orgId"])
      .where("c.id", "=", certificateId),
  );
  if (!cert || (cert.status !== "APPROVED" && cert.status !== "REJECTED")) return;
  await notify(c, {
    to: { orgs: [{ orgId: cert.orgId, roles: ["SUPPLIER"] }] },
    kind: cert.status === "APPROVED" ? "certificateApproved" : "certificateRejected",
    params: { product: cert.title, number: cert.number, note: cert.reviewNote },
    link: `/supplier/products/${cert.productId}`,
  });
}
