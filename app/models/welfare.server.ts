// A union's welfare budget, its off-platform welfare spending, and the yearly policy that governs it. Each change
// is written together with its audit entry; the policy and "budget left" are read through one function each.
import type Database from "better-sqlite3";
import { db, sqlite, writeSql } from "~/utils/db.server";
import { chinaDate, chinaYear, startOfChinaDay } from "~/domain/china-time";
import { toFen } from "~/domain/money";
import type { Actor } from "~/domain/actor";
import { FESTIVAL_OCCASIONS } from "~/domain/order-builder";
import { effectivePolicy, governingBody, pathIds, type BudgetPosition, type WelfarePolicy } from "~/domain/welfare-policy";
import { recordAudit } from "./audit.server";
import { certifiedOnDaySql, inChinaYearSql, liveOrderSql } from "./rules-sql.server";

type Connection = Database.Database;

export { OFF_PLATFORM_CATEGORIES } from "~/domain/welfare-share";

/**
 * The policy (target, festival cap) that governs an organisation for a year: its governing body's row, or the
 * defaults. The one lookup used by dashboards, union pages and order submission alike.
 */
export function governingPolicy(orgPath: string, year: number, connection: Connection = sqlite): WelfarePolicy & { governingOrgId: number | null } {
  const ids = pathIds(orgPath);
  const ancestors = connection
    .prepare(`SELECT "id","kind","path" FROM "Organization" WHERE "id" IN (${ids.map(() => "?").join(",")})`)
    .all(...ids) as Array<{ id: number; kind: string; path: string }>;
  const body = governingBody(ancestors);
  const row = body
    ? (connection.prepare(`SELECT "targetBasisPoints","festivalCapPerMemberFen" FROM "WelfarePolicy" WHERE "orgId" = ? AND "year" = ?`).get(body.id, year) as
        | WelfarePolicy
        | undefined)
    : undefined;
  return { ...effectivePolicy(row), governingOrgId: body?.id ?? null };
}

/**
 * A union's budget position for a year: B, live platform orders, off-platform spending and the festival spending
 * the cap is checked against. Read inside the submitting transaction too, so the budget block sees committed orders.
 */
export function budgetPosition(orgId: number, year: number, connection: Connection = sqlite) {
  const budget = connection.prepare(`SELECT "budgetFen","headcount","blockOverBudget" FROM "WelfareBudget" WHERE "orgId" = ? AND "year" = ?`).get(orgId, year) as
    | { budgetFen: number; headcount: number; blockOverBudget: number }
    | undefined;
  const live = `"unionId" = ? AND ${inChinaYearSql(`"createdAt"`, year)} AND ${liveOrderSql()}`;
  const committed = connection.prepare(`SELECT COALESCE(SUM("totalFen"), 0) AS "fen" FROM "Order" WHERE ${live}`).get(orgId) as { fen: number };
  const festival = connection
    .prepare(`SELECT COALESCE(SUM("totalFen"), 0) AS "fen" FROM "Order" WHERE ${live} AND "occasion" IN (${FESTIVAL_OCCASIONS.map(() => "?").join(",")})`)
    .get(orgId, ...FESTIVAL_OCCASIONS) as { fen: number };
  const offPlatform = connection.prepare(`SELECT COALESCE(SUM("amountFen"), 0) AS "fen" FROM "OffPlatformSpending" WHERE "orgId" = ? AND "year" = ?`).get(orgId, year) as { fen: number };
  const position: BudgetPosition = { budgetFen: budget ? toFen(budget.budgetFen) : null, committedOrdersFen: toFen(committed.fen), offPlatformFen: toFen(offPlatform.fen) };
  return {
    ...position,
    headcount: budget?.headcount ?? null,
    blockOverBudget: budget?.blockOverBudget === 1,
    festivalSpentFen: toFen(festival.fen),
  };
}

export async function saveWelfareBudget(
  user: Actor,
  input: { year: number; budgetFen: number; headcount: number; blockOverBudget: boolean; approvalThresholdFen: number },
) {
  const orgId = user.org.id;
  await writeSql((c) => {
    const before = c.prepare(`SELECT "budgetFen","headcount","blockOverBudget" FROM "WelfareBudget" WHERE "orgId" = ? AND "year" = ?`).get(orgId, input.year) as
      | { budgetFen: number; headcount: number; blockOverBudget: number }
      | undefined;
    const threshold = c.prepare(`SELECT "approvalThresholdFen" FROM "Organization" WHERE "id" = ?`).get(orgId) as { approvalThresholdFen: number };
    c.prepare(
      `INSERT INTO "WelfareBudget" ("orgId","year","budgetFen","headcount","blockOverBudget","updatedAt") VALUES (?,?,?,?,?,?)
       ON CONFLICT ("orgId","year") DO UPDATE SET "budgetFen" = excluded."budgetFen", "headcount" = excluded."headcount",
         "blockOverBudget" = excluded."blockOverBudget", "updatedAt" = excluded."updatedAt"`,
    ).run(orgId, input.year, input.budgetFen, input.headcount, input.blockOverBudget ? 1 : 0, Date.now());
    c.prepare(`UPDATE "Organization" SET "approvalThresholdFen" = ? WHERE "id" = ?`).run(input.approvalThresholdFen, orgId);
    recordAudit(c, {
      actorId: user.userId, orgId, action: "welfareBudget.save", entityType: "WelfareBudget", entityId: `${orgId}:${input.year}`,
      detail: {
        before: before ? { budgetFen: toFen(before.budgetFen), headcount: before.headcount, blockOverBudget: before.blockOverBudget === 1, approvalThresholdFen: toFen(threshold.approvalThresholdFen) } : null,
        after: input,
      },
    });
  });
}

export async function recordOffPlatformSpending(user: Actor, input: { spentOn: string; amountFen: number; category: string; note: string }) {
  const spentOn = startOfChinaDay(input.spentOn);
  await writeSql((c) => {
    const id = c
      .prepare(`INSERT INTO "OffPlatformSpending" ("orgId","spentOn","year","amountFen","category","note","createdById","createdAt") VALUES (?,?,?,?,?,?,?,?)`)
      .run(user.org.id, spentOn.getTime(), chinaYear(spentOn), input.amountFen, input.category, input.note, user.userId, Date.now()).lastInsertRowid;
    recordAudit(c, { actorId: user.userId, orgId: user.org.id, action: "offPlatformSpending.record", entityType: "OffPlatformSpending", entityId: Number(id), detail: input });
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
  return sqlite
    .prepare(
      `SELECT p."id", p."title", p."unit", p."priceFen", o."name" AS "supplierName"
       FROM "Product" p JOIN "Supplier" s ON s."id" = p."supplierId" JOIN "Organization" o ON o."id" = s."orgId"
       WHERE p."active" = 1 AND p."stock" > 0 AND ${certifiedOnDaySql(`p."id"`, chinaDate(new Date()))}
       ORDER BY s."ratingSum" * 1.0 / MAX(s."ratingCount", 1) DESC, p."id" LIMIT ?`,
    )
    .all(limit) as Array<{ id: number; title: string; unit: string; priceFen: number; supplierName: string }>;
}

/** The federation's target and festival cap for a year; only a leader of a federation may set them. */
export async function saveWelfarePolicy(user: Actor, input: { year: number; targetBasisPoints: number; festivalCapPerMemberFen: number }) {
  const orgId = user.org.id;
  await writeSql((c) => {
    const before = c.prepare(`SELECT "targetBasisPoints","festivalCapPerMemberFen" FROM "WelfarePolicy" WHERE "orgId" = ? AND "year" = ?`).get(orgId, input.year) ?? null;
    c.prepare(
      `INSERT INTO "WelfarePolicy" ("orgId","year","targetBasisPoints","festivalCapPerMemberFen") VALUES (?,?,?,?)
       ON CONFLICT ("orgId","year") DO UPDATE SET "targetBasisPoints" = excluded."targetBasisPoints", "festivalCapPerMemberFen" = excluded."festivalCapPerMemberFen"`,
    ).run(orgId, input.year, input.targetBasisPoints, input.festivalCapPerMemberFen);
    recordAudit(c, { actorId: user.userId, orgId, action: "welfarePolicy.save", entityType: "WelfarePolicy", entityId: `${orgId}:${input.year}`, detail: { before, after: input } });
  });
}
