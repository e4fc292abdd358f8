// After-sales that closes: a complaint about one supplier's part of an order (and one address where split) is
// answered by the supplier with a remedy; the union accepts it or escalates to its county union, whose leader
// decides. Resolution applies the remedy in one transaction: a refund goes through the refund path (it reverses
// P line by line), the sub-order counts as received again and the order may complete. Everything is audited and
// both sides are notified.
import { sql } from "kysely";
import { isInSubtree, type Actor, type SupplierActor } from "~/domain/actor";
import { canAccept, canAnswer, canDecide, canEscalate, refundAmounts, remedyRefunds, type Remedy } from "~/domain/complaints";
import { SUB_ORDER_TRANSITIONS } from "~/domain/order-state";
import { toFen } from "~/domain/money";
import { db, transaction } from "~/utils/db.server";
import { all, first, instant, one, q, run, type Connection } from "~/utils/sql.server";
import { recordAudit } from "~/models/access/audit.server";
import { notify } from "~/models/notifications/notifications.server";
import { recordRefundIn, refundedOfLineFen } from "~/models/orders/order-refunds.server";
import { kickRefundOutbox } from "~/models/payments/refund-outbox.server";
import { settleOrderStatus } from "~/models/orders/order-status.server";
import { isPaid } from "~/domain/payments";

type ChosenLine = { orderLineId: number; quantity: number };

function complaintRow(c: Connection, complaintId: number) {
  return first(
    c,
    q
      .selectFrom("Complaint as k")
      .innerJoin("Order as o", "o.id", "k.orderId")
      .innerJoin("Organization as u", "u.id", "k.unionId")
      .innerJoin("Supplier as sp", "sp.id", "k.supplierId")
      .innerJoin("Organization as so", "so.id", "sp.orgId")
      .select([
        "k.id",
        "k.orderId",
        "k.subOrderId",
        "k.unionId",
        "k.supplierId",
        "k.status",
        "k.remedy",
        "k.createdById",
        "o.code",
        "u.name as unionName",
        "u.path as unionPath",
        "sp.orgId as supplierOrgId",
        "so.name as supplierName",
      ])
      .where("k.id", "=", complaintId),
  );
}

type ComplaintRow = NonNullable<Awaited<ReturnType<typeof complaintRow>>>;

/** The organisation whose leaders decide an escalated complaint: the union's nearest county (or federation). */
async function decidingOrg(c: Connection, unionPath: string): Promise<number | null> {
  const ids = unionPath.split("/").filter(Boolean).map(Number);
  if (!ids.length) return null;
  const row = await first(
    c,
    q
      .selectFrom("Organization")
      .select("id")
      .where("kind", "in", ["COUNTY", "FEDERATION", "PARTNER_GROUP"])
      .where("id", "in", ids)
      .orderBy((eb) => eb.fn("length", ["path"]), "desc")
      .limit(1),
  );
  return row?.id ?? null;
}

const unionLink = (k: ComplaintRow) => `/union/orders/${k.orderId}`;
const supplierLink = (k: ComplaintRow) => `/supplier/orders/${k.subOrderId}`;

/** Opens a complaint inside the receipt's transaction; the supplier is told. */
export async function openComplaintIn(
  c: Connection,
  input: {
    actorId: number;
    orderId: number;
    subOrderId: number;
    text: string;
    addressId: number | null;
    photos: Array<{ fileName: string; contentType: string }>;
  },
): Promise<number> {
  const sub = (await first(
    c,
    q.selectFrom("SubOrder as s").innerJoin("Order as o", "o.id", "s.orderId").select(["s.supplierId", "o.unionId"]).where("s.id", "=", input.subOrderId),
  ))!;
  const addressId =
    input.addressId != null &&
    (await first(c, q.selectFrom("OrderAddress").select("id").where("id", "=", input.addressId).where("orderId", "=", input.orderId)))
      ? input.addressId
      : null;
  const complaintId = (
    await one(
      c,
      q
        .insertInto("Complaint")
        .values({
          orderId: input.orderId,
          subOrderId: input.subOrderId,
          addressId,
          unionId: sub.unionId,
          supplierId: sub.supplierId,
          status: "OPEN",
          text: input.text,
          createdById: input.actorId,
          createdAt: instant(Date.now()),
        })
        .returning("id"),
    )
  ).id;
  for (const p of input.photos)
    await run(c, q.insertInto("ComplaintPhoto").values({ subOrderId: input.subOrderId, complaintId, fileName: p.fileName, contentType: p.contentType }));
  const k = (await complaintRow(c, complaintId))!;
  await notify(c, {
    to: { orgs: [{ orgId: k.supplierOrgId, roles: ["SUPPLIER"] }] },
    kind: "complaintFiled",
    params: { code: k.code, union: k.unionName, text: input.text },
    link: supplierLink(k),
  });
  return complaintId;
}

export type ComplaintOutcome = "ok" | "notFound" | "wrongState" | "notPaid" | "noLines";

class RollBack extends Error {
  constructor(readonly outcome: ComplaintOutcome) {
    super(outcome);
  }
}

/** The lines of the complaint's sub-order with what is left to refund of each. */
function refundableLines(c: Connection, subOrderId: number) {
  return all(
    c,
    q
      .selectFrom("OrderLine as l")
      .select((eb) => [
        "l.id",
        "l.unitPriceFen",
        "l.quantity",
        eb("l.amountFen", "-", eb.fn.coalesce(refundedOfLineFen(eb.ref("l.id"), "notFailed"), sql.lit(0))).as("remainingFen"),
      ])
      .where("l.subOrderId", "=", subOrderId)
      .orderBy("l.id"),
  );
}

function chosenLines(c: Connection, complaintId: number): Promise<ChosenLine[]> {
  return all(c, q.selectFrom("ComplaintLine").select(["orderLineId", "quantity"]).where("complaintId", "=", complaintId));
}

async function saveChosenLines(c: Connection, k: ComplaintRow, remedy: Remedy, lines: ChosenLine[]) {
  await run(c, q.deleteFrom("ComplaintLine").where("complaintId", "=", k.id));
  if (remedy !== "PARTIAL_REFUND") return;
  const own = new Map((await refundableLines(c, k.subOrderId)).map((l) => [l.id, l]));
  const kept = lines.filter((l) => own.has(l.orderLineId) && l.quantity > 0);
  if (!kept.length) throw new RollBack("noLines");
  for (const l of kept)
    await run(
      c,
      q.insertInto("ComplaintLine").values({ complaintId: k.id, orderLineId: l.orderLineId, quantity: Math.min(l.quantity, own.get(l.orderLineId)!.quantity) }),
    );
}

/** Marks that the transaction queued a card refund, so the outbox is worked once it commits. */
const QUEUED = Symbol("card refund queued");
type CardRefundQueued = typeof QUEUED | null;

/** Applies the remedy and closes the complaint; a card refund is queued in the refund outbox, worked after commit. */
async function resolveIn(c: Connection, k: ComplaintRow, remedy: Remedy, actorId: number): Promise<CardRefundQueued> {
  let refundId: number | null = null;
  let queued = false;
  if (remedyRefunds(remedy)) {
    const amounts = refundAmounts(remedy, await refundableLines(c, k.subOrderId), await chosenLines(c, k.id));
    const paid = (await first(c, q.selectFrom("Order").select("paymentStatus").where("id", "=", k.orderId)))!.paymentStatus;
    if (!isPaid({ paymentStatus: paid })) throw new RollBack("notPaid");
    if (amounts.length) {
      const refund = await recordRefundIn(c, {
        orderId: k.orderId,
        subOrderId: k.subOrderId,
        reason: `complaint #${k.id}`,
        actorId,
        lines: amounts,
        key: `complaint-${k.id}`,
      });
      refundId = refund?.refundId ?? null;
      queued = refund?.queued ?? false;
    }
  }
  await run(
    c,
    q
      .updateTable("Complaint")
      .set({ status: "RESOLVED", remedy, resolvedAt: instant(Date.now()), refundId })
      .where("id", "=", k.id),
  );
  const open = await first(c, q.selectFrom("Complaint").select("id").where("subOrderId", "=", k.subOrderId).where("status", "<>", "RESOLVED"));
  if (!open) {
    const t = SUB_ORDER_TRANSITIONS.resolveComplaint;
    await run(c, q.updateTable("SubOrder").set({ status: t.to }).where("id", "=", k.subOrderId).where("status", "in", t.from));
    await settleOrderStatus(c, k.orderId);
  }
  await notify(c, {
    to: { userIds: [k.createdById], orgs: [{ orgId: k.supplierOrgId, roles: ["SUPPLIER"] }], exceptUserId: actorId },
    kind: "complaintResolved",
    params: { code: k.code },
    link: unionLink(k),
  });
  return queued ? QUEUED : null;
}

async function runStep(fn: (c: Connection) => Promise<CardRefundQueued | ComplaintOutcome>): Promise<ComplaintOutcome> {
  try {
    const result = await transaction(fn);
    if (typeof result === "string") return result;
    if (result === QUEUED) kickRefundOutbox();
    return "ok";
  } catch (error) {
    if (error instanceof RollBack) return error.outcome;
    throw error;
  }
}

export interface Answer {
  answer: string;
  remedy: Remedy;
  lines: ChosenLine[];
  carrier: string;
  trackingNo: string;
}

/** The supplier answers and proposes a remedy; the union is told. */
export function answerComplaint(supplier: SupplierActor, complaintId: number, input: Answer) {
  return runStep(async (c) => {
    const k = await complaintRow(c, complaintId);
    if (!k || k.supplierId !== supplier.supplierId) return "notFound";
    if (!canAnswer(k) || input.remedy === "NONE") return "wrongState";
    await saveChosenLines(c, k, input.remedy, input.lines);
    await run(
      c,
      q
        .updateTable("Complaint")
        .set({
          status: "ANSWERED",
          answer: input.answer,
          remedy: input.remedy,
          replacementCarrier: input.remedy === "REPLACEMENT" ? input.carrier || null : null,
          replacementTrackingNo: input.remedy === "REPLACEMENT" ? input.trackingNo || null : null,
          answeredById: supplier.userId,
          answeredAt: instant(Date.now()),
        })
        .where("id", "=", k.id),
    );
    await recordAudit(c, {
      actorId: supplier.userId,
      orgId: supplier.org.id,
      action: "complaint.answer",
      entityType: "Complaint",
      entityId: k.id,
      detail: { remedy: input.remedy, lines: input.lines, answer: input.answer },
    });
    await notify(c, { to: { userIds: [k.createdById] }, kind: "complaintAnswered", params: { code: k.code, supplier: k.supplierName }, link: unionLink(k) });
    return null;
  });
}

/** The union accepts the supplier's remedy: it is applied and the complaint closes. */
export function acceptRemedy(actor: Actor, complaintId: number) {
  return runStep(async (c) => {
    const k = await complaintRow(c, complaintId);
    if (!k || k.unionId !== actor.org.id) return "notFound";
    if (!canAccept(k)) return "wrongState";
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "complaint.accept",
      entityType: "Complaint",
      entityId: k.id,
      detail: { remedy: k.remedy },
    });
    return resolveIn(c, k, k.remedy as Remedy, actor.userId);
  });
}

/** The union disagrees: the county union's leaders decide; they and the supplier are told. */
export function escalateComplaint(actor: Actor, complaintId: number, note: string) {
  return runStep(async (c) => {
    const k = await complaintRow(c, complaintId);
    if (!k || k.unionId !== actor.org.id) return "notFound";
    if (!canEscalate(k)) return "wrongState";
    await run(
      c,
      q
        .updateTable("Complaint")
        .set({ status: "ESCALATED", escalationNote: note, escalatedAt: instant(Date.now()) })
        .where("id", "=", k.id),
    );
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "complaint.escalate",
      entityType: "Complaint",
      entityId: k.id,
      detail: { note },
    });
    const county = await decidingOrg(c, k.unionPath);
    const params = { code: k.code, union: k.unionName, supplier: k.supplierName };
    if (county) await notify(c, { to: { orgs: [{ orgId: county, roles: ["LEADER"] }] }, kind: "complaintEscalated", params, link: `/complaints/${k.id}` });
    await notify(c, { to: { orgs: [{ orgId: k.supplierOrgId, roles: ["SUPPLIER"] }] }, kind: "complaintEscalated", params, link: supplierLink(k) });
    return null;
  });
}

/** A leader whose subtree holds the union decides an escalated complaint; the remedy is applied. */
export function decideComplaint(leader: Actor, complaintId: number, input: { remedy: Remedy; lines: ChosenLine[]; note: string }) {
  return runStep(async (c) => {
    const k = await complaintRow(c, complaintId);
    if (!k || !isInSubtree(leader, k.unionPath)) return "notFound";
    if (!canDecide(k)) return "wrongState";
    await saveChosenLines(c, k, input.remedy, input.lines);
    await run(c, q.updateTable("Complaint").set({ decisionNote: input.note, decidedById: leader.userId }).where("id", "=", k.id));
    await recordAudit(c, {
      actorId: leader.userId,
      orgId: leader.org.id,
      action: "complaint.decide",
      entityType: "Complaint",
      entityId: k.id,
      detail: { remedy: input.remedy, lines: input.lines, note: input.note },
    });
    return resolveIn(c, k, input.remedy, leader.userId);
  });
}

// ---------- reads ----------

const complaintInclude = { lines: true, photos: { select: { fileName: true } } } as const;

async function present(rows: Awaited<ReturnType<typeof loadComplaints>>) {
  const lineIds = [...new Set(rows.flatMap((r) => r.lines.map((l) => l.orderLineId)))];
  const refundIds = rows.map((r) => r.refundId).filter((x): x is number => x != null);
  const [lines, refunds, addresses] = await Promise.all([
    db.orderLine.findMany({ where: { id: { in: lineIds } }, select: { id: true, productTitle: true, unit: true, unitPriceFen: true } }),
    db.refund.findMany({ where: { id: { in: refundIds } }, select: { id: true, amountFen: true } }),
    db.orderAddress.findMany({
      where: { id: { in: rows.map((r) => r.addressId).filter((x): x is number => x != null) } },
      select: { id: true, label: true, address: true },
    }),
  ]);
  return rows.map((r) => ({
    id: r.id,
    subOrderId: r.subOrderId,
    status: r.status,
    text: r.text,
    createdAt: r.createdAt.toISOString(),
    answer: r.answer,
    remedy: r.remedy,
    replacementCarrier: r.replacementCarrier,
    replacementTrackingNo: r.replacementTrackingNo,
    answeredAt: r.answeredAt?.toISOString() ?? null,
    escalationNote: r.escalationNote,
    escalatedAt: r.escalatedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    address: addresses.find((a) => a.id === r.addressId) ?? null,
    refundFen: r.refundId ? toFen(refunds.find((x) => x.id === r.refundId)?.amountFen ?? 0) : null,
    photos: r.photos.map((p) => p.fileName),
    lines: r.lines.map((l) => {
      const line = lines.find((x) => x.id === l.orderLineId);
      return {
        orderLineId: l.orderLineId,
        quantity: l.quantity,
        title: line?.productTitle ?? "",
        unit: line?.unit ?? "",
        amountFen: (line?.unitPriceFen ?? 0) * l.quantity,
      };
    }),
    canAnswer: canAnswer(r),
    canAccept: canAccept(r),
    canEscalate: canEscalate(r),
    canDecide: canDecide(r),
  }));
}

function loadComplaints(where: { orderId?: number; unionId?: number; subOrderId?: number; supplierId?: number; id?: number }) {
  return db.complaint.findMany({ where, orderBy: { id: "asc" }, include: complaintInclude });
}

export async function complaintsOfUnionOrder(unionId: number, orderId: number) {
  return present(await loadComplaints({ unionId, orderId }));
}

export async function complaintsOfSubOrder(supplierId: number, subOrderId: number) {
  return present(await loadComplaints({ supplierId, subOrderId }));
}

/** One complaint for a leader whose subtree holds the union; null otherwise. */
export async function complaintForLeader(leader: Actor, complaintId: number) {
  const row = await db.complaint.findUnique({ where: { id: complaintId }, include: complaintInclude });
  if (!row) return null;
  const [union, order, supplier, lines] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: row.unionId }, select: { name: true, path: true } }),
    db.order.findUniqueOrThrow({ where: { id: row.orderId }, select: { code: true, paymentStatus: true } }),
    db.supplier.findUniqueOrThrow({ where: { id: row.supplierId }, select: { org: { select: { name: true } } } }),
    db.orderLine.findMany({
      where: { subOrderId: row.subOrderId },
      orderBy: { id: "asc" },
      select: { id: true, productTitle: true, unit: true, quantity: true, unitPriceFen: true, amountFen: true },
    }),
  ]);
  if (!isInSubtree(leader, union.path)) return null;
  const [complaint] = await present([row]);
  return {
    complaint,
    unionName: union.name,
    orderCode: order.code,
    paid: isPaid(order),
    supplierName: supplier.org.name,
    orderLines: lines.map((l) => ({
      id: l.id,
      title: l.productTitle,
      unit: l.unit,
      quantity: l.quantity,
      unitPriceFen: l.unitPriceFen,
      amountFen: toFen(l.amountFen),
    })),
  };
}

/** Complaints in a leader's subtree, escalated ones first. */
export async function complaintsForLeader(leader: Actor) {
  const unions = await db.organization.findMany({ where: { path: { startsWith: leader.org.path } }, select: { id: true } });
  const rows = await db.complaint.findMany({
    where: { unionId: { in: unions.map((u) => u.id) } },
    orderBy: { id: "desc" },
    take: 200,
    select: { id: true, status: true, text: true, createdAt: true, orderId: true, unionId: true, supplierId: true },
  });
  const [orders, orgs, suppliers] = await Promise.all([
    db.order.findMany({ where: { id: { in: rows.map((r) => r.orderId) } }, select: { id: true, code: true } }),
    db.organization.findMany({ where: { id: { in: rows.map((r) => r.unionId) } }, select: { id: true, name: true } }),
    db.supplier.findMany({ where: { id: { in: rows.map((r) => r.supplierId) } }, select: { id: true, org: { select: { name: true } } } }),
  ]);
  return rows
    .map((r) => ({
      id: r.id,
      status: r.status,
      text: r.text,
      createdAt: r.createdAt.toISOString(),
      code: orders.find((o) => o.id === r.orderId)?.code ?? "",
      unionName: orgs.find((o) => o.id === r.unionId)?.name ?? "",
      supplierName: suppliers.find((s) => s.id === r.supplierId)?.org.name ?? "",
    }))
    .sort((a, b) => Number(b.status === "ESCALATED") - Number(a.status === "ESCALATED"));
}

/** Complaint counts per supplier, for its public page and the leaders' supplier breakdown. */
export async function complaintCounts(supplierIds: number[]) {
  const rows = await db.complaint.groupBy({ by: ["supplierId"], where: { supplierId: { in: supplierIds } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.supplierId, r._count._all]));
}
