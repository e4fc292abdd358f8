// The certificate review queue (扶贫产品认定). Each level has one reviewing organisation: a county-level certificate
// is reviewed by the county union of the supplier's county, a city- or province-level one by the city federation
// (docs/decisions/0112-certificate-reviewer.md). Decisions are audited and stay on the certificate (reviewer, time,
// note), which is the history both the leader and the supplier read. Validity itself is always computed from dates.
import { db, transaction } from "~/utils/db.server";
import { instant, q, run } from "~/utils/sql.server";
import { recordAudit } from "~/models/access/audit.server";
import { indexProduct } from "~/models/catalog/product-search-index.server";
import type { Actor } from "~/domain/actor";
import { noticeCertificate } from "~/models/orders/order-notices.server";

type Reviewer = Pick<Actor, "userId" | "org">;

/** The certificates one reviewer decides: the level's one reviewing organisation. */
function reviewScope(reviewer: Reviewer) {
  if (reviewer.org.kind === "FEDERATION") return { level: { in: ["CITY", "PROVINCE"] } };
  if (reviewer.org.kind === "COUNTY" && reviewer.org.region) return { level: "COUNTY", product: { supplier: { county: reviewer.org.region } } };
  return null;
}

/** Decided certificates in the reviewer's scope, newest first: approved or rejected, by whom, when and why. */
export async function reviewHistory(reviewer: Reviewer, take = 50) {
  const scope = reviewScope(reviewer);
  if (!scope) return [];
  const rows = await db.certificate.findMany({
    where: { ...scope, status: { in: ["APPROVED", "REJECTED"] }, reviewedAt: { not: null } },
    orderBy: { reviewedAt: "desc" },
    take,
    include: { product: { select: { id: true, title: true, supplier: { select: { org: { select: { name: true } } } } } } },
  });
  const names = await reviewerNames(rows.map((r) => r.reviewedById));
  return rows.map((c) => ({
    id: c.id,
    number: c.number,
    level: c.level,
    status: c.status,
    reviewNote: c.reviewNote,
    reviewedAt: c.reviewedAt?.toISOString() ?? null,
    reviewer: c.reviewedById ? (names.get(c.reviewedById) ?? "—") : "—",
    product: { id: c.product.id, title: c.product.title },
    supplierName: c.product.supplier.org.name,
  }));
}

/** Every certificate of one of this supplier's products, with its decision: the supplier's view of the history. */
export async function productCertificateHistory(supplierId: number, productId: number) {
  const rows = await db.certificate.findMany({ where: { productId, product: { supplierId } }, orderBy: { submittedAt: "desc" } });
  const names = await reviewerNames(rows.map((r) => r.reviewedById));
  return rows.map((c) => ({
    id: c.id,
    number: c.number,
    level: c.level,
    status: c.status,
    reviewNote: c.reviewNote,
    submittedAt: c.submittedAt.toISOString(),
    reviewedAt: c.reviewedAt?.toISOString() ?? null,
    reviewer: c.reviewedById ? (names.get(c.reviewedById) ?? "—") : null,
  }));
}

async function reviewerNames(ids: Array<number | null>) {
  const wanted = [...new Set(ids.filter((id): id is number => id != null))];
  const users = wanted.length ? await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } }) : [];
  return new Map(users.map((u) => [u.id, u.name]));
}

export async function reviewQueue(reviewer: Reviewer) {
  const scope = reviewScope(reviewer);
  if (!scope) return [];
  const rows = await db.certificate.findMany({
    where: { ...scope, status: "SUBMITTED" },
    orderBy: { submittedAt: "asc" },
    include: { product: { select: { id: true, title: true, supplier: { select: { county: true, org: { select: { name: true } } } } } } },
  });
  return rows.map((c) => ({
    id: c.id,
    number: c.number,
    level: c.level,
    issuer: c.issuer,
    validFrom: c.validFrom.toISOString(),
    validTo: c.validTo.toISOString(),
    submittedAt: c.submittedAt.toISOString(),
    documentFile: c.documentFile,
    product: { id: c.product.id, title: c.product.title },
    supplier: { name: c.product.supplier.org.name, county: c.product.supplier.county },
  }));
}

export type ReviewOutcome = "decided" | "notFound";

/** Approve or reject a submitted certificate in the reviewer's scope; anything else is "not found". */
export async function decideCertificate(reviewer: Reviewer, certificateId: number, decision: "APPROVED" | "REJECTED", note: string): Promise<ReviewOutcome> {
  const scope = reviewScope(reviewer);
  if (!scope) return "notFound";
  const certificate = await db.certificate.findFirst({ where: { ...scope, id: certificateId, status: "SUBMITTED" }, select: { id: true, productId: true } });
  if (!certificate) return "notFound";
  return transaction(async (c) => {
    const changed = (
      await run(
        c,
        q
          .updateTable("Certificate")
          .set({ status: decision, reviewNote: note || null, reviewedById: reviewer.userId, reviewedAt: instant(Date.now()) })
          .where("id", "=", certificateId)
          .where("status", "=", "SUBMITTED"),
      )
    ).changes;
    if (!changed) return "notFound";
    await recordAudit(c, {
      actorId: reviewer.userId,
      orgId: reviewer.org.id,
      action: decision === "APPROVED" ? "certificate.approve" : "certificate.reject",
      entityType: "Certificate",
      entityId: certificateId,
      detail: { before: { status: "SUBMITTED" }, after: { status: decision, reviewNote: note || null }, productId: certificate.productId },
    });
    await indexProduct(c, certificate.productId);
    await noticeCertificate(c, certificateId);
    return "decided";
  });
}
