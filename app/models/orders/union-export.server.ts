// A union's orders and lines for its accountant, for a date range (China calendar days, by order date), as rows for
// CSV or XLSX: the same amounts the order pages show, per line, with what was paid and refunded and the invoice
// number of the supplier's part.
import { sql } from "kysely";
import { reader } from "~/utils/db.server";
import { all, q, instant } from "~/utils/sql.server";
import { chinaDate, startOfChinaDay } from "~/domain/china-time";
import type { Messages } from "~/locales";
import { labelOf } from "~/locales/label";
import type { Cell, Table } from "~/utils/table-download.server";
import { refundedOfLineFen } from "~/models/orders/order-refunds.server";

const DAY = 86400_000;
const money = (fen: number): Cell => ({ money: fen });

export async function unionOrderLines(unionId: number, from: string, to: string, t: Messages): Promise<Table> {
  const rows = await all(
    reader,
    q
      .selectFrom("OrderLine as l")
      .innerJoin("Order as o", "o.id", "l.orderId")
      .innerJoin("SubOrder as s", "s.id", "l.subOrderId")
      .innerJoin("Supplier as sp", "sp.id", "s.supplierId")
      .innerJoin("Organization as so", "so.id", "sp.orgId")
      .leftJoin("Invoice as i", (join) => join.onRef("i.subOrderId", "=", "s.id").on("i.status", "=", "ISSUED"))
      .select((eb) => [
        "o.code",
        "o.createdAt",
        "o.occasion",
        "o.paymentStatus",
        "o.paidAt",
        "so.name as supplier",
        "l.productCode",
        "l.productTitle",
        "l.certifiedOnOrderDate as certified",
        "l.quantity",
        "l.unit",
        "l.unitPriceFen",
        "l.amountFen",
        eb.fn.coalesce(refundedOfLineFen(eb.ref("l.id"), "succeeded"), sql.lit(0)).as("refundedFen"),
        "i.invoiceNumber",
      ])
      .where("o.unionId", "=", unionId)
      .where("o.createdAt", ">=", instant(startOfChinaDay(from).getTime()))
      .where("o.createdAt", "<", instant(startOfChinaDay(to).getTime() + DAY))
      .orderBy("o.createdAt")
      .orderBy("o.id")
      .orderBy("l.id"),
  );
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
