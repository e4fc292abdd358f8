// A deterministic history of welfare orders for the demo: 2025 and 2026 up to the seed's "today", in every order
// state, with payments, refunds and ratings. Paid orders and refunds go through the app's own ledger
// (recordOrderPaid / recordRefundSucceeded), so the report aggregates are exactly what the app would have kept.
import { sql, type NotNull } from "kysely";
import { chinaYear, startOfChinaDay } from "../app/domain/china-time";
import { validCertificateAt } from "../app/domain/certification";
import { linePrice, type TierPrice } from "../app/domain/pricing";
import { PAID_STATUSES } from "../app/domain/payments";
import { referenceCodeFor } from "../app/domain/payments";
import { recordAudit } from "../app/models/access/audit.server";
import { listingsWithOrigin } from "../app/models/catalog/listing-source.server";
import { insertOrder, type SubOrderState } from "../app/models/orders/order-insert.server";
import { recordOrderPaid, recordRefundSucceeded } from "../app/models/welfare/procurement-ledger.server";
import { all, first, instant, one, q, run, type Connection } from "../app/utils/sql.server";
import { mulberry32, SEED_TODAY, type Profile } from "./seed-data";
import type { SeedBaseResult } from "./seed";

const DAY = 86400_000;

/** Share of the budget each profile spends on certified products in a year (domain.md: some ahead, some behind). */
const CERTIFIED_SHARE: Record<Profile, number> = { ahead: 0.42, onTrack: 0.29, behind: 0.09, none: 0 };

interface SeedProduct {
  id: number;
  code: string;
  title: string;
  unit: string;
  category: string;
  priceFen: number;
  minOrderQty: number;
  supplierId: number;
  tradeRole: string;
  county: string;
  villageId: number | null;
  villageName: string | null;
  households: number;
  tiers: TierPrice[];
  certificates: Array<{ status: string; validFrom: Date; validTo: Date; number: string }>;
}

async function loadProducts(connection: Connection): Promise<SeedProduct[]> {
  const rows = await all(
    connection,
    listingsWithOrigin()
      .leftJoin("SupplierVillage as sv", (join) => join.onRef("sv.supplierId", "=", "p.supplierId").onRef("sv.villageId", "=", "p.originVillageId"))
      .select((eb) => [
        "p.id",
        "p.code",
        "p.title",
        "p.unit",
        "p.category",
        "p.priceFen",
        "p.minOrderQty",
        "p.supplierId",
        "s.tradeRole",
        "s.county",
        "p.originVillageId as villageId",
        "v.name as villageName",
        eb.fn.coalesce("sv.householdsBenefited", sql.lit(0)).as("households"),
      ])
      .where("p.active", "=", 1)
      .orderBy("p.id"),
  );
  const products: SeedProduct[] = [];
  for (const r of rows)
    products.push({
      ...r,
      tiers: await all(connection, q.selectFrom("ProductTierPrice").select(["minQty", "priceFen"]).where("productId", "=", r.id)),
      certificates: (await all(connection, q.selectFrom("Certificate").select(["status", "validFrom", "validTo", "number"]).where("productId", "=", r.id))).map(
        (c) => ({
          ...c,
          validFrom: new Date(c.validFrom),
          validTo: new Date(c.validTo),
        }),
      ),
    });
  return products;
}

function occasionFor(date: Date, rand: () => number): string {
  const month = new Date(date.getTime() + 8 * 3600_000).getUTCMonth() + 1;
  if (month <= 2) return "SPRING_FESTIVAL";
  if (month === 6) return "DRAGON_BOAT";
  if (month === 9) return "MID_AUTUMN";
  if (month === 10) return "NATIONAL_DAY";
  return rand() < 0.6 ? "UNION_ACTIVITY" : "CONDOLENCE";
}

type Fate = "COMPLETED" | "COMPLETED_WITH_DECLINE" | "PLACED_PAID" | "PLACED_UNPAID" | "PENDING_APPROVAL" | "REJECTED" | "CANCELLED" | "CANCELLED_REFUNDED";

export async function seedOrderHistory(connection: Connection, base: SeedBaseResult) {
  const rand = mulberry32(2026_11_28);
  const today = startOfChinaDay(SEED_TODAY).getTime() + 10 * 3600_000;
  const products = await loadProducts(connection);
  const certifiedToday = products.filter((p) => p.tradeRole === "PRODUCER");
  const agentProducts = products.filter((p) => p.tradeRole === "TRADING_AGENT");

  const financeId = (await first(connection, q.selectFrom("User").select("id").where("username", "=", "finance")))?.id ?? 1;
  const insertPayment = async (payment: {
    orderId: number;
    provider: string;
    status: string;
    amountFen: number;
    referenceCode: string | null;
    providerPaymentId: string | null;
    idempotencyKey: string;
    createdAt: number;
    succeededAt: number | null;
  }) =>
    (
      await one(
        connection,
        q
          .insertInto("Payment")
          .values({
            ...payment,
            createdAt: instant(payment.createdAt),
            succeededAt: payment.succeededAt == null ? null : instant(payment.succeededAt),
          })
          .returning("id"),
      )
    ).id;

  let orderNumber = 0;
  let paymentNumber = 0;
  const counts: Record<string, number> = {};

  const placeOrder = async (
    unionId: number,
    users: { buyerId: number; approverId: number },
    createdAt: number,
    fate: Fate,
    pool: SeedProduct[],
    targetFen: number,
  ) => {
    orderNumber++;
    const year = chinaYear(new Date(createdAt));
    const code = `BF${year}-${String(orderNumber).padStart(6, "0")}`;
    // One or two suppliers, one to three products each, quantities sized to the target amount.
    const supplierIds = [...new Set(pool.map((p) => p.supplierId))];
    const chosenSuppliers = [supplierIds[Math.floor(rand() * supplierIds.length)]];
    if (rand() < 0.5 && supplierIds.length > 1) {
      const other = supplierIds[Math.floor(rand() * supplierIds.length)];
      if (!chosenSuppliers.includes(other)) chosenSuppliers.push(other);
    }
    const picks = chosenSuppliers.flatMap((sid) => {
      const own = pool.filter((p) => p.supplierId === sid);
      return own.slice(0, 1 + Math.floor(rand() * Math.min(3, own.length)));
    });
    const perPick = targetFen / picks.length;
    const lines = picks.map((p) => {
      const quantity = Math.max(p.minOrderQty, Math.round(perPick / p.priceFen));
      const { unitPriceFen, amountFen } = linePrice(p.priceFen, p.tiers, quantity);
      const certificate = validCertificateAt(p.certificates, new Date(createdAt));
      return { product: p, quantity, unitPriceFen, amountFen, certificate };
    });
    const totalFen = lines.reduce((s, l) => s + l.amountFen, 0);
    const certifiedFen = lines.reduce((s, l) => s + (l.certificate ? l.amountFen : 0), 0);
    const { approvalThresholdFen } = await one(connection, q.selectFrom("Organization").select("approvalThresholdFen").where("id", "=", unionId));
    const needsApproval = totalFen > approvalThresholdFen;

    const paid = fate === "COMPLETED" || fate === "COMPLETED_WITH_DECLINE" || fate === "PLACED_PAID" || fate === "CANCELLED_REFUNDED";
    const paidAt = paid ? Math.min(createdAt + (3 + Math.floor(rand() * 15)) * DAY, today - DAY) : null;
    const status =
      fate === "COMPLETED" || fate === "COMPLETED_WITH_DECLINE"
        ? "COMPLETED"
        : fate === "PLACED_PAID" || fate === "PLACED_UNPAID"
          ? "PLACED"
          : fate === "CANCELLED_REFUNDED"
            ? "CANCELLED"
            : fate;
    const approvedAt = needsApproval && fate !== "PENDING_APPROVAL" && fate !== "REJECTED" ? createdAt + 4 * 3600_000 : null;
    const cancelledAt = fate === "CANCELLED" || fate === "CANCELLED_REFUNDED" ? (paidAt ?? createdAt) + DAY : null;
    const occasion = occasionFor(new Date(createdAt), rand);
    const declinedSupplier = fate === "COMPLETED_WITH_DECLINE" && chosenSuppliers.length > 1 ? chosenSuppliers[1] : null;
    const subStatuses = new Map<number, string>();
    const subOrderState = async (sid: number): Promise<SubOrderState> => {
      let subStatus = "PENDING";
      if (status === "COMPLETED") subStatus = sid === declinedSupplier ? "DECLINED" : "RECEIVED";
      else if (status === "PLACED") subStatus = ["PENDING", "CONFIRMED", "SHIPPED"][Math.floor(rand() * 3)];
      else if (status === "REJECTED" || status === "CANCELLED") subStatus = "CANCELLED";
      subStatuses.set(sid, subStatus);
      const rating = subStatus === "RECEIVED" && rand() < 0.6 ? 3 + Math.floor(rand() * 3) : null;
      if (rating)
        await run(
          connection,
          q
            .updateTable("Supplier")
            .set((eb) => ({ ratingSum: eb("ratingSum", "+", rating), ratingCount: eb("ratingCount", "+", 1) }))
            .where("id", "=", sid),
        );
      const shipped = ["SHIPPED", "RECEIVED"].includes(subStatus);
      return {
        status: subStatus,
        declineReason: subStatus === "DECLINED" ? "库存不足，无法按期供货" : null,
        confirmedAt: ["CONFIRMED", "SHIPPED", "RECEIVED"].includes(subStatus) ? createdAt + DAY : null,
        carrier: shipped ? "中国邮政" : null,
        trackingNo: shipped ? `YZ${String(orderNumber * 7 + sid).padStart(10, "0")}` : null,
        shippedAt: shipped ? createdAt + 2 * DAY : null,
        receivedAt: subStatus === "RECEIVED" ? createdAt + 5 * DAY : null,
        inspectionResult: subStatus === "RECEIVED" ? "ACCEPTED" : null,
        rating,
        ratingComment: rating ? "包装完好，职工满意" : null,
      };
    };
    const inserted = await insertOrder(connection, {
      unionId,
      createdById: users.buyerId,
      occasion,
      headcount: null,
      status,
      paymentStatus: fate === "CANCELLED_REFUNDED" ? "PAID" : paid ? "PAID" : "UNPAID",
      idempotencyKey: `seed-${code}`,
      payloadHash: "seed",
      note: "",
      approvedById: approvedAt ? users.approverId : null,
      approvedAt,
      rejectReason: fate === "REJECTED" ? "本季度预算另有安排" : null,
      paidAt,
      cancelledAt,
      cancelReason: cancelledAt ? "活动取消" : null,
      createdAt,
      addresses: [{ label: "单位工会办公室", recipient: "工会办公室", phone: "0914-2000000", address: "商洛市商州区工会路 1 号" }],
      lines: lines.map((l) => {
        const p = l.product;
        return {
          productId: p.id,
          productCode: p.code,
          productTitle: p.title,
          unit: p.unit,
          category: p.category,
          unitPriceFen: l.unitPriceFen,
          quantity: l.quantity,
          amountFen: l.amountFen,
          certifiedOnOrderDate: l.certificate != null,
          certificateNumber: l.certificate?.number ?? null,
          supplierId: p.supplierId,
          supplierTradeRole: p.tradeRole,
          originCounty: p.county,
          originVillageId: p.villageId,
          originVillageName: p.villageName,
          householdsBenefited: p.households,
        };
      }),
      subOrderState,
    });
    const { orderId } = inserted;
    const lineIdsBySupplier = new Map<number, Array<{ lineId: number; amountFen: number }>>();
    for (const so of inserted.subOrders) {
      lineIdsBySupplier.set(
        so.supplierId,
        so.lines.map((l) => ({ lineId: l.lineId, amountFen: l.amountFen })),
      );
      // Open orders hold their reservation; finished ones left the warehouse long ago.
      const subStatus = subStatuses.get(so.supplierId);
      if ((status === "PENDING_APPROVAL" || status === "PLACED") && subStatus !== "SHIPPED")
        for (const l of so.lines)
          await run(
            connection,
            q
              .updateTable("Product")
              .set((eb) => ({ stock: eb("stock", "-", l.quantity) }))
              .where("id", "=", l.productId)
              .where("stock", ">=", l.quantity),
          );
    }

    await recordAudit(
      connection,
      { actorId: users.buyerId, orgId: unionId, action: "order.submit", entityType: "Order", entityId: orderId, detail: { code: inserted.code, totalFen } },
      new Date(createdAt),
    );
    if (approvedAt)
      await recordAudit(
        connection,
        { actorId: users.approverId, orgId: unionId, action: "order.approve", entityType: "Order", entityId: orderId },
        new Date(approvedAt),
      );
    if (fate === "REJECTED")
      await recordAudit(
        connection,
        { actorId: users.approverId, orgId: unionId, action: "order.reject", entityType: "Order", entityId: orderId },
        new Date(createdAt + 3600_000),
      );

    const bank = rand() < 0.9;
    const reference = () => referenceCodeFor(orderId);
    if (paid && paidAt) {
      const paymentId = await insertPayment({
        orderId,
        provider: bank ? "BANK_TRANSFER" : "STRIPE",
        status: "SUCCEEDED",
        amountFen: totalFen,
        referenceCode: bank ? reference() : null,
        providerPaymentId: bank ? null : `pi_seed_${orderId}`,
        idempotencyKey: `seed-pay-${orderId}`,
        createdAt,
        succeededAt: paidAt,
      });
      if (bank) {
        // The transfer finance recorded, and its money placed on the order: what the union's payment page lists.
        const transferId = (
          await one(
            connection,
            q
              .insertInto("BankTransfer")
              .values({
                amountFen: totalFen,
                receivedOn: instant(paidAt),
                bankReference: `ICBC-SEED-${++paymentNumber}`,
                referenceCode: reference(),
                paymentId,
                orderId,
                status: "APPLIED",
                recordedById: financeId,
                createdAt: instant(paidAt),
              })
              .returning("id"),
          )
        ).id;
        await run(
          connection,
          q.insertInto("TransferAllocation").values({ transferId, orderId, amountFen: totalFen, createdById: financeId, createdAt: instant(paidAt) }),
        );
      } else
        await run(
          connection,
          q
            .updateTable("Payment")
            .set((eb) => ({ paymentIntentId: eb.ref("providerPaymentId") }))
            .where("id", "=", paymentId),
        );
      await recordOrderPaid(connection, orderId, new Date(paidAt));
      await recordAudit(
        connection,
        { actorId: null, orgId: unionId, action: "payment.succeeded", entityType: "Order", entityId: orderId, detail: { paymentId, totalFen } },
        new Date(paidAt),
      );
      const refund = async (subOrderSupplier: number | null, reason: string, at: number) => {
        const refundLines = subOrderSupplier == null ? [...lineIdsBySupplier.values()].flat() : (lineIdsBySupplier.get(subOrderSupplier) ?? []);
        const amountFen = refundLines.reduce((s, l) => s + l.amountFen, 0);
        const subOrderId =
          subOrderSupplier == null
            ? null
            : (await one(connection, q.selectFrom("SubOrder").select("id").where("orderId", "=", orderId).where("supplierId", "=", subOrderSupplier))).id;
        const refundId = (
          await one(
            connection,
            q
              .insertInto("Refund")
              .values({
                orderId,
                paymentId,
                subOrderId,
                amountFen,
                status: "SUCCEEDED",
                reason,
                idempotencyKey: `seed-refund-${orderId}-${subOrderSupplier ?? "all"}`,
                createdAt: instant(at),
                succeededAt: instant(at),
              })
              .returning("id"),
          )
        ).id;
        for (const l of refundLines) await run(connection, q.insertInto("RefundLine").values({ refundId, orderLineId: l.lineId, amountFen: l.amountFen }));
        await recordRefundSucceeded(connection, refundId);
        await recordAudit(
          connection,
          { actorId: null, orgId: unionId, action: "refund.succeeded", entityType: "Order", entityId: orderId, detail: { refundId, amountFen } },
          new Date(at),
        );
        return amountFen;
      };
      if (fate === "CANCELLED_REFUNDED") {
        await refund(null, "订单取消，全额退款", cancelledAt ?? paidAt);
        await run(connection, q.updateTable("Order").set({ paymentStatus: "REFUNDED" }).where("id", "=", orderId));
      } else if (declinedSupplier != null) {
        await refund(declinedSupplier, "供应商无法供货，退还该部分货款", paidAt + DAY);
        await run(connection, q.updateTable("Order").set({ paymentStatus: "PARTIALLY_REFUNDED" }).where("id", "=", orderId));
      }
    } else if (fate === "PLACED_UNPAID") {
      await insertPayment({
        orderId,
        provider: "BANK_TRANSFER",
        status: "PENDING",
        amountFen: totalFen,
        referenceCode: reference(),
        providerPaymentId: null,
        idempotencyKey: `seed-pay-${orderId}`,
        createdAt: createdAt + DAY,
        succeededAt: null,
      });
    }
    counts[fate] = (counts[fate] ?? 0) + 1;
    return {
      certifiedFen:
        paid && fate !== "CANCELLED_REFUNDED"
          ? certifiedFen -
            (declinedSupplier != null
              ? lines.filter((l) => l.product.supplierId === declinedSupplier && l.certificate).reduce((s, l) => s + l.amountFen, 0)
              : 0)
          : 0,
    };
  };

  for (const union of base.unions) {
    const users = base.unionUsers.get(union.id);
    if (!users) continue;
    const profile = union.profile as Profile;
    for (const year of [2025, 2026]) {
      const { budgetFen } = await one(connection, q.selectFrom("WelfareBudget").select("budgetFen").where("orgId", "=", union.id).where("year", "=", year));
      const yearStart = startOfChinaDay(`${year}-01-05`).getTime();
      const yearEnd = year === 2026 ? today - 8 * DAY : startOfChinaDay(`${year}-12-20`).getTime();
      // 2026 is not over: unions are where they would be by late November.
      const goal = Math.round(budgetFen * CERTIFIED_SHARE[profile] * (year === 2026 ? 0.92 : 1));
      let reached = 0;
      let n = 0;
      while (reached < goal && n < 40) {
        const createdAt = yearStart + Math.floor(rand() * (yearEnd - yearStart));
        const remaining = goal - reached;
        const size = Math.min(remaining, 800_000 + Math.floor(rand() * 2_500_000));
        const isLatest = year === 2026 && createdAt > today - 40 * DAY;
        const roll = rand();
        const fate: Fate =
          year === 2025 || !isLatest
            ? roll < 0.85
              ? "COMPLETED"
              : roll < 0.9
                ? "COMPLETED_WITH_DECLINE"
                : roll < 0.95
                  ? "CANCELLED_REFUNDED"
                  : "CANCELLED"
            : roll < 0.4
              ? "PLACED_PAID"
              : roll < 0.7
                ? "PLACED_UNPAID"
                : roll < 0.85
                  ? "PENDING_APPROVAL"
                  : "REJECTED";
        const result = await placeOrder(union.id, users, createdAt, fate, certifiedToday, Math.max(size, 200_000));
        reached += result.certifiedFen;
        n++;
      }
      // Some spending on non-certified goods (a trading agent), so W differs from P.
      if (profile !== "none" && agentProducts.length) {
        await placeOrder(union.id, users, yearStart + Math.floor(rand() * (yearEnd - yearStart)), "COMPLETED", agentProducts, Math.round(budgetFen * 0.05));
      }
    }
  }

  // The demo buyer's union gets open work: an unpaid order awaiting its bank transfer, and one awaiting approval.
  const hospital = base.unions[0];
  const hospitalUsers = base.unionUsers.get(hospital.id);
  if (hospitalUsers) {
    await placeOrder(hospital.id, hospitalUsers, today - 6 * DAY, "PLACED_UNPAID", certifiedToday, 1_200_000);
    await placeOrder(hospital.id, hospitalUsers, today - 2 * DAY, "PENDING_APPROVAL", certifiedToday, 2_600_000);
  }
  await settlePastMonths(connection, today, financeId);
  return { orders: orderNumber, byFate: counts };
}

/**
 * Platform finance settles suppliers monthly: every part received before the current month is settled in a run per
 * supplier and month (what it was owed less refunds), so suppliers see a history and only recent parts stay open.
 */
async function settlePastMonths(connection: Connection, today: number, financeId: number) {
  const monthStart = startOfChinaDay(`${new Date(today + 8 * 3600_000).toISOString().slice(0, 7)}-01`).getTime();
  const parts = await all(
    connection,
    q
      .selectFrom("SubOrder as s")
      .innerJoin("Order as o", "o.id", "s.orderId")
      .select((eb) => {
        const refunded = eb
          .selectFrom("RefundLine as rl")
          .innerJoin("Refund as r", "r.id", "rl.refundId")
          .innerJoin("OrderLine as l", "l.id", "rl.orderLineId")
          .select((inner) => inner.fn.sum<number>("rl.amountFen").as("fen"))
          .whereRef("l.subOrderId", "=", "s.id")
          .where("r.status", "=", "SUCCEEDED")
          .$asScalar();
        return ["s.id", "s.supplierId", "s.receivedAt", eb("s.amountFen", "-", eb.fn.coalesce(refunded, sql.lit(0))).as("owedFen")];
      })
      .where("s.status", "in", ["RECEIVED", "DISPUTED"])
      .where("o.paymentStatus", "in", [...PAID_STATUSES])
      .where("s.settlementId", "is", null)
      .where("s.receivedAt", "<", instant(monthStart))
      .$narrowType<{ receivedAt: NotNull }>() // a NULL "receivedAt" never passes the comparison above
      .orderBy("s.supplierId")
      .orderBy("s.receivedAt"),
  );
  const runs = new Map<string, typeof parts>();
  for (const part of parts) {
    const month = new Date(part.receivedAt + 8 * 3600_000).toISOString().slice(0, 7);
    const key = `${part.supplierId}|${month}`;
    runs.set(key, [...(runs.get(key) ?? []), part]);
  }
  for (const [key, members] of runs) {
    const [supplierId, month] = key.split("|");
    // Paid out on the 5th of the following month.
    const [y, m] = month.split("-").map(Number);
    const paidOn = startOfChinaDay(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, "0")}-05`).getTime() + 10 * 3600_000;
    const amountFen = members.reduce((sum, p) => sum + Math.max(0, Number(p.owedFen)), 0);
    const id = (
      await one(
        connection,
        q
          .insertInto("Settlement")
          .values({
            supplierId: Number(supplierId),
            amountFen,
            reference: `JS-${month.replace("-", "")}-${supplierId}`,
            createdById: financeId,
            createdAt: instant(Math.min(paidOn, today)),
          })
          .returning("id"),
      )
    ).id;
    for (const p of members) await run(connection, q.updateTable("SubOrder").set({ settlementId: id }).where("id", "=", p.id));
  }
}
