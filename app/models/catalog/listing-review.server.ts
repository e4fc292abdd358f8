// Listing review (docs/decisions/0110-listing-review.md): listings that wait for approval before buyers see them,
// decided by the county union of the supplier's county or by the platform (the city federation's leaders and the
// platform admin see every county). Also the record of goods the welfare rules took off sale, per county.
import type { Actor } from "~/domain/actor";
import { db, transaction } from "~/utils/db.server";
import { instant, q, run } from "~/utils/sql.server";
import { recordAudit } from "~/models/access/audit.server";
import { indexProduct } from "~/models/catalog/product-search-index.server";

type Reviewer = Pick<Actor, "userId" | "role" | "org">;

/** Which suppliers' listings a reviewer decides: its county's, or all for the federation and the platform. */
function reviewScope(reviewer: Reviewer): { county?: string } | null {
  if (reviewer.role === "ADMIN" || (reviewer.role === "LEADER" && reviewer.org.kind === "FEDERATION")) return {};
  if (reviewer.role === "LEADER" && reviewer.org.kind === "COUNTY" && reviewer.org.region) return { county: reviewer.org.region };
  return null;
}

export async function listingReviewQueue(reviewer: Reviewer) {
  const scope = reviewScope(reviewer);
  if (!scope) return [];
  const rows = await db.product.findMany({
    where: { listingState: "PENDING_REVIEW", supplier: scope },
    orderBy: [{ stateChangedAt: "asc" }, { id: "asc" }],
    take: 200,
    include: { supplier: { select: { county: true, org: { select: { name: true } } } }, originVillage: true, tierPrices: { orderBy: { minQty: "asc" } } },
  });
  return rows.map((p) => ({
    id: p.id,
    code: p.code,
    title: p.title,
    description: p.description,
    category: p.category,
    unit: p.unit,
    priceFen: p.priceFen,
    marketPriceFen: p.marketPriceFen,
    trigger: p.stateReason,
    since: p.stateChangedAt?.toISOString() ?? p.updatedAt.toISOString(),
    supplier: { name: p.supplier.org.name, county: p.supplier.county },
    village: p.originVillage ? `${p.originVillage.county}${p.originVillage.township}${p.originVillage.name}` : null,
    tiers: p.tierPrices.map((t) => ({ minQty: t.minQty, priceFen: t.priceFen })),
  }));
}

/** Goods the welfare rules took off sale, in the reviewer's scope: the county's record of them. */
export async function bannedListingsInScope(reviewer: Reviewer) {
  const scope = reviewScope(reviewer);
  if (!scope) return [];
  const rows = await db.product.findMany({
    where: { listingState: "BANNED", supplier: scope },
    orderBy: [{ stateChangedAt: "desc" }, { id: "desc" }],
    take: 200,
    select: {
      id: true,
      code: true,
      title: true,
      priceFen: true,
      stateReason: true,
      stateChangedAt: true,
      supplier: { select: { county: true, org: { select: { name: true } } } },
    },
  });
  return rows.map((p) => ({
    id: p.id,
    code: p.code,
    title: p.title,
    priceFen: p.priceFen,
    reason: p.stateReason,
    at: p.stateChangedAt?.toISOString() ?? null,
    supplier: p.supplier.org.name,
    county: p.supplier.county,
  }));
}

export type ListingDecision = "APPROVED" | "REJECTED";

/** Approve (the listing goes on sale) or reject with a reason; only a pending listing in scope; audited. */
export async function decideListing(reviewer: Reviewer, productId: number, decision: ListingDecision, note: string): Promise<"decided" | "notFound"> {
  const scope = reviewScope(reviewer);
  if (!scope) return "notFound";
  const product = await db.product.findFirst({
    where: { id: productId, listingState: "PENDING_REVIEW", supplier: scope },
    select: { id: true, stateReason: true, supplier: { select: { orgId: true } } },
  });
  if (!product) return "notFound";
  return transaction(async (c) => {
    const next = decision === "APPROVED" ? "LIVE" : "REJECTED";
    const changed = (
      await run(
        c,
        q
          .updateTable("Product")
          .set((eb) => ({
            listingState: next,
            active: next === "LIVE" ? 1 : 0,
            reviewNote: note || null,
            stateChangedAt: instant(Date.now()),
            // Approval clears what sent the listing to review; a rejection keeps it.
            stateReason: next === "LIVE" ? null : eb.ref("stateReason"),
          }))
          .where("id", "=", productId)
          .where("listingState", "=", "PENDING_REVIEW"),
      )
    ).changes;
    if (!changed) return "notFound" as const;
    await recordAudit(c, {
      actorId: reviewer.userId,
      orgId: product.supplier.orgId,
      action: decision === "APPROVED" ? "product.reviewApprove" : "product.reviewReject",
      entityType: "Product",
      entityId: productId,
      detail: {
        before: { listingState: "PENDING_REVIEW", trigger: product.stateReason },
        after: { listingState: next, reviewNote: note || null },
        reviewerOrgId: reviewer.org.id,
      },
    });
    await indexProduct(c, productId);
    return "decided" as const;
  });
}
