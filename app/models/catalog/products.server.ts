// Listings: the public product page, and a cooperative's own listings (every write scoped to its supplier id).
import { db, reader, transaction } from "~/utils/db.server";
import { all, first, instant, one, q, run, type Connection } from "~/utils/sql.server";
import { certificateState, validCertificateAt } from "~/domain/certification";
import {
  canPutBackOnSale,
  canWithdraw,
  isBelowMinimumOrder,
  isListingState,
  reviewTriggerForEdit,
  reviewTriggerForNew,
  stateAfterEdit,
  type ListingState,
  type ReviewTrigger,
} from "~/domain/listing-review";
import { recordAudit } from "~/models/access/audit.server";
import { indexProduct } from "~/models/catalog/product-search-index.server";
import type { SupplierActor } from "~/domain/actor";
import { ratingAverage } from "~/domain/order-state";
import { listingsWithOrigin } from "~/models/catalog/listing-source.server";

function present(product: NonNullable<Awaited<ReturnType<typeof findDetail>>>, now: Date) {
  const valid = validCertificateAt(product.certificates, now);
  const latest = valid ?? product.certificates[0] ?? null;
  return {
    id: product.id,
    code: product.code,
    title: product.title,
    description: product.description,
    category: product.category,
    unit: product.unit,
    priceFen: product.priceFen,
    marketPriceFen: product.marketPriceFen,
    stock: product.stock,
    minOrderQty: product.minOrderQty,
    leadTimeDays: product.leadTimeDays,
    shelfLifeDays: product.shelfLifeDays,
    active: product.active,
    listingState: isListingState(product.listingState) ? product.listingState : "WITHDRAWN",
    stateReason: product.stateReason,
    listingReviewNote: product.reviewNote,
    lowStockThreshold: product.lowStockThreshold,
    belowMinimumOrder: isBelowMinimumOrder(product),
    supplier: {
      id: product.supplierId,
      name: product.supplierName,
      kind: product.supplierKind,
      tradeRole: product.tradeRole,
      ratingAverage: ratingAverage(product),
      ratingCount: product.ratingCount,
    },
    village:
      product.originVillageId != null && product.villageName != null
        ? {
            id: product.originVillageId,
            name: product.villageName,
            township: product.township ?? "",
            county: product.villageCounty ?? "",
            households: product.households,
          }
        : null,
    tiers: product.tierPrices.map((t) => ({ minQty: t.minQty, priceFen: t.priceFen })),
    photos: product.photos.map((p) => p.fileName),
    countsTowardTarget: valid != null,
    certificate: latest
      ? {
          id: latest.id,
          number: latest.number,
          level: latest.level,
          issuer: latest.issuer,
          validFrom: latest.validFrom.toISOString(),
          validTo: latest.validTo.toISOString(),
          state: certificateState(latest, now),
          reviewNote: latest.reviewNote,
          hasDocument: latest.documentFile != null,
        }
      : null,
  };
}

interface CertificateRow {
  id: number;
  number: string;
  level: string;
  issuer: string;
  validFrom: Date;
  validTo: Date;
  status: string;
  reviewNote: string | null;
  documentFile: string | null;
}

/**
 * A listing with everything its page shows, in five indexed raw reads (the product page is a hot path: the ORM's
 * nested include cost more than rendering the page — docs/performance.md).
 */
async function findDetail(where: { id: number; supplierId?: number }) {
  let query = listingsWithOrigin()
    .select((eb) => [
      "p.id",
      "p.code",
      "p.title",
      "p.description",
      "p.category",
      "p.unit",
      "p.priceFen",
      "p.marketPriceFen",
      "p.stock",
      "p.minOrderQty",
      "p.leadTimeDays",
      "p.shelfLifeDays",
      "p.originVillageId",
      "p.active",
      "p.supplierId",
      "p.listingState",
      "p.stateReason",
      "p.reviewNote",
      "p.lowStockThreshold",
      "s.orgId as supplierOrgId",
      "s.kind as supplierKind",
      "s.tradeRole",
      "s.ratingSum",
      "s.ratingCount",
      "o.name as supplierName",
      "v.name as villageName",
      "v.township",
      "v.county as villageCounty",
      eb
        .selectFrom("SupplierVillage as sv")
        .select("sv.householdsBenefited")
        .whereRef("sv.supplierId", "=", "p.supplierId")
        .whereRef("sv.villageId", "=", "p.originVillageId")
        .as("households"),
    ])
    .where("p.id", "=", where.id);
  if (where.supplierId != null) query = query.where("p.supplierId", "=", where.supplierId);
  const product = await first(reader, query);
  if (!product) return null;
  const tierPrices = await all(reader, q.selectFrom("ProductTierPrice").select(["minQty", "priceFen"]).where("productId", "=", product.id).orderBy("minQty"));
  const photos = await all(reader, q.selectFrom("ProductPhoto").select("fileName").where("productId", "=", product.id).orderBy("position").orderBy("id"));
  const certificates = (
    await all(
      reader,
      q
        .selectFrom("Certificate")
        .select(["id", "number", "level", "issuer", "validFrom", "validTo", "status", "reviewNote", "documentFile"])
        .where("productId", "=", product.id)
        .orderBy("validTo", "desc"),
    )
  ).map((c): CertificateRow => ({ ...c, validFrom: new Date(c.validFrom), validTo: new Date(c.validTo) }));
  return { ...product, active: product.active === 1, tierPrices, photos, certificates };
}

/** The product page: buyers see only live listings; the owning supplier also its listings that are not (marked so). */
export async function getProductPageFor(id: number, viewerOrgId: number | null) {
  const product = await findDetail({ id });
  if (!product) return null;
  const visible = product.active || (viewerOrgId != null && product.supplierOrgId === viewerOrgId);
  if (!visible) return null;
  const shown = present(product, new Date());
  // After-sales record beside the rating, so buyers see both (complaints per supplier, any outcome).
  const complaintCount = await db.complaint.count({ where: { supplierId: product.supplierId } });
  return { ...shown, supplier: { ...shown.supplier, complaintCount } };
}

/** A listing as its own supplier sees it (inactive included); null for anyone else's listing. */
export async function getOwnProduct(supplierId: number, id: number) {
  const product = await findDetail({ id, supplierId });
  return product ? present(product, new Date()) : null;
}

export async function listOwnProducts(supplierId: number) {
  const now = new Date();
  const rows = await db.product.findMany({
    where: { supplierId },
    orderBy: [{ active: "desc" }, { id: "desc" }],
    include: { certificates: true },
  });
  return rows.map((p) => ({
    id: p.id,
    code: p.code,
    title: p.title,
    category: p.category,
    unit: p.unit,
    priceFen: p.priceFen,
    stock: p.stock,
    active: p.active,
    listingState: p.listingState,
    minOrderQty: p.minOrderQty,
    lowStockThreshold: p.lowStockThreshold,
    countsTowardTarget: validCertificateAt(p.certificates, now) != null,
    certificateState: p.certificates[0] ? certificateState(p.certificates[0], now) : null,
  }));
}

export interface ListingInput {
  title: string;
  description: string;
  category: string;
  unit: string;
  priceFen: number;
  marketPriceFen: number | null;
  minOrderQty: number;
  leadTimeDays: number;
  shelfLifeDays: number | null;
  originVillageId: number | null;
  lowStockThreshold: number | null;
  tiers: Array<{ minQty: number; priceFen: number }>;
}

/** The fields a save compares and audits, in the order they are shown ("tiers" stands for the bulk prices). */
export const LISTING_CHANGE_FIELDS = [
  "title",
  "description",
  "category",
  "unit",
  "priceFen",
  "marketPriceFen",
  "minOrderQty",
  "leadTimeDays",
  "shelfLifeDays",
  "originVillageId",
  "lowStockThreshold",
  "tiers",
] as const;
export type ListingChangeField = (typeof LISTING_CHANGE_FIELDS)[number];

/** The columns a supplier writes, from the form's values (the tiers are rows of their own). */
const listingColumns = (l: ListingInput) => ({
  title: l.title,
  description: l.description,
  category: l.category,
  unit: l.unit,
  priceFen: l.priceFen,
  marketPriceFen: l.marketPriceFen,
  minOrderQty: l.minOrderQty,
  leadTimeDays: l.leadTimeDays,
  shelfLifeDays: l.shelfLifeDays,
  originVillageId: l.originVillageId,
  lowStockThreshold: l.lowStockThreshold,
});

/** Villages a supplier serves: a listing's origin must be one of them. */
export async function supplierVillages(supplierId: number) {
  const rows = await db.supplierVillage.findMany({ where: { supplierId }, include: { village: true } });
  return rows.map((r) => ({ id: r.villageId, name: `${r.village.county}${r.village.township}${r.village.name}`, shortName: r.village.name }));
}

async function servesVillage(c: Connection, supplierId: number, villageId: number | null): Promise<boolean> {
  return (
    villageId == null ||
    (await first(c, q.selectFrom("SupplierVillage").select("villageId").where("supplierId", "=", supplierId).where("villageId", "=", villageId))) != null
  );
}

/** Listings of the supplier that passed review once (live now or withdrawn by the supplier). */
async function approvedListingCount(c: Connection, supplierId: number): Promise<number> {
  const row = await first(
    c,
    q
      .selectFrom("Product")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("supplierId", "=", supplierId)
      .where("listingState", "in", ["LIVE", "WITHDRAWN"]),
  );
  return row?.n ?? 0;
}

async function setState(c: Connection, productId: number, state: ListingState, reason: string | null, now: number) {
  await run(
    c,
    q
      .updateTable("Product")
      .set({ listingState: state, active: state === "LIVE" ? 1 : 0, stateReason: reason, reviewNote: null, stateChangedAt: instant(now) })
      .where("id", "=", productId),
  );
}

/** A listing's quantity price tiers, one row each (in the order given, as before). */
async function insertTiers(c: Connection, productId: number, tiers: ListingInput["tiers"]) {
  for (const tier of tiers) await run(c, q.insertInto("ProductTierPrice").values({ productId, minQty: tier.minQty, priceFen: tier.priceFen }));
}

export type CreateOutcome = { outcome: "created"; ids: number[]; pendingReview: number } | { outcome: "villageNotServed"; index: number };

/**
 * Inserts listings in one transaction (the form: one; an import: many). A supplier's first listings wait for review
 * (docs/decisions/0110-listing-review.md). Welfare eligibility is checked by the caller's schema, with the same rules.
 */
export async function createListingsOn(c: Connection, actor: SupplierActor, listings: Array<ListingInput & { stock: number }>): Promise<CreateOutcome> {
  const now = Date.now();
  const ids: number[] = [];
  let pendingReview = 0;
  for (const [index, l] of listings.entries())
    if (!(await servesVillage(c, actor.supplierId, l.originVillageId))) return { outcome: "villageNotServed", index };
  for (const listing of listings) {
    const trigger = reviewTriggerForNew(await approvedListingCount(c, actor.supplierId));
    const state: ListingState = trigger ? "PENDING_REVIEW" : "LIVE";
    const { id } = await one(
      c,
      q
        .insertInto("Product")
        .values({
          supplierId: actor.supplierId,
          code: `TMP-${now}-${ids.length}`,
          ...listingColumns(listing),
          stock: listing.stock,
          active: state === "LIVE" ? 1 : 0,
          listingState: state,
          stateReason: trigger,
          stateChangedAt: instant(now),
          createdAt: instant(now),
          updatedAt: instant(now),
        })
        .returning("id"),
    );
    await run(
      c,
      q
        .updateTable("Product")
        .set({ code: `P${String(id).padStart(5, "0")}` })
        .where("id", "=", id),
    );
    await insertTiers(c, id, listing.tiers);
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "product.create",
      entityType: "Product",
      entityId: id,
      detail: { before: null, after: { ...listing, listingState: state, stateReason: trigger } },
    });
    await indexProduct(c, id);
    if (trigger) pendingReview++;
    ids.push(id);
  }
  return { outcome: "created", ids, pendingReview };
}

export function createListings(actor: SupplierActor, listings: Array<ListingInput & { stock: number }>) {
  return transaction(async (c) => createListingsOn(c, actor, listings));
}

async function currentListing(c: Connection, productId: number, supplierId: number) {
  const row = await first(
    c,
    q
      .selectFrom("Product")
      .select([
        "title",
        "description",
        "category",
        "unit",
        "priceFen",
        "marketPriceFen",
        "minOrderQty",
        "leadTimeDays",
        "shelfLifeDays",
        "originVillageId",
        "lowStockThreshold",
        "listingState",
        "stock",
      ])
      .where("id", "=", productId)
      .where("supplierId", "=", supplierId),
  );
  if (!row) return null;
  const tiers = await all(c, q.selectFrom("ProductTierPrice").select(["minQty", "priceFen"]).where("productId", "=", productId).orderBy("minQty"));
  return { ...row, tiers };
}

/** Which fields differ between the stored listing and the submitted one. */
export function changedListingFields(before: ListingInput, after: ListingInput): ListingChangeField[] {
  const sortTiers = (t: ListingInput["tiers"]) => JSON.stringify([...t].sort((a, b) => a.minQty - b.minQty));
  return LISTING_CHANGE_FIELDS.filter((f) => (f === "tiers" ? sortTiers(before.tiers) !== sortTiers(after.tiers) : before[f] !== after[f]));
}

export type UpdateOutcome =
  | { outcome: "saved"; changed: ListingChangeField[]; listingState: ListingState; trigger: ReviewTrigger | null }
  | { outcome: "notFound" }
  | { outcome: "villageNotServed" };

/**
 * Saves an edit of this supplier's listing: the village must be one it serves; a category change or a price rise
 * above 20% sends the listing to review. Audited with before and after (changed fields only). Stock is not part
 * of an edit: it changes through adjustments with a reason.
 */
export async function updateListingOn(c: Connection, actor: SupplierActor, productId: number, listing: ListingInput): Promise<UpdateOutcome> {
  const stored = await currentListing(c, productId, actor.supplierId);
  if (!stored) return { outcome: "notFound" };
  if (!(await servesVillage(c, actor.supplierId, listing.originVillageId))) return { outcome: "villageNotServed" };
  const { listingState: rawState, stock: _stock, ...beforeFields } = stored;
  const before: ListingInput = beforeFields;
  const current: ListingState = isListingState(rawState) ? rawState : "WITHDRAWN";
  const changed = changedListingFields(before, listing);
  if (changed.length === 0) return { outcome: "saved", changed, listingState: current, trigger: null };
  const trigger = reviewTriggerForEdit(before, listing);
  const next = stateAfterEdit(current, trigger);
  const now = Date.now();
  await run(
    c,
    q
      .updateTable("Product")
      .set({ ...listingColumns(listing), updatedAt: instant(now) })
      .where("id", "=", productId),
  );
  if (changed.includes("tiers")) {
    await run(c, q.deleteFrom("ProductTierPrice").where("productId", "=", productId));
    await insertTiers(c, productId, listing.tiers);
  }
  if (next !== current || trigger) await setState(c, productId, next, trigger ?? (next === "PENDING_REVIEW" ? "RESUBMITTED" : null), now);
  const pick = (l: ListingInput) => Object.fromEntries(changed.map((f) => [f, l[f]]));
  await recordAudit(c, {
    actorId: actor.userId,
    orgId: actor.org.id,
    action: "product.update",
    entityType: "Product",
    entityId: productId,
    detail: { before: { ...pick(before), listingState: current }, after: { ...pick(listing), listingState: next }, trigger },
  });
  await indexProduct(c, productId);
  return { outcome: "saved", changed, listingState: next, trigger };
}

export function updateListing(actor: SupplierActor, productId: number, listing: ListingInput) {
  return transaction(async (c) => updateListingOn(c, actor, productId, listing));
}

export type ActiveOutcome = "ok" | "notFound" | "notAllowed";

/** The supplier withdraws a live listing or puts a withdrawn one back on sale; other states are decided elsewhere. */
export function setListingActive(actor: SupplierActor, productId: number, active: boolean): Promise<ActiveOutcome> {
  return transaction(async (c) => {
    const row = await first(c, q.selectFrom("Product").select("listingState").where("id", "=", productId).where("supplierId", "=", actor.supplierId));
    if (!row || !isListingState(row.listingState)) return "notFound";
    if (active ? !canPutBackOnSale(row.listingState) : !canWithdraw(row.listingState)) return "notAllowed";
    // A suspended supplier cannot put listings back on sale (org-admin.server.ts, setSupplierSuspended).
    if (active && (await first(c, q.selectFrom("Supplier").select("id").where("id", "=", actor.supplierId).where("suspendedAt", "is not", null))))
      return "notAllowed";
    const next: ListingState = active ? "LIVE" : "WITHDRAWN";
    await setState(c, productId, next, null, Date.now());
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: active ? "product.activate" : "product.deactivate",
      entityType: "Product",
      entityId: productId,
      detail: { before: { listingState: row.listingState }, after: { listingState: next } },
    });
    return "ok";
  });
}

export type StockAdjustmentResult = "ok" | "notFound" | "wouldGoNegative";

/** Adds (or removes) stock with a reason; never below zero. Audited. */
export function adjustStock(actor: SupplierActor, productId: number, delta: number, reason: string): Promise<StockAdjustmentResult> {
  return transaction(async (c) => adjustStockOn(c, actor, productId, delta, reason));
}

export async function adjustStockOn(c: Connection, actor: SupplierActor, productId: number, delta: number, reason: string): Promise<StockAdjustmentResult> {
  const owned = await first(c, q.selectFrom("Product").select("stock").where("id", "=", productId).where("supplierId", "=", actor.supplierId));
  if (!owned) return "notFound";
  const changed = (
    await run(
      c,
      q
        .updateTable("Product")
        .set((eb) => ({ stock: eb("stock", "+", delta), updatedAt: instant(Date.now()) }))
        .where("id", "=", productId)
        .where((eb) => eb(eb("stock", "+", delta), ">=", 0)),
    )
  ).changes;
  if (!changed) return "wouldGoNegative";
  await run(c, q.insertInto("StockAdjustment").values({ productId, delta, reason, userId: actor.userId, createdAt: instant(Date.now()) }));
  await recordAudit(c, {
    actorId: actor.userId,
    orgId: actor.org.id,
    action: "product.stockAdjust",
    entityType: "Product",
    entityId: productId,
    detail: { delta, reason, before: { stock: owned.stock }, after: { stock: owned.stock + delta } },
  });
  return "ok";
}

/** The stock history of one of this supplier's listings: every adjustment with its reason, who and when. */
export async function stockHistory(supplierId: number, productId: number, take = 50) {
  const rows = await db.stockAdjustment.findMany({
    where: { productId, product: { supplierId } },
    orderBy: { id: "desc" },
    take,
  });
  const userIds = [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))];
  const users = await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } });
  const names = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => ({ id: r.id, delta: r.delta, reason: r.reason, by: r.userId ? (names.get(r.userId) ?? "—") : "—", at: r.createdAt.toISOString() }));
}

export function addPhoto(actor: Pick<SupplierActor, "supplierId">, productId: number, fileName: string, contentType: string) {
  return transaction(async (c) => {
    const owned = await first(c, q.selectFrom("Product").select("id").where("id", "=", productId).where("supplierId", "=", actor.supplierId));
    if (!owned) return false;
    await run(
      c,
      q.insertInto("ProductPhoto").values((eb) => ({
        productId,
        fileName,
        contentType,
        // The next position: as many photos as the listing has.
        position: eb
          .selectFrom("ProductPhoto")
          .select((s) => s.fn.countAll<number>().as("n"))
          .where("productId", "=", productId),
      })),
    );
    return true;
  });
}

export function submitCertificate(
  actor: SupplierActor,
  productId: number,
  certificate: { number: string; level: string; issuer: string; validFrom: Date; validTo: Date; documentFile: string | null; documentType: string | null },
) {
  return transaction(async (c) => {
    const owned = await first(c, q.selectFrom("Product").select("id").where("id", "=", productId).where("supplierId", "=", actor.supplierId));
    if (!owned) return false;
    const { id } = await one(
      c,
      q
        .insertInto("Certificate")
        .values({
          productId,
          number: certificate.number,
          level: certificate.level,
          issuer: certificate.issuer,
          validFrom: instant(certificate.validFrom.getTime()),
          validTo: instant(certificate.validTo.getTime()),
          status: "SUBMITTED",
          documentFile: certificate.documentFile,
          documentType: certificate.documentType,
          submittedAt: instant(Date.now()),
        })
        .returning("id"),
    );
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "certificate.submit",
      entityType: "Certificate",
      entityId: id,
      detail: { productId, number: certificate.number },
    });
    return true;
  });
}

/** Product ids for codes typed in a spreadsheet (order-line CSV). */
export function productIdsByCode(codes: string[]) {
  return db.product.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } });
}

/**
 * Suggestions for the order form's product-code fields: a bounded list (certified and best-rated first), so the
 * page stays small whatever the catalog's size; any active product's code is accepted.
 */
export async function orderableProductOptions(limit = 300) {
  const rows = await db.product.findMany({
    where: { active: true },
    orderBy: [{ supplier: { ratingCount: "desc" } }, { id: "asc" }],
    take: limit,
    select: { code: true, title: true, unit: true, supplier: { select: { org: { select: { name: true } } } } },
  });
  return rows.map((p) => ({ code: p.code, label: `${p.title} · ${p.supplier.org.name}` }));
}

/** The code of a product, for prefilling the order form from a product page. */
export async function productCodeOf(id: number) {
  return (await db.product.findFirst({ where: { id, active: true }, select: { code: true } }))?.code ?? null;
}
