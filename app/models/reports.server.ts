import { db } from "~/utils/db.server";
import { toFen } from "~/domain/money";
import { rollUp } from "~/domain/welfare-share";
import { welfarePolicyFor } from "./organizations.server";

/** Each child of the caller's organisation with ΣB and ΣP over its subtree. Scoped: children of `org` only. */
export async function childRollUps(org: { id: number; path: string }, year: number) {
  const policy = await welfarePolicyFor(org.path, year);
  const children = await db.organization.findMany({
    where: { parentId: org.id, kind: { not: "SUPPLIER" } },
    orderBy: { id: "asc" },
    select: { id: true, name: true, path: true },
  });
  return Promise.all(
    children.map(async (child) => {
      const [budget, total] = await Promise.all([
        db.welfareBudget.aggregate({ where: { year, org: { path: { startsWith: child.path } } }, _sum: { budgetFen: true } }),
        db.procurementTotal.findUnique({ where: { orgId_year: { orgId: child.id, year } } }),
      ]);
      const figures = rollUp(
        [{ budgetFen: toFen(budget._sum.budgetFen ?? 0n), assistanceProcurementFen: toFen(total?.certifiedFen ?? 0n) }],
        policy.targetBasisPoints,
      );
      return { orgId: child.id, name: child.name, figures };
    }),
  );
}
