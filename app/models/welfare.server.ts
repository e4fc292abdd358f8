// A union's welfare budget, its off-platform welfare spending, and the federation's yearly policy. Each change
// is written together with its audit entry.
import { db, sqlite, writeSql } from "~/utils/db.server";
import { chinaDate, chinaYear, startOfChinaDay } from "~/domain/china-time";
import { toFen } from "~/domain/money";
import type { Actor } from "~/domain/actor";
import { recordAudit } from "./audit.server";
import { recordBudgetChanged, recordOffPlatformChanged, recordTargetChanged } from "./procurement-ledger.server";

export { OFF_PLATFORM_CATEGORIES } from "~/domain/welfare-share";

/** B for the year, with the report figures of the union and every node above it, in one transaction. */
export async function saveWelfareBudget(
  user: Actor,
  input: { year: number; budgetFen: number; headcount: number; blockOverBudget: boolean; approvalThresholdFen: number },
) {
  const orgId = user.org.id;
  await writeSql((connection) => {
    const before = connection.prepare(`SELECT "budgetFen","headcount" FROM "WelfareBudget" WHERE "orgId" = ? AND "year" = ?`).get(orgId, input.year) as
      | { budgetFen: number | bigint; headcount: number }
      | undefined;
    connection
      .prepare(
        `INSERT INTO "WelfareBudget" ("orgId","year","budgetFen","headcount","blockOverBudget","updatedAt") VALUES (?,?,?,?,?,?)
         ON CONFLICT("orgId","year") DO UPDATE SET "budgetFen" = excluded."budgetFen", "headcount" = excluded."headcount",
           "blockOverBudget" = excluded."blockOverBudget", "updatedAt" = excluded."updatedAt"`,
      )
      .run(orgId, input.year, input.budgetFen, input.headcount, input.blockOverBudget ? 1 : 0, Date.now());
    connection.prepare(`UPDATE "Organization" SET "approvalThresholdFen" = ? WHERE "id" = ?`).run(input.approvalThresholdFen, orgId);
    recordBudgetChanged(connection, orgId, input.year);
    recordAudit(connection, {
      actorId: user.userId, orgId, action: "welfareBudget.save", entityType: "WelfareBudget", entityId: `${orgId}:${input.year}`,
      detail: { before: before ? { budgetFen: Number(before.budgetFen), headcount: before.headcount } : null, after: input },
    });
  });
}

/** Off-platform welfare spending (the rest of W), with the report figures above the union, in one transaction. */
export async function recordOffPlatformSpending(user: Actor, input: { spentOn: string; amountFen: number; category: string; note: string }) {
  const spentOn = startOfChinaDay(input.spentOn);
  const year = chinaYear(spentOn);
  await writeSql((connection) => {
    const id = connection
      .prepare(`INSERT INTO "OffPlatformSpending" ("orgId","spentOn","year","amountFen","category","note","createdById","createdAt") VALUES (?,?,?,?,?,?,?,?)`)
      .run(user.org.id, spentOn.getTime(), year, input.amountFen, input.category, input.note, user.userId, Date.now()).lastInsertRowid;
    recordOffPlatformChanged(connection, user.org.id, year);
    recordAudit(connection, { actorId: user.userId, orgId: user.org.id, action: "offPlatformSpending.record", entityType: "OffPlatformSpending", entityId: String(id), detail: input });
  });
}

export async function offPlatformSpending(orgId: number, year: number) {
  const rows = await db.offPlatformSpending.findMany({ where: { orgId, year }, orderBy: { spentOn: "desc" } });
  return rows.map((r) => ({ id: r.id, spentOn: chinaDate(r.spentOn), amountFen: toFen(r.amountFen), category: r.category, note: r.note }));
}

export async function budgetSettings(orgId: number, year: number) {
  const [budget, org] = await Promise.all([
    db.welfareBudget.findUnique({ where: { orgId_year: { orgId, year } } }),
    db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { approvalThresholdFen: true } }),
  ]);
  return {
    budgetFen: budget ? toFen(budget.budgetFen) : null,
    headcount: budget?.headcount ?? null,
    blockOverBudget: budget?.blockOverBudget ?? false,
    approvalThresholdFen: toFen(org.approvalThresholdFen),
  };
}

/** Active products with an approved certificate covering today (China calendar): they count toward the target. */
export function productsCountingToday(limit: number) {
  const today = chinaDate(new Date());
  const dayStart = startOfChinaDay(today).getTime();
  const dayEnd = dayStart + 86400_000 - 1;
  return sqlite
    .prepare(
      `SELECT p."id", p."title", p."unit", p."priceFen", o."name" AS "supplierName"
       FROM "Product" p JOIN "Supplier" s ON s."id" = p."supplierId" JOIN "Organization" o ON o."id" = s."orgId"
       WHERE p."active" = 1 AND p."stock" > 0 AND EXISTS (
         SELECT 1 FROM "Certificate" c WHERE c."productId" = p."id" AND c."status" = 'APPROVED' AND c."validFrom" <= ? AND c."validTo" >= ?)
       ORDER BY s."ratingSum" * 1.0 / MAX(s."ratingCount", 1) DESC, p."id" LIMIT ?`,
    )
    .all(dayEnd, dayStart, limit) as Array<{ id: number; title: string; unit: string; priceFen: number; supplierName: string }>;
}

/**
 * The federation's target and festival cap for a year; only a leader of a federation may set them. A new target
 * rewrites the standings (gap, completion) of every union under the federation in the same transaction.
 */
export async function saveWelfarePolicy(user: Actor, input: { year: number; targetBasisPoints: number; festivalCapPerMemberFen: number }) {
  const orgId = user.org.id;
  await writeSql((connection) => {
    connection
      .prepare(
        `INSERT INTO "WelfarePolicy" ("orgId","year","targetBasisPoints","festivalCapPerMemberFen") VALUES (?,?,?,?)
         ON CONFLICT("orgId","year") DO UPDATE SET "targetBasisPoints" = excluded."targetBasisPoints", "festivalCapPerMemberFen" = excluded."festivalCapPerMemberFen"`,
      )
      .run(orgId, input.year, input.targetBasisPoints, input.festivalCapPerMemberFen);
    recordTargetChanged(connection, orgId, input.year);
    recordAudit(connection, { actorId: user.userId, orgId, action: "welfarePolicy.save", entityType: "WelfarePolicy", entityId: `${orgId}:${input.year}`, detail: input });
  });
}
