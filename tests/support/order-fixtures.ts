// Builds orders directly in a test database — paid, unpaid, refunded — and keeps the report aggregates the way
// the app does (through the ledger, inside one synchronous transaction).
import { linePrice } from "~/domain/pricing";
import { recordOrderPaid, recordRefundSucceeded } from "~/models/welfare/procurement-ledger.server";
import { listingsWithOrigin } from "~/models/catalog/listing-source.server";
import { insertOrder as insertOrderRows } from "~/models/orders/order-insert.server";
import { transaction } from "~/utils/db.server";
import { instant, one, q, run } from "~/utils/sql.server";

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
  return transaction(async (connection) => {
    sequence++;
    const code = `T${process.pid}-${sequence}`;
    const products = [];
    for (const l of fixture.lines) {
      const p = await one(
        connection,
        listingsWithOrigin()
          .select([
            "p.id",
            "p.code",
            "p.title",
            "p.unit",
            "p.category",
            "p.priceFen",
            "p.supplierId",
            "p.originVillageId",
            "s.tradeRole",
            "s.county",
            "v.name as villageName",
          ])
          .where("p.id", "=", l.productId),
      );
      products.push({ ...l, product: p, ...linePrice(p.priceFen, [], l.quantity) });
    }
    const paid = fixture.paidAt != null;
    const inserted = await insertOrderRows(connection, {
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
      const paidAt = instant(fixture.paidAt.getTime());
      const paymentId = (
        await one(
          connection,
          q
            .insertInto("Payment")
            .values({
              orderId,
              provider: "BANK_TRANSFER",
              status: "SUCCEEDED",
              amountFen: total,
              idempotencyKey: `${code}-pay`,
              createdAt: paidAt,
              succeededAt: paidAt,
            })
            .returning("id"),
        )
      ).id;
      await recordOrderPaid(connection, orderId, fixture.paidAt);
      if (fixture.refundAll) {
        const refundId = (
          await one(
            connection,
            q
              .insertInto("Refund")
              .values({
                orderId,
                paymentId,
                amountFen: total,
                status: "SUCCEEDED",
                reason: "test",
                idempotencyKey: `${code}-refund`,
                createdAt: paidAt,
                succeededAt: paidAt,
              })
              .returning("id"),
          )
        ).id;
        for (const l of lineIds) await run(connection, q.insertInto("RefundLine").values({ refundId, orderLineId: l.id, amountFen: l.amountFen }));
        await recordRefundSucceeded(connection, refundId);
      }
    }
    return { orderId, totalFen: total, certifiedFen: certified };
  });
}
