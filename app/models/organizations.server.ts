import { db } from "~/utils/db.server";
import { toFen } from "~/domain/money";
import { DEFAULT_TARGET_BASIS_POINTS } from "~/domain/welfare-share";

/** Public figures for the landing page. */
export async function platformStats() {
  const [unions, suppliers, products, villages] = await Promise.all([
    db.organization.count({ where: { kind: "GRASSROOTS" } }),
    db.supplier.count(),
    db.product.count({ where: { active: true } }),
    db.village.count(),
  ]);
  return { unions, suppliers, products, villages };
}

/** The federation (or partner group) whose policy governs an organisation: the nearest such ancestor. */
export async function governingFederationId(orgPath: string): Promise<number | null> {
  const ids = orgPath.split("/").filter(Boolean).map(Number);
  const row = await db.organization.findFirst({
    where: { id: { in: ids }, kind: { in: ["FEDERATION", "PARTNER_GROUP"] } },
    orderBy: { path: "desc" },
    select: { id: true },
  });
  return row?.id ?? null;
}

/** Target and festival cap for the year, from the governing federation, defaulting to 30% and ¥2,200. */
export async function welfarePolicyFor(orgPath: string, year: number) {
  const federationId = await governingFederationId(orgPath);
  const policy = federationId ? await db.welfarePolicy.findUnique({ where: { orgId_year: { orgId: federationId, year } } }) : null;
  return {
    targetBasisPoints: policy?.targetBasisPoints ?? DEFAULT_TARGET_BASIS_POINTS,
    festivalCapPerMemberFen: policy?.festivalCapPerMemberFen ?? 220000,
  };
}

/** B, P and the platform part of W for one union and year, read from the kept-current aggregates. */
export async function unionYearFigures(orgId: number, year: number) {
  const [budget, total, offPlatform] = await Promise.all([
    db.welfareBudget.findUnique({ where: { orgId_year: { orgId, year } } }),
    db.procurementTotal.findUnique({ where: { orgId_year: { orgId, year } } }),
    db.offPlatformSpending.aggregate({ where: { orgId, year }, _sum: { amountFen: true } }),
  ]);
  const assistanceProcurementFen = toFen(total?.certifiedFen ?? 0n);
  const otherPlatformFen = toFen(total?.otherPlatformFen ?? 0n);
  const offPlatformFen = toFen(offPlatform._sum.amountFen ?? 0n);
  return {
    budgetFen: budget ? toFen(budget.budgetFen) : null,
    headcount: budget?.headcount ?? null,
    blockOverBudget: budget?.blockOverBudget ?? false,
    assistanceProcurementFen,
    otherPlatformFen,
    offPlatformFen,
    welfareSpendingFen: assistanceProcurementFen + otherPlatformFen + offPlatformFen,
  };
}

export function listOrganizationsForAdmin() {
  return db.organization.findMany({
    orderBy: { path: "asc" },
    select: { id: true, name: true, kind: true, path: true, parent: { select: { name: true } }, _count: { select: { memberships: true } } },
  });
}
