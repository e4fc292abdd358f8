// Pricing, checking and submitting a bulk welfare order. Submission is ONE synchronous SQLite transaction inside the
// serialized writer: idempotency, the festival cap, the budget block, the stock reservation (conditional
// decrements) and every insert commit together or not at all (docs/decisions/0020-order-submission.md).
import crypto from "node:crypto";
import type Database from "better-sqlite3";
import { chinaDate, chinaYear, chinaYearBounds, startOfChinaDay } from "~/domain/china-time";
import { buildLines, festivalCapCheck, FESTIVAL_OCCASIONS, orderEffect, type OrderableProduct, type RequestedLine } from "~/domain/order-builder";
import { sqlite, writeSql } from "~/utils/db.server";
import { recordAudit } from "./audit.server";

type Connection = Database.Database;

export interface DeliveryAddress {
  recipient: string;
  phone: string;
  address: string;
}

export interface OrderRequest {
  token: string;
  occasion: string;
  headcount: number | null;
  lines: RequestedLine[];
  addresses: [DeliveryAddress] | [DeliveryAddress, DeliveryAddress];
  note: string;
}

export interface Buyer {
  userId: number;
  org: { id: number; path: string };
}

function orderableProducts(connection: Connection, ids: number[]): Map<number, OrderableProduct> {
  if (!ids.length) return new Map();
  const dayStart = startOfChinaDay(chinaDate(new Date())).getTime();
  const dayEnd = dayStart + 86400_000 - 1;
  const marks = ids.map(() => "?").join(",");
  const rows = connection
    .prepare(
      `SELECT p."id", p."code", p."title", p."unit", p."category", p."priceFen", p."minOrderQty", p."stock", p."active", p."supplierId",
              o."name" AS "supplierName", s."tradeRole" AS "supplierTradeRole", COALESCE(v."county", s."county") AS "originCounty",
              p."originVillageId", v."name" AS "originVillageName", COALESCE(sv."householdsBenefited", 0) AS "households",
              (SELECT c."number" FROM "Certificate" c WHERE c."productId" = p."id" AND c."status" = 'APPROVED' AND c."validFrom" <= ? AND c."validTo" >= ?
               ORDER BY c."validTo" DESC LIMIT 1) AS "certificateNumber"
       FROM "Product" p JOIN "Supplier" s ON s."id" = p."supplierId" JOIN "Organization" o ON o."id" = s."orgId"
       LEFT JOIN "Village" v ON v."id" = p."originVillageId"
       LEFT JOIN "SupplierVillage" sv ON sv."supplierId" = p."supplierId" AND sv."villageId" = p."originVillageId"
       WHERE p."id" IN (${marks})`,
    )
    .all(dayEnd, dayStart, ...ids) as Array<Omit<OrderableProduct, "tiers" | "active"> & { active: number }>;
  const tiers = connection.prepare(`SELECT "productId","minQty","priceFen" FROM "ProductTierPrice" WHERE "productId" IN (${marks})`).all(...ids) as Array<{ productId: number; minQty: number; priceFen: number }>;
  return new Map(rows.map((r) => [r.id, { ...r, active: r.active === 1, tiers: tiers.filter((t) => t.productId === r.id) }]));
}

/** The union's figures the order is checked against, read in the same transaction as the order's writes. */
function unionPosition(connection: Connection, unionId: number, year: number) {
  const { start, end } = chinaYearBounds(year);
  const budget = connection.prepare(`SELECT "budgetFen","headcount","blockOverBudget" FROM "WelfareBudget" WHERE "orgId" = ? AND "year" = ?`).get(unionId, year) as
    | { budgetFen: number; headcount: number; blockOverBudget: number }
    | undefined;
  const p = connection.prepare(`SELECT "certifiedFen" FROM "ProcurementTotal" WHERE "orgId" = ? AND "year" = ?`).get(unionId, year) as { certifiedFen: number } | undefined;
  const live = `"unionId" = ? AND "createdAt" >= ? AND "createdAt" < ? AND "status" NOT IN ('REJECTED','CANCELLED')`;
  const committed = connection.prepare(`SELECT COALESCE(SUM("totalFen"), 0) AS "fen" FROM "Order" WHERE ${live}`).get(unionId, start.getTime(), end.getTime()) as { fen: number };
  const offPlatform = connection.prepare(`SELECT COALESCE(SUM("amountFen"), 0) AS "fen" FROM "OffPlatformSpending" WHERE "orgId" = ? AND "year" = ?`).get(unionId, year) as { fen: number };
  const festival = connection
    .prepare(`SELECT COALESCE(SUM("totalFen"), 0) AS "fen" FROM "Order" WHERE ${live} AND "occasion" IN (${FESTIVAL_OCCASIONS.map(() => "?").join(",")})`)
    .get(unionId, start.getTime(), end.getTime(), ...FESTIVAL_OCCASIONS) as { fen: number };
  return {
    budgetFen: budget?.budgetFen ?? null,
    headcount: budget?.headcount ?? null,
    blockOverBudget: budget?.blockOverBudget === 1,
    assistanceProcurementFen: p?.certifiedFen ?? 0,
    committedFen: committed.fen + offPlatform.fen,
    festivalSpentFen: festival.fen,
  };
}

function policy(connection: Connection, unionPath: string, year: number) {
  const ids = unionPath.split("/").filter(Boolean).map(Number);
  const row = connection
    .prepare(
      `SELECT wp."targetBasisPoints", wp."festivalCapPerMemberFen" FROM "WelfarePolicy" wp JOIN "Organization" o ON o."id" = wp."orgId"
       WHERE wp."orgId" IN (${ids.map(() => "?").join(",")}) AND wp."year" = ? AND o."kind" IN ('FEDERATION','PARTNER_GROUP') ORDER BY LENGTH(o."path") DESC LIMIT 1`,
    )
    .get(...ids, year) as { targetBasisPoints: number; festivalCapPerMemberFen: number } | undefined;
  return { targetBasisPoints: row?.targetBasisPoints ?? 3000, festivalCapPerMemberFen: row?.festivalCapPerMemberFen ?? 220000 };
}

/** Everything the order page shows before submitting, and everything submission checks. */
function evaluate(connection: Connection, buyer: Buyer, request: Pick<OrderRequest, "occasion" | "headcount" | "lines">) {
  const year = chinaYear(new Date());
  const products = orderableProducts(connection, [...new Set(request.lines.map((l) => l.productId))]);
  const built = buildLines(request.lines, products);
  const position = unionPosition(connection, buyer.org.id, year);
  const rules = policy(connection, buyer.org.path, year);
  const headcount = request.headcount ?? position.headcount ?? 1;
  const cap = festivalCapCheck({
    occasion: request.occasion, orderTotalFen: built.totalFen, orderHeadcount: headcount,
    festivalSpentThisYearFen: position.festivalSpentFen, unionHeadcount: position.headcount ?? headcount, capPerMemberFen: rules.festivalCapPerMemberFen,
  });
  const effect = orderEffect({
    budgetFen: position.budgetFen, assistanceProcurementFen: position.assistanceProcurementFen, committedFen: position.committedFen,
    orderTotalFen: built.totalFen, orderCertifiedFen: built.certifiedFen, targetBasisPoints: rules.targetBasisPoints,
  });
  return { ...built, cap, effect, blockOverBudget: position.blockOverBudget, targetBasisPoints: rules.targetBasisPoints };
}

export type OrderPreview = ReturnType<typeof previewOrder>;

export function previewOrder(buyer: Buyer, request: Pick<OrderRequest, "occasion" | "headcount" | "lines">) {
  const e = evaluate(sqlite, buyer, request);
  return {
    lines: e.lines.map((l) => ({
      productId: l.product.id, code: l.product.code, title: l.product.title, unit: l.product.unit, supplierName: l.product.supplierName,
      quantity: l.quantity, secondAddressQuantity: l.secondAddressQuantity, unitPriceFen: l.unitPriceFen, amountFen: l.amountFen, certified: l.certified,
    })),
    problems: e.problems.map((p) => ({ productId: p.productId, problem: p.problem, title: p.product?.title ?? null, minOrderQty: p.product?.minOrderQty ?? null, stock: p.product?.stock ?? null })),
    totalFen: e.totalFen,
    certifiedFen: e.certifiedFen,
    cap: e.cap,
    effect: e.effect,
    blockOverBudget: e.blockOverBudget,
    targetBasisPoints: e.targetBasisPoints,
  };
}

export type SubmitOutcome =
  | { kind: "created"; orderId: number; needsApproval: boolean }
  | { kind: "replayed"; orderId: number }
  | { kind: "tokenReused" }
  | { kind: "invalid"; preview: OrderPreview }
  | { kind: "insufficientStock"; titles: string[] }
  | { kind: "overCap" }
  | { kind: "overBudget" };

class RollBack extends Error {
  constructor(readonly outcome: SubmitOutcome) {
    super(outcome.kind);
  }
}

/** What the same order looks like however it was typed: the basis of "same token, same payload". */
export function payloadHash(request: Omit<OrderRequest, "token">): string {
  const lines = [...request.lines].sort((a, b) => a.productId - b.productId).map((l) => [l.productId, l.quantity, l.secondAddressQuantity ?? 0]);
  return crypto.createHash("sha256").update(JSON.stringify([request.occasion, request.headcount, lines, request.addresses, request.note])).digest("hex");
}

export async function submitOrder(buyer: Buyer, request: OrderRequest): Promise<SubmitOutcome> {
  // A deactivated (or merged) unit keeps its history but places no new orders.
  const unit = sqlite.prepare(`SELECT "deactivatedAt" FROM "Organization" WHERE "id" = ?`).get(buyer.org.id) as { deactivatedAt: number | null } | undefined;
  if (!unit || unit.deactivatedAt != null) throw new Response("Organisation deactivated", { status: 403 });
  const hash = payloadHash(request);
  try {
    return await writeSql((c) => {
      const existing = c.prepare(`SELECT "id","payloadHash" FROM "Order" WHERE "idempotencyKey" = ?`).get(`${buyer.org.id}:${request.token}`) as { id: number; payloadHash: string } | undefined;
      if (existing) return existing.payloadHash === hash ? { kind: "replayed", orderId: existing.id } : { kind: "tokenReused" };
      const e = evaluate(c, buyer, request);
      const stockShort = e.problems.filter((p) => p.problem === "notEnoughStock");
      if (stockShort.length) return { kind: "insufficientStock", titles: stockShort.map((p) => p.product?.title ?? String(p.productId)) };
      if (e.problems.length || !e.lines.length) return { kind: "invalid", preview: previewOrder(buyer, request) };
      if (e.cap.exceeds) return { kind: "overCap" };
      if (e.blockOverBudget && e.effect.overBudget) return { kind: "overBudget" };

      const now = Date.now();
      for (const l of e.lines) {
        const reserved = c.prepare(`UPDATE "Product" SET "stock" = "stock" - ? WHERE "id" = ? AND "active" = 1 AND "stock" >= ?`).run(l.quantity, l.product.id, l.quantity).changes;
        if (!reserved) throw new RollBack({ kind: "insufficientStock", titles: [l.product.title] });
      }
      const threshold = (c.prepare(`SELECT "approvalThresholdFen" FROM "Organization" WHERE "id" = ?`).get(buyer.org.id) as { approvalThresholdFen: number }).approvalThresholdFen;
      const needsApproval = e.totalFen > threshold;
      const orderId = Number(
        c.prepare(
          `INSERT INTO "Order" ("code","unionId","createdById","occasion","headcount","status","paymentStatus","totalFen","certifiedFen","idempotencyKey","payloadHash","note","createdAt")
           VALUES (?,?,?,?,?,?,'UNPAID',?,?,?,?,?,?)`,
        ).run(`TMP-${request.token}`, buyer.org.id, buyer.userId, request.occasion, request.headcount, needsApproval ? "PENDING_APPROVAL" : "PLACED", e.totalFen, e.certifiedFen, `${buyer.org.id}:${request.token}`, hash, request.note, now).lastInsertRowid,
      );
      c.prepare(`UPDATE "Order" SET "code" = ? WHERE "id" = ?`).run(`BF${chinaYear(new Date(now))}-${String(orderId).padStart(6, "0")}`, orderId);
      const addressIds = request.addresses.map((a, i) =>
        Number(c.prepare(`INSERT INTO "OrderAddress" ("orderId","label","recipient","phone","address") VALUES (?,?,?,?,?)`).run(orderId, i === 0 ? "收货地址 1" : "收货地址 2", a.recipient, a.phone, a.address).lastInsertRowid),
      );
      for (const supplierId of [...new Set(e.lines.map((l) => l.product.supplierId))]) {
        const own = e.lines.filter((l) => l.product.supplierId === supplierId);
        const subOrderId = Number(
          c.prepare(`INSERT INTO "SubOrder" ("orderId","supplierId","status","amountFen") VALUES (?,?,'PENDING',?)`).run(orderId, supplierId, own.reduce((s, l) => s + l.amountFen, 0)).lastInsertRowid,
        );
        for (const l of own) {
          const p = l.product;
          const lineId = Number(
            c.prepare(
              `INSERT INTO "OrderLine" ("orderId","subOrderId","productId","productCode","productTitle","unit","category","unitPriceFen","quantity","amountFen","certifiedOnOrderDate","certificateNumber","supplierId","supplierTradeRole","originCounty","originVillageId","originVillageName","householdsBenefited")
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
            ).run(orderId, subOrderId, p.id, p.code, p.title, p.unit, p.category, l.unitPriceFen, l.quantity, l.amountFen, l.certified ? 1 : 0, p.certificateNumber, p.supplierId, p.supplierTradeRole, p.originCounty, p.originVillageId, p.originVillageName, p.households).lastInsertRowid,
          );
          const second = addressIds.length > 1 ? l.secondAddressQuantity : 0;
          if (l.quantity - second > 0) c.prepare(`INSERT INTO "OrderLineAllocation" ("lineId","addressId","quantity") VALUES (?,?,?)`).run(lineId, addressIds[0], l.quantity - second);
          if (second > 0) c.prepare(`INSERT INTO "OrderLineAllocation" ("lineId","addressId","quantity") VALUES (?,?,?)`).run(lineId, addressIds[1], second);
        }
      }
      recordAudit(c, { actorId: buyer.userId, orgId: buyer.org.id, action: "order.submit", entityType: "Order", entityId: orderId, detail: { totalFen: e.totalFen, needsApproval } }, new Date(now));
      return { kind: "created", orderId, needsApproval };
    });
  } catch (error) {
    if (error instanceof RollBack) return error.outcome;
    throw error;
  }
}
