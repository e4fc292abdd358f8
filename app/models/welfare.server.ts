// A union's welfare budget, its off-platform welfare spending, and the federation's yearly policy. Each change
// is written together with its audit entry.
import { db, sqlite, writeSql, writeTransaction } from "~/utils/db.server";
import { chinaDate, chinaYear, startOfChinaDay } from "~/domain/china-time";
import { toFen } from "~/domain/money";
import type { Actor } from "~/domain/actor";
import { recordAudit } from "./audit.server";

export { OFF_PLATFORM_CATEGORIES } from "~/domain/welfare-share";

export async function saveWelfareBudget(
  user: Actor,
  input: { year: number; budgetFen: number; headcount: number; blockOverBudget: boolean; approvalThresholdFen: number },
) {
  const orgId = user.org.id;
  await writeTransaction(async (tx) => {
    const before = await tx.welfareBudget.findUnique({ where: { orgId_year: { orgId, year: input.year } } });
    await tx.welfareBudget.upsert({
      where: { orgId_year: { orgId, year: input.year } },
      create: { orgId, year: input.year, budgetFen: BigInt(input.budgetFen), headcount: input.headcount, blockOverBudget: input.blockOverBudget },
      update: { budgetFen: BigInt(input.budgetFen), headcount: input.headcount, blockOverBudget: input.blockOverBudget },
    });
    await tx.organization.update({ where: { id: orgId }, data: { approvalThresholdFen: BigInt(input.approvalThresholdFen) } });
    await tx.auditLog.create({
      data: {
        actorId: user.userId, orgId, action: "welfareBudget.save", entityType: "WelfareBudget", entityId: `${orgId}:${input.year}`,
        detail: JSON.stringify({ before: before ? { budgetFen: Number(before.budgetFen), headcount: before.headcount } : null, after: input }),
      },
    });
  });
}

export async function recordOffPlatformSpending(user: Actor, input: { spentOn: string; amountFen: number; category: string; note: string }) {
  const spentOn = startOfChinaDay(input.spentOn);
  await writeTransaction(async (tx) => {
    const row = await tx.offPlatformSpending.create({
      data: { orgId: user.org.id, spentOn, year: chinaYear(spentOn), amountFen: BigInt(input.amountFen), category: input.category, note: input.note, createdById: user.userId },
    });
    await tx.auditLog.create({
      data: { actorId: user.userId, orgId: user.org.id, action: "offPlatformSpending.record", entityType: "OffPlatformSpending", entityId: String(row.id), detail: JSON.stringify(input) },
    });
  });
}

/** Years a union may still write to: this China year and the next; earlier years are closed (read-only). */
export function editableBudgetYears(now = new Date()): number[] {
  const year = chinaYear(now);
  return [year, year + 1];
}

export interface SpendingInput {
  spentOn: string;
  amountFen: number;
  category: string;
  note: string;
}

type SpendingRow = { id: number; orgId: number; spentOn: number; year: number; amountFen: number; category: string; note: string };

/**
 * Corrects one off-platform spending entry of the caller's union, in the same transaction as its audit entry
 * ({ before, after }). "notFound" when it is not theirs; "closed" when the entry or its new date is in a closed year.
 */
export function correctOffPlatformSpending(user: Actor, id: number, input: SpendingInput) {
  const spentOn = startOfChinaDay(input.spentOn);
  const open = editableBudgetYears();
  return writeSql((c) => {
    const before = c.prepare(`SELECT "id","orgId","spentOn","year","amountFen","category","note" FROM "OffPlatformSpending" WHERE "id" = ? AND "orgId" = ?`).get(id, user.org.id) as SpendingRow | undefined;
    if (!before) return "notFound" as const;
    if (!open.includes(before.year) || !open.includes(chinaYear(spentOn))) return "closed" as const;
    c.prepare(`UPDATE "OffPlatformSpending" SET "spentOn" = ?, "year" = ?, "amountFen" = ?, "category" = ?, "note" = ? WHERE "id" = ?`)
      .run(spentOn.getTime(), chinaYear(spentOn), input.amountFen, input.category, input.note, id);
    recordAudit(c, {
      actorId: user.userId, orgId: user.org.id, action: "offPlatformSpending.correct", entityType: "OffPlatformSpending", entityId: id,
      detail: { before: { ...before, spentOn: chinaDate(new Date(Number(before.spentOn))) }, after: input },
    });
    return { year: chinaYear(spentOn) };
  });
}

/** Deletes one off-platform spending entry of the caller's union (open years only), audited with what it was. */
export function deleteOffPlatformSpending(user: Actor, id: number) {
  const open = editableBudgetYears();
  return writeSql((c) => {
    const before = c.prepare(`SELECT "id","orgId","spentOn","year","amountFen","category","note" FROM "OffPlatformSpending" WHERE "id" = ? AND "orgId" = ?`).get(id, user.org.id) as SpendingRow | undefined;
    if (!before) return "notFound" as const;
    if (!open.includes(before.year)) return "closed" as const;
    c.prepare(`DELETE FROM "OffPlatformSpending" WHERE "id" = ?`).run(id);
    recordAudit(c, {
      actorId: user.userId, orgId: user.org.id, action: "offPlatformSpending.delete", entityType: "OffPlatformSpending", entityId: id,
      detail: { before: { ...before, spentOn: chinaDate(new Date(Number(before.spentOn))) }, after: null },
    });
    return "deleted" as const;
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

/** The federation's target and festival cap for a year; only a leader of a federation may set them. */
export async function saveWelfarePolicy(user: Actor, input: { year: number; targetBasisPoints: number; festivalCapPerMemberFen: number }) {
  const orgId = user.org.id;
  await writeTransaction(async (tx) => {
    await tx.welfarePolicy.upsert({
      where: { orgId_year: { orgId, year: input.year } },
      create: { orgId, ...input },
      update: { targetBasisPoints: input.targetBasisPoints, festivalCapPerMemberFen: input.festivalCapPerMemberFen },
    });
    await tx.auditLog.create({
      data: { actorId: user.userId, orgId, action: "welfarePolicy.save", entityType: "WelfarePolicy", entityId: `${orgId}:${input.year}`, detail: JSON.stringify(input) },
    });
  });
}
