// Pricing, checking and submitting a bulk welfare order. Submission is ONE transaction (SQLite's serialized writer;
// on PostgreSQL READ COMMITTED behind a lock on the union's row): idempotency, the festival cap, the budget block, the
// stock reservation (conditional decrements) and every insert commit together or not at all
// (docs/decisions/0020-order-submission.md, 0200-async-data-layer.md).
import crypto from "node:crypto";
import { sql } from "kysely";
import { chinaDate, chinaYear } from "~/domain/china-time";
import { campaignCapCheck, expandPack } from "~/domain/campaign";
import { buildLines, festivalCapCheck, orderEffect, type OrderableProduct, type RequestedLine } from "~/domain/order-builder";
import { toFen } from "~/domain/money";
import { budgetLeftFen } from "~/domain/welfare-policy";
import { reader, transaction } from "~/utils/db.server";
import { all, first, listStandIns, listValues, lockRows, one, prepared, q, run, type Connection } from "~/utils/sql.server";
import { engine } from "~/utils/engine.server";
import { recordAudit } from "~/models/access/audit.server";
import { insertOrder } from "~/models/orders/order-insert.server";
import { campaignJoinedBy } from "~/models/campaigns/campaigns.server";
import { approvedPackItems } from "~/models/campaigns/gift-packs.server";
import { certificateNumberOnDaySql } from "~/models/rules-sql.server";
import { budgetPosition, governingPolicy } from "~/models/welfare/welfare.server";
import type { Actor } from "~/domain/actor";
import { noticeOrderSubmitted } from "~/models/orders/order-notices.server";
import { listingsWithOrigin } from "~/models/catalog/listing-source.server";

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
  /** Ready packs by count (packs per member × headcount); their lines join the order at the pack's prices. */
  packs?: Array<{ packId: number; count: number }>;
  addresses: [DeliveryAddress] | [DeliveryAddress, DeliveryAddress];
  note: string;
}

/** The buying union's user placing the order. */
export type Buyer = Pick<Actor, "userId" | "org">;

/** A listing as an order line needs it, with the certificate covering the order's China day (the shape). */
const orderableRows = prepared((p: Record<string, number>, shape: `${string}|${number}`) => {
  const [day, count] = shape.split("|");
  return listingsWithOrigin()
    .leftJoin("SupplierVillage as sv", (join) => join.onRef("sv.supplierId", "=", "p.supplierId").onRef("sv.villageId", "=", "p.originVillageId"))
    .select((eb) => [
      "p.id",
      "p.code",
      "p.title",
      "p.unit",
      "p.category",
      "p.priceFen",
      "p.minOrderQty",
      "p.stock",
      "p.active",
      "p.supplierId",
      "o.name as supplierName",
      "s.tradeRole as supplierTradeRole",
      eb.fn.coalesce("v.county", "s.county").as("originCounty"),
      "p.originVillageId",
      "v.name as originVillageName",
      eb.fn.coalesce("sv.householdsBenefited", sql.lit(0)).as("households"),
      sql.raw<string | null>(certificateNumberOnDaySql(`p."id"`, day, engine)).as("certificateNumber"),
    ])
    .where("p.id", "in", listStandIns(p, count));
});
const tierRows = prepared((p: Record<string, number>, count: string) =>
  q.selectFrom("ProductTierPrice").select(["productId", "minQty", "priceFen"]).where("productId", "in", listStandIns(p, count)),
);

async function orderableProducts(connection: Connection, ids: number[]): Promise<Map<number, OrderableProduct>> {
  if (!ids.length) return new Map();
  const rows = await all(connection, orderableRows(listValues(ids), `${chinaDate(new Date())}|${ids.length}`));
  const tiers = await all(connection, tierRows(listValues(ids), String(ids.length)));
  return new Map(rows.map((r) => [r.id, { ...r, active: r.active === 1, tiers: tiers.filter((t) => t.productId === r.id) }]));
}

const unionProcurement = prepared((p: { unionId: number; year: number }) =>
  q.selectFrom("ProcurementTotal").select("certifiedFen").where("orgId", "=", p.unionId).where("year", "=", p.year),
);

/** The union's P for the year, read in the same transaction as the order's writes. */
async function assistanceProcurementFen(connection: Connection, unionId: number, year: number): Promise<number> {
  const row = await first(connection, unionProcurement({ unionId, year }));
  return toFen(row?.certifiedFen ?? 0);
}

/** Everything the order page shows before submitting, and everything submission checks. */
async function evaluate(connection: Connection, buyer: Buyer, request: Pick<OrderRequest, "occasion" | "headcount" | "lines" | "packs">) {
  const now = new Date();
  const year = chinaYear(now);
  const requestedPacks = request.packs ?? [];
  const packs = await approvedPackItems(
    connection,
    requestedPacks.map((p) => p.packId),
  );
  const lines = [...request.lines, ...requestedPacks.flatMap((p) => (packs.has(p.packId) ? expandPack(p.packId, packs.get(p.packId)!.items, p.count) : []))];
  const products = await orderableProducts(connection, [...new Set(lines.map((l) => l.productId))]);
  const built = buildLines(lines, products);
  const unavailablePacks = requestedPacks.filter((p) => !packs.has(p.packId)).map((p) => p.packId);
  const position = await budgetPosition(buyer.org.id, year, connection);
  const rules = await governingPolicy(buyer.org.path, year, connection);
  const headcount = request.headcount ?? position.headcount ?? 1;
  const cap = festivalCapCheck({
    occasion: request.occasion,
    orderTotalFen: built.totalFen,
    orderHeadcount: headcount,
    festivalSpentThisYearFen: position.festivalSpentFen,
    unionHeadcount: position.headcount ?? headcount,
    capPerMemberFen: rules.festivalCapPerMemberFen,
  });
  const campaign = await campaignJoinedBy(connection, buyer.org, request.occasion, now);
  const campaignCap = campaign
    ? campaignCapCheck({
        spentInCampaignFen: campaign.spentInCampaignFen,
        unionHeadcount: position.headcount ?? headcount,
        orderTotalFen: built.totalFen,
        orderHeadcount: headcount,
        capPerMemberFen: campaign.capPerMemberFen,
        guidancePerMemberFen: campaign.guidancePerMemberFen,
      })
    : null;
  const effect = orderEffect({
    budgetFen: position.budgetFen,
    budgetLeftFen: budgetLeftFen(position),
    assistanceProcurementFen: await assistanceProcurementFen(connection, buyer.org.id, year),
    orderTotalFen: built.totalFen,
    orderCertifiedFen: built.certifiedFen,
    targetBasisPoints: rules.targetBasisPoints,
  });
  const packSummaries = requestedPacks
    .filter((p) => packs.has(p.packId))
    .map((p) => ({ packId: p.packId, code: packs.get(p.packId)!.code, name: packs.get(p.packId)!.name, count: p.count }));
  return {
    ...built,
    cap,
    effect,
    blockOverBudget: position.blockOverBudget,
    targetBasisPoints: rules.targetBasisPoints,
    campaign,
    campaignCap,
    unavailablePacks,
    packSummaries,
  };
}

export type OrderPreview = Awaited<ReturnType<typeof previewOrder>>;

export async function previewOrder(buyer: Buyer, request: Pick<OrderRequest, "occasion" | "headcount" | "lines" | "packs">) {
  const e = await evaluate(reader, buyer, request);
  return {
    lines: e.lines.map((l) => ({
      productId: l.product.id,
      code: l.product.code,
      title: l.product.title,
      unit: l.product.unit,
      supplierName: l.product.supplierName,
      quantity: l.quantity,
      secondAddressQuantity: l.secondAddressQuantity,
      unitPriceFen: l.unitPriceFen,
      amountFen: l.amountFen,
      certified: l.certified,
      packId: l.packId,
    })),
    packs: e.packSummaries,
    unavailablePacks: e.unavailablePacks,
    campaign: e.campaign ? { id: e.campaign.id, name: e.campaign.name } : null,
    campaignCap: e.campaignCap,
    problems: e.problems.map((p) => ({
      productId: p.productId,
      problem: p.problem,
      title: p.product?.title ?? null,
      minOrderQty: p.product?.minOrderQty ?? null,
      stock: p.product?.stock ?? null,
    })),
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
  | { kind: "overCampaignCap" }
  | { kind: "overBudget" };

class RollBack extends Error {
  constructor(readonly outcome: SubmitOutcome) {
    super(outcome.kind);
  }
}

/** What the same order looks like however it was typed: the basis of "same token, same payload". */
export function payloadHash(request: Omit<OrderRequest, "token">): string {
  const lines = [...request.lines].sort((a, b) => a.productId - b.productId).map((l) => [l.productId, l.quantity, l.secondAddressQuantity ?? 0]);
  const packs = [...(request.packs ?? [])].sort((a, b) => a.packId - b.packId).map((p) => [p.packId, p.count]);
  return crypto
    .createHash("sha256")
    .update(JSON.stringify([request.occasion, request.headcount, lines, request.addresses, request.note, ...(packs.length ? [packs] : [])]))
    .digest("hex");
}

const unitState = prepared((p: { orgId: number }) => q.selectFrom("Organization").select(["deactivatedAt", "approvalThresholdFen"]).where("id", "=", p.orgId));
/** The stock reservation: a conditional decrement, so two submissions can never both take the last units. */
const reserveStock = prepared((p: { productId: number; quantity: number }) =>
  q
    .updateTable("Product")
    .set((eb) => ({ stock: eb("stock", "-", p.quantity) }))
    .where("id", "=", p.productId)
    .where("active", "=", 1)
    .where("stock", ">=", p.quantity),
);
const orderByToken = prepared((p: { key: string }) => q.selectFrom("Order").select(["id", "payloadHash"]).where("idempotencyKey", "=", p.key));

export async function submitOrder(buyer: Buyer, request: OrderRequest): Promise<SubmitOutcome> {
  // A deactivated (or merged) unit keeps its history but places no new orders.
  const unit = await first(reader, unitState({ orgId: buyer.org.id }));
  if (!unit || unit.deactivatedAt != null) throw new Response("Organisation deactivated", { status: 403 });
  const hash = payloadHash(request);
  try {
    return await transaction(
      async (c) => {
        // Every order of this union waits here for the one before it (PostgreSQL; SQLite's writer is serialized): the
        // token, the budget block, the festival cap and the union-year totals are then read after the last order
        // committed, so READ COMMITTED keeps them right. Stock needs no lock: its update is conditional.
        await lockRows(c, "Organization", [buyer.org.id]);
        const existing = await first(c, orderByToken({ key: `${buyer.org.id}:${request.token}` }));
        if (existing) return existing.payloadHash === hash ? { kind: "replayed", orderId: existing.id } : { kind: "tokenReused" };
        const e = await evaluate(c, buyer, request);
        const stockShort = e.problems.filter((p) => p.problem === "notEnoughStock");
        if (stockShort.length) return { kind: "insufficientStock", titles: stockShort.map((p) => p.product?.title ?? String(p.productId)) };
        if (e.problems.length || e.unavailablePacks.length || !e.lines.length) return { kind: "invalid", preview: await previewOrder(buyer, request) };
        if (e.cap.exceeds) return { kind: "overCap" };
        if (e.campaignCap?.exceeds) return { kind: "overCampaignCap" };
        if (e.blockOverBudget && e.effect.overBudget) return { kind: "overBudget" };

        const now = Date.now();
        for (const l of e.lines) {
          const reserved = (await run(c, reserveStock({ productId: l.product.id, quantity: l.quantity }))).changes;
          if (!reserved) throw new RollBack({ kind: "insufficientStock", titles: [l.product.title] });
        }
        const threshold = (await one(c, unitState({ orgId: buyer.org.id }))).approvalThresholdFen;
        const needsApproval = e.totalFen > threshold;
        const { orderId } = await insertOrder(c, {
          unionId: buyer.org.id,
          createdById: buyer.userId,
          occasion: request.occasion,
          headcount: request.headcount,
          status: needsApproval ? "PENDING_APPROVAL" : "PLACED",
          paymentStatus: "UNPAID",
          idempotencyKey: `${buyer.org.id}:${request.token}`,
          payloadHash: hash,
          note: request.note,
          createdAt: now,
          campaignId: e.campaign?.id ?? null,
          addresses: request.addresses.map((a, i) => ({ label: i === 0 ? "收货地址 1" : "收货地址 2", ...a })),
          lines: e.lines.map((l) => {
            const p = l.product;
            const second = request.addresses.length > 1 ? l.secondAddressQuantity : 0;
            return {
              productId: p.id,
              productCode: p.code,
              productTitle: p.title,
              unit: p.unit,
              category: p.category,
              unitPriceFen: l.unitPriceFen,
              quantity: l.quantity,
              amountFen: l.amountFen,
              certifiedOnOrderDate: l.certified,
              certificateNumber: p.certificateNumber,
              supplierId: p.supplierId,
              supplierTradeRole: p.supplierTradeRole,
              originCounty: p.originCounty,
              originVillageId: p.originVillageId,
              originVillageName: p.originVillageName,
              householdsBenefited: p.households,
              giftPackId: l.packId,
              perAddress: [l.quantity - second, second],
            };
          }),
        });
        await recordAudit(
          c,
          {
            actorId: buyer.userId,
            orgId: buyer.org.id,
            action: "order.submit",
            entityType: "Order",
            entityId: orderId,
            detail: { totalFen: e.totalFen, needsApproval, campaignId: e.campaign?.id ?? null, packs: e.packSummaries },
          },
          new Date(now),
        );
        await noticeOrderSubmitted(c, orderId);
        return { kind: "created", orderId, needsApproval };
      },
      { isolation: "read committed" },
    );
  } catch (error) {
    if (error instanceof RollBack) return error.outcome;
    throw error;
  }
}

/**
 * What approving each waiting order does to its union's figures, for the chair before deciding: budget left and the
 * 30% share before → after. Each order is already among the live orders, so "before" leaves it out. The union's
 * position, policy and P are read once for all of them.
 */
export async function withPendingOrderEffects<O extends { totalFen: number; certifiedFen: number }>(union: { id: number; path: string }, orders: O[]) {
  if (!orders.length) return [];
  const year = chinaYear(new Date());
  const position = await budgetPosition(union.id, year);
  const rules = await governingPolicy(union.path, year);
  const assistance = await assistanceProcurementFen(reader, union.id, year);
  const left = budgetLeftFen(position);
  return orders.map((order) => ({
    ...order,
    effect: orderEffect({
      budgetFen: position.budgetFen,
      budgetLeftFen: left == null ? null : left + order.totalFen,
      assistanceProcurementFen: assistance,
      orderTotalFen: order.totalFen,
      orderCertifiedFen: order.certifiedFen,
      targetBasisPoints: rules.targetBasisPoints,
    }),
  }));
}
