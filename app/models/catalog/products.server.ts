// Listings: the public product page, and a cooperative's own listings (every write scoped to its supplier id).
import { db, sqlite, writeSql } from "~/utils/db.server";
import { certificateState, validCertificateAt } from "~/domain/certification";
import { recordAudit } from "~/models/access/audit.server";
import { indexProduct } from "~/models/catalog/product-search-index.server";
import type { SupplierActor } from "~/domain/actor";

function present(product: NonNullable<ReturnType<typeof findDetail>>, now: Date) {
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
    supplier: {
      id: product.supplierId,
      name: product.supplierName,
      kind: product.supplierKind,
      tradeRole: product.tradeRole,
      ratingAverage: product.ratingCount ? product.ratingSum / product.ratingCount : null,
      ratingCount: product.ratingCount,
    },
    village:
      product.originVillageId != null && product.villageName != null
        ? { id: product.originVillageId, name: product.villageName, township: product.township ?? "", county: product.villageCounty ?? "", households: product.households }
        : null,
    tiers: product.tierPrices.map((t) => ({ minQty: t.minQty, priceFen: t.priceFen })),
    photos: product.photos.map((p) => p.fileName),
    countsTowardTarget: valid != null,
    certificate: latest
      ? { id: latest.id, number: latest.number, level: latest.level, issuer: latest.issuer, validFrom: latest.validFrom.toISOString(), validTo: latest.validTo.toISOString(), state: certificateState(latest, now), reviewNote: latest.reviewNote, hasDocument: latest.documentFile != null }
      : null,
  };
}

interface CertificateRow { id: number; number: string; level: string; issuer: string; validFrom: Date; validTo: Date; status: string; reviewNote: string | null; documentFile: string | null }

/**
 * A listing with everything its page shows, in five indexed raw reads (the product page is a hot path: the ORM's
 * nested include cost more than rendering the page — docs/performance.md).
 */
function findDetail(where: { id: number; supplierId?: number }) {
  const product = sqlite
    .prepare(
      `SELECT p."id", p."code", p."title", p."description", p."category", p."unit", p."priceFen", p."marketPriceFen", p."stock", p."minOrderQty",
              p."leadTimeDays", p."shelfLifeDays", p."originVillageId", p."active", p."supplierId",
              s."kind" AS "supplierKind", s."tradeRole", s."ratingSum", s."ratingCount", o."name" AS "supplierName",
              v."name" AS "villageName", v."township", v."county" AS "villageCounty",
              (SELECT sv."householdsBenefited" FROM "SupplierVillage" sv WHERE sv."supplierId" = p."supplierId" AND sv."villageId" = p."originVillageId") AS "households"
       FROM "Product" p JOIN "Supplier" s ON s."id" = p."supplierId" JOIN "Organization" o ON o."id" = s."orgId"
       LEFT JOIN "Village" v ON v."id" = p."originVillageId"
       WHERE p."id" = ? AND (? IS NULL OR p."supplierId" = ?)`,
    )
    .get(where.id, where.supplierId ?? null, where.supplierId ?? null) as
    | {
        id: number; code: string; title: string; description: string; category: string; unit: string; priceFen: number; marketPriceFen: number | null;
        stock: number; minOrderQty: number; leadTimeDays: number; shelfLifeDays: number | null; originVillageId: number | null; active: number; supplierId: number;
        supplierKind: string; tradeRole: string; ratingSum: number; ratingCount: number; supplierName: string;
        villageName: string | null; township: string | null; villageCounty: string | null; households: number | null;
      }
    | undefined;
  if (!product) return null;
  const tierPrices = sqlite.prepare(`SELECT "minQty","priceFen" FROM "ProductTierPrice" WHERE "productId" = ? ORDER BY "minQty"`).all(product.id) as Array<{ minQty: number; priceFen: number }>;
  const photos = sqlite.prepare(`SELECT "fileName" FROM "ProductPhoto" WHERE "productId" = ? ORDER BY "position", "id"`).all(product.id) as Array<{ fileName: string }>;
  const certificates = (
    sqlite
      .prepare(`SELECT "id","number","level","issuer","validFrom","validTo","status","reviewNote","documentFile" FROM "Certificate" WHERE "productId" = ? ORDER BY "validTo" DESC`)
      .all(product.id) as Array<Omit<CertificateRow, "validFrom" | "validTo"> & { validFrom: number; validTo: number }>
  ).map((c): CertificateRow => ({ ...c, validFrom: new Date(c.validFrom), validTo: new Date(c.validTo) }));
  return { ...product, active: product.active === 1, tierPrices, photos, certificates };
}

/** A listing as the public sees it: inactive listings do not exist for them. */
export async function getPublicProduct(id: number) {
  const product = findDetail({ id });
  if (!product || !product.active) return null;
  const shown = present(product, new Date());
  // After-sales record beside the rating, so buyers see both (complaints per supplier, any outcome).
  const complaintCount = await db.complaint.count({ where: { supplierId: product.supplierId } });
  return { ...shown, supplier: { ...shown.supplier, complaintCount } };
}

/** A listing as its own supplier sees it (inactive included); null for anyone else's listing. */
export async function getOwnProduct(supplierId: number, id: number) {
  const product = findDetail({ id, supplierId });
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
    id: p.id, code: p.code, title: p.title, category: p.category, unit: p.unit, priceFen: p.priceFen, stock: p.stock, active: p.active,
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
  tiers: Array<{ minQty: number; priceFen: number }>;
}

const LISTING_COLUMNS = `"title","description","category","unit","priceFen","marketPriceFen","minOrderQty","leadTimeDays","shelfLifeDays","originVillageId"`;
const listingValues = (l: ListingInput) => [l.title, l.description, l.category, l.unit, l.priceFen, l.marketPriceFen, l.minOrderQty, l.leadTimeDays, l.shelfLifeDays, l.originVillageId];

/** Villages a supplier serves: a listing's origin must be one of them. */
export async function supplierVillages(supplierId: number) {
  const rows = await db.supplierVillage.findMany({ where: { supplierId }, include: { village: true } });
  return rows.map((r) => ({ id: r.villageId, name: `${r.village.county}${r.village.township}${r.village.name}` }));
}

export function createListings(actor: SupplierActor, listings: Array<ListingInput & { stock: number; code?: string }>) {
  return writeSql((c) => {
    const now = Date.now();
    const ids: number[] = [];
    for (const listing of listings) {
      const id = Number(
        c.prepare(`INSERT INTO "Product" ("supplierId","code",${LISTING_COLUMNS},"stock","active","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)`)
          .run(actor.supplierId, listing.code ?? `TMP-${now}-${ids.length}`, ...listingValues(listing), listing.stock, now, now).lastInsertRowid,
      );
      if (!listing.code) c.prepare(`UPDATE "Product" SET "code" = ? WHERE "id" = ?`).run(`P${String(id).padStart(5, "0")}`, id);
      for (const tier of listing.tiers) c.prepare(`INSERT INTO "ProductTierPrice" ("productId","minQty","priceFen") VALUES (?,?,?)`).run(id, tier.minQty, tier.priceFen);
      recordAudit(c, { actorId: actor.userId, orgId: actor.org.id, action: "product.create", entityType: "Product", entityId: id, detail: { ...listing } });
      indexProduct(c, id);
      ids.push(id);
    }
    return ids;
  });
}

/** Updates a listing of this supplier; false when it is not theirs (the caller answers 404). */
export function updateListing(actor: SupplierActor, productId: number, listing: ListingInput) {
  return writeSql((c) => {
    const changed = c.prepare(`UPDATE "Product" SET ${LISTING_COLUMNS.split(",").map((col) => `${col} = ?`).join(", ")}, "updatedAt" = ? WHERE "id" = ? AND "supplierId" = ?`)
      .run(...listingValues(listing), Date.now(), productId, actor.supplierId).changes;
    if (!changed) return false;
    c.prepare(`DELETE FROM "ProductTierPrice" WHERE "productId" = ?`).run(productId);
    for (const tier of listing.tiers) c.prepare(`INSERT INTO "ProductTierPrice" ("productId","minQty","priceFen") VALUES (?,?,?)`).run(productId, tier.minQty, tier.priceFen);
    recordAudit(c, { actorId: actor.userId, orgId: actor.org.id, action: "product.update", entityType: "Product", entityId: productId, detail: { ...listing } });
    indexProduct(c, productId);
    return true;
  });
}

export function setListingActive(actor: SupplierActor, productId: number, active: boolean) {
  return writeSql((c) => {
    const changed = c.prepare(`UPDATE "Product" SET "active" = ?, "updatedAt" = ? WHERE "id" = ? AND "supplierId" = ?`).run(active ? 1 : 0, Date.now(), productId, actor.supplierId).changes;
    if (changed) recordAudit(c, { actorId: actor.userId, orgId: actor.org.id, action: active ? "product.activate" : "product.deactivate", entityType: "Product", entityId: productId });
    return changed > 0;
  });
}

export type StockAdjustmentResult = "ok" | "notFound" | "wouldGoNegative";

/** Adds (or removes) stock with a reason; never below zero. Audited. */
export function adjustStock(actor: SupplierActor, productId: number, delta: number, reason: string): Promise<StockAdjustmentResult> {
  return writeSql((c) => {
    const owned = c.prepare(`SELECT "stock" FROM "Product" WHERE "id" = ? AND "supplierId" = ?`).get(productId, actor.supplierId) as { stock: number } | undefined;
    if (!owned) return "notFound";
    const changed = c.prepare(`UPDATE "Product" SET "stock" = "stock" + ?, "updatedAt" = ? WHERE "id" = ? AND "stock" + ? >= 0`).run(delta, Date.now(), productId, delta).changes;
    if (!changed) return "wouldGoNegative";
    c.prepare(`INSERT INTO "StockAdjustment" ("productId","delta","reason","userId","createdAt") VALUES (?,?,?,?,?)`).run(productId, delta, reason, actor.userId, Date.now());
    recordAudit(c, { actorId: actor.userId, orgId: actor.org.id, action: "product.stockAdjust", entityType: "Product", entityId: productId, detail: { delta, reason, before: owned.stock } });
    return "ok";
  });
}

export function addPhoto(actor: Pick<SupplierActor, "supplierId">, productId: number, fileName: string, contentType: string) {
  return writeSql((c) => {
    const owned = c.prepare(`SELECT 1 FROM "Product" WHERE "id" = ? AND "supplierId" = ?`).get(productId, actor.supplierId);
    if (!owned) return false;
    c.prepare(`INSERT INTO "ProductPhoto" ("productId","fileName","contentType","position") VALUES (?,?,?,(SELECT COUNT(*) FROM "ProductPhoto" WHERE "productId" = ?))`).run(productId, fileName, contentType, productId);
    return true;
  });
}

export function submitCertificate(
  actor: SupplierActor,
  productId: number,
  certificate: { number: string; level: string; issuer: string; validFrom: Date; validTo: Date; documentFile: string | null; documentType: string | null },
) {
  return writeSql((c) => {
    const owned = c.prepare(`SELECT 1 FROM "Product" WHERE "id" = ? AND "supplierId" = ?`).get(productId, actor.supplierId);
    if (!owned) return false;
    const id = Number(
      c.prepare(`INSERT INTO "Certificate" ("productId","number","level","issuer","validFrom","validTo","status","documentFile","documentType","submittedAt") VALUES (?,?,?,?,?,?,'SUBMITTED',?,?,?)`)
        .run(productId, certificate.number, certificate.level, certificate.issuer, certificate.validFrom.getTime(), certificate.validTo.getTime(), certificate.documentFile, certificate.documentType, Date.now()).lastInsertRowid,
    );
    recordAudit(c, { actorId: actor.userId, orgId: actor.org.id, action: "certificate.submit", entityType: "Certificate", entityId: id, detail: { productId, number: certificate.number } });
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
