// One order's story, read from the audit trail (every state change is audited in its own transaction, so the
// trail is complete by construction): created, approved, paid, each part confirmed, shipped, received, complaints,
// refunds, and whatever else is audited against the order later (invoices). A bank transfer's entries name the order
// in their detail (JSON text written by recordAudit): SQL narrows them with a text match both engines run, and the
// parsed detail decides.
import { reader } from "~/utils/db.server";
import { all, escapeLike, like, q } from "~/utils/sql.server";

export interface TimelineEntry {
  id: number;
  at: string;
  action: string;
  actorName: string | null;
  supplierName: string | null;
  detail: Record<string, unknown>;
}

function parse(detail: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(detail);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * A bank transfer's entry whose detail may name the order: recordAudit writes JSON.stringify's compact text, so an
 * entry with `"orderId": <id>` contains `"orderId":<id>`. A superset (1 also matches 12, and a nested key matches);
 * `namesOrder` keeps only a top-level number equal to the id, as json_extract(detail, '$.orderId') = id did.
 */
const mayNameOrder = (orderId: number) => `%${escapeLike(`"orderId":${orderId}`)}%`;
const namesOrder = (detail: Record<string, unknown>, orderId: number) => detail.orderId === orderId;

/**
 * The union sees everything about its order; a supplier (`onlySubOrderId`) sees the order's placing and approval
 * and what concerns its own part (its steps, its complaints, refunds of its lines).
 */
export async function orderTimeline(orderId: number, onlySubOrderId: number | null = null): Promise<TimelineEntry[]> {
  const subs = await all(
    reader,
    q
      .selectFrom("SubOrder as s")
      .innerJoin("Supplier as sp", "sp.id", "s.supplierId")
      .innerJoin("Organization as o", "o.id", "sp.orgId")
      .select(["s.id", "o.name"])
      .where("s.orderId", "=", orderId),
  );
  const visibleSubs = onlySubOrderId == null ? subs : subs.filter((s) => s.id === onlySubOrderId);
  const complaints = await all(reader, q.selectFrom("Complaint").select(["id", "subOrderId"]).where("orderId", "=", orderId));
  const visibleComplaints = complaints.filter((k) => visibleSubs.some((s) => s.id === k.subOrderId));
  const subIds = visibleSubs.map((s) => String(s.id));
  const complaintIds = visibleComplaints.map((k) => String(k.id));
  const rows = await all(
    reader,
    q
      .selectFrom("AuditLog as a")
      .leftJoin("User as u", "u.id", "a.actorId")
      .select(["a.id", "a.at", "a.action", "a.entityType", "a.entityId", "a.detail", "u.name as actorName"])
      .where((eb) =>
        eb.or([
          eb.and([eb("a.entityType", "=", "Order"), eb("a.entityId", "=", String(orderId))]),
          // An empty id list matches nothing (the branch is left out rather than written as IN ()).
          ...(subIds.length ? [eb.and([eb("a.entityType", "=", "SubOrder"), eb("a.entityId", "in", subIds)])] : []),
          ...(complaintIds.length ? [eb.and([eb("a.entityType", "=", "Complaint"), eb("a.entityId", "in", complaintIds)])] : []),
          eb.and([eb("a.entityType", "=", "BankTransfer"), like(eb.ref("a.detail"), mayNameOrder(orderId))]),
        ]),
      )
      .orderBy("a.at")
      .orderBy("a.id"),
  );
  type Row = (typeof rows)[number];
  const supplierOf = (row: Row, detail: Record<string, unknown>) => {
    const subId =
      row.entityType === "SubOrder"
        ? Number(row.entityId)
        : row.entityType === "Complaint"
          ? complaints.find((k) => String(k.id) === row.entityId)?.subOrderId
          : typeof detail.subOrderId === "number"
            ? detail.subOrderId
            : null;
    return subs.find((s) => s.id === subId)?.name ?? null;
  };
  return rows
    .map((row) => ({ row, detail: parse(row.detail) }))
    .filter(({ row, detail }) => {
      if (row.entityType === "BankTransfer") return onlySubOrderId == null && namesOrder(detail, orderId);
      if (onlySubOrderId == null) return true;
      if (row.entityType === "Order") return row.action === "order.submit" || row.action === "order.approve" || detail.subOrderId === onlySubOrderId;
      return true;
    })
    .map(({ row, detail }) => ({
      id: row.id,
      at: new Date(row.at).toISOString(),
      action: row.action,
      actorName: row.actorName,
      supplierName: supplierOf(row, detail),
      detail: pickDetail(detail),
    }));
}

/** Only the few detail fields the story shows; the rest of the audit detail stays on the audit page. */
function pickDetail(detail: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ["reason", "carrier", "trackingNo", "complaint", "rating", "amountFen", "remedy", "note", "referenceCode"])
    if (detail[key] != null) out[key] = detail[key];
  return out;
}
