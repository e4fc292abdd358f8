// A supplier's money: totals owed (received parts of paid orders, not yet settled), paid (settled) and pending
// (parts on their way or awaiting the union's payment), its settlement runs with a printable statement, a CSV/XLSX
// export of its ledger, and its payment terms (ship after payment, or ship on approval and be paid within N days).
import { db, sqlite, writeSql } from "~/utils/db.server";
import type { Actor } from "~/domain/actor";
import { chinaDate } from "~/domain/china-time";
import { owedToSupplier, type PaymentTerms } from "~/domain/payments";
import type { Messages } from "~/locales";
import { recordAudit } from "~/models/access/audit.server";
import type { Cell, Table } from "~/models/welfare/report-export.server";

const REFUNDED = `COALESCE((SELECT SUM(rl."amountFen") FROM "RefundLine" rl JOIN "Refund" r ON r."id" = rl."refundId" JOIN "OrderLine" l ON l."id" = rl."orderLineId"
                  WHERE l."subOrderId" = s."id" AND r."status" = 'SUCCEEDED'), 0)`;

/** Owed, paid and pending for one supplier, in fen. */
export function supplierTotals(supplierId: number) {
  const row = sqlite
    .prepare(
      `SELECT
         COALESCE(SUM(CASE WHEN s."status" IN ('RECEIVED','DISPUTED') AND o."paymentStatus" IN ('PAID','PARTIALLY_REFUNDED') AND s."settlementId" IS NULL THEN MAX(0, s."amountFen" - ${REFUNDED}) END), 0) AS "owedFen",
         COALESCE(SUM(CASE WHEN s."settlementId" IS NOT NULL THEN MAX(0, s."amountFen" - ${REFUNDED}) END), 0) AS "paidFen",
         COALESCE(SUM(CASE WHEN s."settlementId" IS NULL AND o."status" IN ('PLACED','COMPLETED') AND s."status" IN ('PENDING','CONFIRMED','SHIPPED','RECEIVED','DISPUTED')
                            AND NOT (s."status" IN ('RECEIVED','DISPUTED') AND o."paymentStatus" IN ('PAID','PARTIALLY_REFUNDED')) THEN s."amountFen" END), 0) AS "pendingFen"
       FROM "SubOrder" s JOIN "Order" o ON o."id" = s."orderId" WHERE s."supplierId" = ?`,
    )
    .get(supplierId) as { owedFen: number; paidFen: number; pendingFen: number };
  return { owedFen: Number(row.owedFen), paidFen: Number(row.paidFen), pendingFen: Number(row.pendingFen) };
}

/** One settlement run with its parts, for the printed statement. Scoped: the supplier's own, or any for finance. */
export async function settlementStatement(settlementId: number, viewer: { supplierId: number } | "finance") {
  const settlement = await db.settlement.findFirst({
    where: { id: settlementId, ...(viewer === "finance" ? {} : { supplierId: viewer.supplierId }) },
    include: { supplier: { select: { org: { select: { name: true } } } }, subOrders: { orderBy: { id: "asc" }, select: { id: true } } },
  });
  if (!settlement) return null;
  const rows = sqlite
    .prepare(
      `SELECT s."id", o."code", u."name" AS "unionName", s."amountFen", s."receivedAt", ${REFUNDED} AS "refundedFen"
       FROM "SubOrder" s JOIN "Order" o ON o."id" = s."orderId" JOIN "Organization" u ON u."id" = o."unionId" WHERE s."settlementId" = ? ORDER BY o."code"`,
    )
    .all(settlementId) as Array<{ id: number; code: string; unionName: string; amountFen: number; receivedAt: number | null; refundedFen: number }>;
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

/** The supplier's ledger (open and settled parts) as an export table. */
export function supplierLedgerTable(supplierId: number, t: Messages): Table {
  const rows = sqlite
    .prepare(
      `SELECT o."code", u."name" AS "unionName", s."receivedAt", s."amountFen", ${REFUNDED} AS "refundedFen", st."reference", st."createdAt" AS "settledAt"
       FROM "SubOrder" s JOIN "Order" o ON o."id" = s."orderId" JOIN "Organization" u ON u."id" = o."unionId" LEFT JOIN "Settlement" st ON st."id" = s."settlementId"
       WHERE s."supplierId" = ? AND s."status" IN ('RECEIVED','DISPUTED') AND o."paymentStatus" IN ('PAID','PARTIALLY_REFUNDED')
       ORDER BY s."receivedAt", o."code"`,
    )
    .all(supplierId) as Array<{
    code: string;
    unionName: string;
    receivedAt: number | null;
    amountFen: number;
    refundedFen: number;
    reference: string | null;
    settledAt: number | null;
  }>;
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
  return writeSql((c) => {
    const before = c.prepare(`SELECT "paymentTerms" AS "terms", "paymentDueDays" AS "dueDays" FROM "Organization" WHERE "id" = ?`).get(actor.org.id);
    c.prepare(`UPDATE "Organization" SET "paymentTerms" = ?, "paymentDueDays" = ? WHERE "id" = ?`).run(input.terms, input.dueDays, actor.org.id);
    recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "supplier.paymentTerms",
      entityType: "Organization",
      entityId: actor.org.id,
      detail: { before, after: input },
    });
  });
}
