// The certificate review queue (扶贫产品认定): the city federation reviews every supplier's submissions, a county
// union those of suppliers in its county. Decisions are audited; validity itself is always computed from dates.
import { db, writeSql } from "~/utils/db.server";
import { recordAudit } from "~/models/access/audit.server";
import { indexProduct } from "~/models/catalog/product-search-index.server";
import type { Actor } from "~/domain/actor";
import { noticeCertificate } from "~/models/orders/order-notices.server";

type Reviewer = Pick<Actor, "userId" | "org">;

function supplierScope(reviewer: Reviewer) {
  if (reviewer.org.kind === "FEDERATION") return {};
  if (reviewer.org.kind === "COUNTY" && reviewer.org.region) return { county: reviewer.org.region };
  return null;
}

export async function reviewQueue(reviewer: Reviewer) {
  const scope = supplierScope(reviewer);
  if (!scope) return [];
  const rows = await db.certificate.findMany({
    where: { status: "SUBMITTED", product: { supplier: scope } },
    orderBy: { submittedAt: "asc" },
    include: { product: { select: { id: true, title: true, supplier: { select: { county: true, org: { select: { name: true } } } } } } },
  });
  return rows.map((c) => ({
    id: c.id, number: c.number, level: c.level, issuer: c.issuer, validFrom: c.validFrom.toISOString(), validTo: c.validTo.toISOString(),
    submittedAt: c.submittedAt.toISOString(), documentFile: c.documentFile,
    product: { id: c.product.id, title: c.product.title }, supplier: { name: c.product.supplier.org.name, county: c.product.supplier.county },
  }));
}

export type ReviewOutcome = "decided" | "notFound";

/** Approve or reject a submitted certificate in the reviewer's scope; anything else is "not found". */
export async function decideCertificate(reviewer: Reviewer, certificateId: number, decision: "APPROVED" | "REJECTED", note: string): Promise<ReviewOutcome> {
  const scope = supplierScope(reviewer);
  if (!scope) return "notFound";
  const certificate = await db.certificate.findFirst({ where: { id: certificateId, status: "SUBMITTED", product: { supplier: scope } }, select: { id: true, productId: true } });
  if (!certificate) return "notFound";
  return writeSql((c) => {
    const changed = c
      .prepare(`UPDATE "Certificate" SET "status" = ?, "reviewNote" = ?, "reviewedById" = ?, "reviewedAt" = ? WHERE "id" = ? AND "status" = 'SUBMITTED'`)
      .run(decision, note || null, reviewer.userId, Date.now(), certificateId).changes;
    if (!changed) return "notFound";
    recordAudit(c, { actorId: reviewer.userId, orgId: reviewer.org.id, action: decision === "APPROVED" ? "certificate.approve" : "certificate.reject", entityType: "Certificate", entityId: certificateId, detail: { note, productId: certificate.productId } });
    indexProduct(c, certificate.productId);
    noticeCertificate(c, certificateId);
    return "decided";
  });
}
