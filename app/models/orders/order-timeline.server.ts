// One order's story, read from the audit trail (every state change is audited in its own transaction, so the
// trail is complete by construction): created, approved, paid, each part confirmed, shipped, received, complaints,
// refunds, and whatever else is audited against the order later (invoices). SQLite's json_extract lives here only.
import { sqlite } from "~/utils/db.server";

export interface TimelineEntry {
  id: number;
  at: string;
  action: string;
  actorName: string | null;
  supplierName: string | null;
  detail: Record<string, unknown>;
}

interface Row {
  id: number;
  at: number;
  action: string;
  entityType: string;
  entityId: string;
  detail: string;
  actorName: string | null;
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
 * The union sees everything about its order; a supplier (`onlySubOrderId`) sees the order's placing and approval
 * and what concerns its own part (its steps, its complaints, refunds of its lines).
 */
export function orderTimeline(orderId: number, onlySubOrderId: number | null = null): TimelineEntry[] {
  const subs = sqlite
    .prepare(
      `SELECT s."id", o."name" FROM "SubOrder" s JOIN "Supplier" sp ON sp."id" = s."supplierId" JOIN "Organization" o ON o."id" = sp."orgId" WHERE s."orderId" = ?`,
    )
    .all(orderId) as Array<{ id: number; name: string }>;
  const visibleSubs = onlySubOrderId == null ? subs : subs.filter((s) => s.id === onlySubOrderId);
  const complaints = sqlite.prepare(`SELECT "id","subOrderId" FROM "Complaint" WHERE "orderId" = ?`).all(orderId) as Array<{ id: number; subOrderId: number }>;
  const visibleComplaints = complaints.filter((k) => visibleSubs.some((s) => s.id === k.subOrderId));
  const subIds = visibleSubs.map((s) => String(s.id));
  const complaintIds = visibleComplaints.map((k) => String(k.id));
  const marks = (n: number) => (n ? Array.from({ length: n }, () => "?").join(",") : "NULL");
  const rows = sqlite
    .prepare(
      `SELECT a."id", a."at", a."action", a."entityType", a."entityId", a."detail", u."name" AS "actorName"
       FROM "AuditLog" a LEFT JOIN "User" u ON u."id" = a."actorId"
       WHERE (a."entityType" = 'Order' AND a."entityId" = ?)
          OR (a."entityType" = 'SubOrder' AND a."entityId" IN (${marks(subIds.length)}))
          OR (a."entityType" = 'Complaint' AND a."entityId" IN (${marks(complaintIds.length)}))
          OR (a."entityType" = 'BankTransfer' AND json_extract(a."detail", '$.orderId') = ?)
       ORDER BY a."at", a."id"`,
    )
    .all(String(orderId), ...subIds, ...complaintIds, orderId) as Row[];
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
      if (onlySubOrderId == null) return true;
      if (row.entityType === "BankTransfer") return false;
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
