import { db } from "~/utils/db.server";
import { toFen } from "~/domain/money";

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
