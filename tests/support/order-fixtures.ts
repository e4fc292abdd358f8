// Builds orders directly in a test database — paid, unpaid, refunded — and keeps the report aggregates the way
// the app does (through the ledger, inside one synchronous transaction).
import { linePrice } from "~/domain/pricing";
import { recordOrderPaid, recordRefundSucceeded } from "~/models/welfare/procurement-ledger.server";
import { insertOrder as insertOrderRows } from "~/models/orders/order-insert.server";
import { writeSql } from "~/utils/db.server";

let sequence = 0;

export interface FixtureLine {
  productId: number;
  quantity: number;
  certified: boolean;
}

export interface FixtureOrder {
  unionId: number;
  createdAt: Date;
  lines: FixtureLine[];
  paidAt?: Date | null;
  status?: "PLACED" | "COMPLETED" | "CANCELLED" | "PENDING_APPROVAL" | "REJECTED";
  refundAll?: boolean;
}

export function insertOrder(fixture: FixtureOrder) {
  return writeSql((connection) => {
    sequence++;
    const code = `T${process.pid}-${sequence}`;
    const products = fixture.lines.map((l) => {
      const p = connection
        .prepare(
          `SELECT p."id", p."code", p."title", p."unit", p."category", p."priceFen", p."supplierId", p."originVillageId", s."tradeRole", s."county", v."name" AS "villageName"
           FROM "Product" p JOIN "Supplier" s ON s."id" = p."supplierId" LEFT JOIN "Village" v ON v."id" = p."originVillageId" WHERE p."id" = ?`,
        )
        .get(l.productId) as {
        id: number;
        code: string;
        title: string;
        unit: string;
        category: string;
        priceFen: number;
        supplierId: number;
        originVillageId: number | null;
        tradeRole: string;
        county: string;
        villageName: string | null;
      };
      return { ...l, product: p, ...linePrice(p.priceFen, [], l.quantity) };
    });
    const paid = fixture.paidAt != null;
    const inserted = insertOrderRows(connection, {
      unionId: fixture.unionId,
      createdById: 1,
      occasion: "UNION_ACTIVITY",
      headcount: null,
      status: fixture.status ?? (paid ? "COMPLETED" : "PLACED"),
      paymentStatus: fixture.refundAll ? "REFUNDED" : paid ? "PAID" : "UNPAID",
      idempotencyKey: code,
      payloadHash: "test",
      note: "",
      paidAt: fixture.paidAt?.getTime() ?? null,
      createdAt: fixture.createdAt.getTime(),
      addresses: [{ label: "收货地址 1", recipient: "测试", phone: "13800000000", address: "商洛市" }],
      lines: products.map((l) => ({
        productId: l.product.id,
        productCode: l.product.code,
        productTitle: l.product.title,
        unit: l.product.unit,
        category: l.product.category,
        unitPriceFen: l.unitPriceFen,
        quantity: l.quantity,
        amountFen: l.amountFen,
        certifiedOnOrderDate: l.certified,
        certificateNumber: null,
        supplierId: l.product.supplierId,
        supplierTradeRole: l.product.tradeRole,
        originCounty: l.product.county,
        originVillageId: l.product.originVillageId,
        originVillageName: l.product.villageName,
        householdsBenefited: 0,
      })),
      subOrderState: () => ({ status: paid ? "RECEIVED" : "PENDING" }),
    });
    const { orderId, totalFen: total, certifiedFen: certified } = inserted;
    const lineIds = inserted.subOrders.flatMap((so) => so.lines.map((l) => ({ id: l.lineId, amountFen: l.amountFen })));
    if (fixture.paidAt) {
      const paymentId = Number(
        connection
          .prepare(`INSERT INTO "Payment" ("orderId","provider","status","amountFen","idempotencyKey","createdAt","succeededAt") VALUES (?,?,?,?,?,?,?)`)
          .run(orderId, "BANK_TRANSFER", "SUCCEEDED", total, `${code}-pay`, fixture.paidAt.getTime(), fixture.paidAt.getTime()).lastInsertRowid,
      );
      recordOrderPaid(connection, orderId, fixture.paidAt);
      if (fixture.refundAll) {
        const refundId = Number(
          connection
            .prepare(
              `INSERT INTO "Refund" ("orderId","paymentId","amountFen","status","reason","idempotencyKey","createdAt","succeededAt") VALUES (?,?,?,?,?,?,?,?)`,
            )
            .run(orderId, paymentId, total, "SUCCEEDED", "test", `${code}-refund`, fixture.paidAt.getTime(), fixture.paidAt.getTime()).lastInsertRowid,
        );
        for (const l of lineIds)
          connection.prepare(`INSERT INTO "RefundLine" ("refundId","orderLineId","amountFen") VALUES (?,?,?)`).run(refundId, l.id, l.amountFen);
        recordRefundSucceeded(connection, refundId);
      }
    }
    return { orderId, totalFen: total, certifiedFen: certified };
  });
}
