// A union's orders and lines for its accountant, for a date range (China calendar days, by order date), as rows for
// CSV or XLSX: the same amounts the order pages show, per line, with what was paid and refunded and the invoice
// number of the supplier's part.
import { sqlite } from "~/utils/db.server";
import { chinaDate, startOfChinaDay } from "~/domain/china-time";
import type { Messages } from "~/locales";
import { labelOf } from "~/locales/label";
import type { Cell, Table } from "~/models/welfare/report-export.server";

const DAY = 86400_000;
const money = (fen: number): Cell => ({ money: fen });

export function unionOrderLines(unionId: number, from: string, to: string, t: Messages): Table {
  const rows = sqlite
    .prepare(
      `SELECT o."code", o."createdAt", o."occasion", o."paymentStatus", o."paidAt", so."name" AS "supplier", l."productCode", l."productTitle", l."certifiedOnOrderDate" AS "certified",
              l."quantity", l."unit", l."unitPriceFen", l."amountFen",
              COALESCE((SELECT SUM(rl."amountFen") FROM "RefundLine" rl JOIN "Refund" r ON r."id" = rl."refundId" WHERE rl."orderLineId" = l."id" AND r."status" = 'SUCCEEDED'), 0) AS "refundedFen",
              i."invoiceNumber"
       FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId" JOIN "SubOrder" s ON s."id" = l."subOrderId"
       JOIN "Supplier" sp ON sp."id" = s."supplierId" JOIN "Organization" so ON so."id" = sp."orgId"
       LEFT JOIN "Invoice" i ON i."subOrderId" = s."id" AND i."status" = 'ISSUED'
       WHERE o."unionId" = ? AND o."createdAt" >= ? AND o."createdAt" < ?
       ORDER BY o."createdAt", o."id", l."id"`,
    )
    .all(unionId, startOfChinaDay(from).getTime(), startOfChinaDay(to).getTime() + DAY) as Array<{
    code: string;
    createdAt: number;
    occasion: string;
    paymentStatus: string;
    paidAt: number | null;
    supplier: string;
    productCode: string;
    productTitle: string;
    certified: number;
    quantity: number;
    unit: string;
    unitPriceFen: number;
    amountFen: number | bigint;
    refundedFen: number | bigint;
    invoiceNumber: string | null;
  }>;
  const x = t.payments.unionExport;
  return {
    name: x.sheet(from, to),
    header: [
      x.order,
      x.date,
      t.orders.occasion,
      x.supplier,
      x.product,
      x.certified,
      x.quantity,
      x.unit,
      x.unitPrice,
      x.amount,
      x.paid,
      x.paidOn,
      x.refunded,
      x.invoiceNumber,
    ],
    rows: rows.map((r) => {
      const paid = r.paymentStatus === "UNPAID" ? 0 : Number(r.amountFen);
      return [
        r.code,
        chinaDate(new Date(Number(r.createdAt))),
        labelOf(t.occasions, r.occasion),
        r.supplier,
        `${r.productCode} ${r.productTitle}`,
        r.certified ? x.yes : x.no,
        r.quantity,
        r.unit,
        money(r.unitPriceFen),
        money(Number(r.amountFen)),
        money(paid),
        r.paidAt ? chinaDate(new Date(Number(r.paidAt))) : "",
        money(Number(r.refundedFen)),
        r.invoiceNumber ?? "",
      ];
    }),
  };
}
