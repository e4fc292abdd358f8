// Builds orders directly in a test database — paid, unpaid, refunded — and keeps the report aggregates the way
// the app does (through the ledger, inside one synchronous transaction).
import { linePrice } from "~/domain/pricing";
import { recordOrderPaid, recordRefundSucceeded } from "~/models/procurement-ledger.server";
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
        .get(l.productId) as { id: number; code: string; title: string; unit: string; category: string; priceFen: number; supplierId: number; originVillageId: number | null; tradeRole: string; county: string; villageName: string | null };
      return { ...l, product: p, ...linePrice(p.priceFen, [], l.quantity) };
    });
    const total = products.reduce((s, l) => s + l.amountFen, 0);
    const certified = products.reduce((s, l) => s + (l.certified ? l.amountFen : 0), 0);
    const paid = fixture.paidAt != null;
    const orderId = Number(
      connection
        .prepare(
          `INSERT INTO "Order" ("code","unionId","createdById","occasion","status","paymentStatus","totalFen","certifiedFen","idempotencyKey","payloadHash","paidAt","createdAt")
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
        )
        .run(code, fixture.unionId, 1, "UNION_ACTIVITY", fixture.status ?? (paid ? "COMPLETED" : "PLACED"), fixture.refundAll ? "REFUNDED" : paid ? "PAID" : "UNPAID", total, certified, code, "test", fixture.paidAt?.getTime() ?? null, fixture.createdAt.getTime())
        .lastInsertRowid,
    );
    const lineIds: Array<{ id: number; amountFen: number }> = [];
    for (const supplierId of [...new Set(products.map((l) => l.product.supplierId))]) {
      const own = products.filter((l) => l.product.supplierId === supplierId);
      const subOrderId = Number(
        connection.prepare(`INSERT INTO "SubOrder" ("orderId","supplierId","status","amountFen") VALUES (?,?,?,?)`).run(orderId, supplierId, paid ? "RECEIVED" : "PENDING", own.reduce((s, l) => s + l.amountFen, 0)).lastInsertRowid,
      );
      for (const l of own) {
        const p = l.product;
        const id = Number(
          connection
            .prepare(
              `INSERT INTO "OrderLine" ("orderId","subOrderId","productId","productCode","productTitle","unit","category","unitPriceFen","quantity","amountFen","certifiedOnOrderDate","supplierId","supplierTradeRole","originCounty","originVillageId","originVillageName")
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
            )
            .run(orderId, subOrderId, p.id, p.code, p.title, p.unit, p.category, l.unitPriceFen, l.quantity, l.amountFen, l.certified ? 1 : 0, p.supplierId, p.tradeRole, p.county, p.originVillageId, p.villageName)
            .lastInsertRowid,
        );
        lineIds.push({ id, amountFen: l.amountFen });
      }
    }
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
            .prepare(`INSERT INTO "Refund" ("orderId","paymentId","amountFen","status","reason","idempotencyKey","createdAt","succeededAt") VALUES (?,?,?,?,?,?,?,?)`)
            .run(orderId, paymentId, total, "SUCCEEDED", "test", `${code}-refund`, fixture.paidAt.getTime(), fixture.paidAt.getTime()).lastInsertRowid,
        );
        for (const l of lineIds) connection.prepare(`INSERT INTO "RefundLine" ("refundId","orderLineId","amountFen") VALUES (?,?,?)`).run(refundId, l.id, l.amountFen);
        recordRefundSucceeded(connection, refundId);
      }
    }
    return { orderId, totalFen: total, certifiedFen: certified };
  });
}
