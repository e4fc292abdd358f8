// A union's welfare budget, its off-platform welfare spending, and the yearly policy that governs it. Each change
// is written together with its audit entry; the policy and "budget left" are read through one function each.
import { sql } from "kysely";
import { db, reader, transaction } from "~/utils/db.server";
import { all, first, instant, listStandIns, listValues, one, prepared, q, run, type Connection } from "~/utils/sql.server";
import { chinaDate, chinaYear, startOfChinaDay } from "~/domain/china-time";
import { toFen } from "~/domain/money";
import type { Actor } from "~/domain/actor";
import { effectivePolicy, governingBody, pathIds, type BudgetPosition, type WelfarePolicy } from "~/domain/welfare-policy";
import { recordAudit } from "~/models/access/audit.server";
import { recordBudgetChanged, recordOffPlatformChanged, recordTargetChanged } from "./procurement-ledger.server";
import { certifiedOnDaySql } from "~/models/rules-sql.server";

export { OFF_PLATFORM_CATEGORIES } from "~/domain/welfare-share";

/**
 * The policy (target, festival cap) that governs an organisation for a year: its governing body's row, or the
 * defaults. The one lookup used by dashboards, union pages and order submission alike.
 */
export async function governingPolicy(
  orgPath: string,
  year: number,
  connection: Connection = reader,
): Promise<WelfarePolicy & { governingOrgId: number | null }> {
  const ids = pathIds(orgPath);
  const ancestors = await all(connection, ancestorsOf(listValues(ids), String(ids.length)));
  const body = governingBody(ancestors);
  const row = body ? await first(connection, policyRow({ orgId: body.id, year })) : undefined;
  return { ...effectivePolicy(row), governingOrgId: body?.id ?? null };
}

const ancestorsOf = prepared((p: Record<string, number>, count: string) =>
  q.selectFrom("Organization").select(["id", "kind", "path"]).where("id", "in", listStandIns(p, count)),
);
const policyRow = prepared((p: { orgId: number; year: number }) =>
  q.selectFrom("WelfarePolicy").select(["targetBasisPoints", "festivalCapPerMemberFen"]).where("orgId", "=", p.orgId).where("year", "=", p.year),
);
const budgetRow = prepared((p: { orgId: number; year: number }) =>
  q.selectFrom("WelfareBudget").select(["budgetFen", "headcount", "blockOverBudget"]).where("orgId", "=", p.orgId).where("year", "=", p.year),
);
const orderTotalRow = prepared((p: { orgId: number; year: number }) =>
  q.selectFrom("UnionOrderTotal").select(["committedFen", "festivalFen"]).where("unionId", "=", p.orgId).where("year", "=", p.year),
);
const offPlatformSum = prepared((p: { orgId: number; year: number }) =>
  q
    .selectFrom("OffPlatformSpending")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("amountFen"), sql.lit(0)).as("fen"))
    .where("orgId", "=", p.orgId)
    .where("year", "=", p.year),
);

/**
 * A union's budget position for a year: B, live platform orders, off-platform spending and the festival spending
 * the cap is checked against. Read inside the submitting transaction too, so the budget block sees committed orders.
 */
export async function budgetPosition(orgId: number, year: number, connection: Connection = reader) {
  const budget = await first(connection, budgetRow({ orgId, year }));
  // Kept by triggers on "Order" (docs/decisions/0197-union-order-totals-by-trigger.md): one row, however many orders.
  const orders = await first(connection, orderTotalRow({ orgId, year }));
  const offPlatform = (await first(connection, offPlatformSum({ orgId, year }))) ?? { fen: 0 };
  const position: BudgetPosition = {
    budgetFen: budget ? toFen(budget.budgetFen) : null,
    committedOrdersFen: toFen(orders?.committedFen ?? 0),
    offPlatformFen: toFen(offPlatform.fen),
  };
  return {
    ...position,
    headcount: budget?.headcount ?? null,
    blockOverBudget: budget?.blockOverBudget === 1,
    festivalSpentFen: toFen(orders?.festivalFen ?? 0),
  };
}

export async function saveWelfareBudget(
  user: Actor,
  input: { year: number; budgetFen: number; headcount: number; blockOverBudget: boolean; approvalThresholdFen: number },
) {
  const orgId = user.org.id;
  await transaction(async (c) => {
    const before = await first(
      c,
      q.selectFrom("WelfareBudget").select(["budgetFen", "headcount", "blockOverBudget"]).where("orgId", "=", orgId).where("year", "=", input.year),
    );
    const threshold = await first(c, q.selectFrom("Organization").select("approvalThresholdFen").where("id", "=", orgId));
    await run(
      c,
      q
        .insertInto("WelfareBudget")
        .values({
          orgId,
          year: input.year,
          budgetFen: input.budgetFen,
          headcount: input.headcount,
          blockOverBudget: input.blockOverBudget ? 1 : 0,
          updatedAt: instant(Date.now()),
        })
        .onConflict((oc) =>
          oc.columns(["orgId", "year"]).doUpdateSet((eb) => ({
            budgetFen: eb.ref("excluded.budgetFen"),
            headcount: eb.ref("excluded.headcount"),
            blockOverBudget: eb.ref("excluded.blockOverBudget"),
            updatedAt: eb.ref("excluded.updatedAt"),
          })),
        ),
    );
    await run(c, q.updateTable("Organization").set({ approvalThresholdFen: input.approvalThresholdFen }).where("id", "=", orgId));
    // B of the union and of every report node above it, in the same transaction.
    await recordBudgetChanged(c, orgId, input.year);
    await recordAudit(c, {
      actorId: user.userId,
      orgId,
      action: "welfareBudget.save",
      entityType: "WelfareBudget",
      entityId: `${orgId}:${input.year}`,
      detail: {
        before: before
          ? {
              budgetFen: toFen(before.budgetFen),
              headcount: before.headcount,
              blockOverBudget: before.blockOverBudget === 1,
              approvalThresholdFen: toFen(threshold?.approvalThresholdFen ?? 0),
            }
          : null,
        after: input,
      },
    });
  });
}

export async function recordOffPlatformSpending(user: Actor, input: { spentOn: string; amountFen: number; category: string; note: string }) {
  const spentOn = startOfChinaDay(input.spentOn);
  await transaction(async (c) => {
    const { id } = await one(
      c,
      q
        .insertInto("OffPlatformSpending")
        .values({
          orgId: user.org.id,
          spentOn: instant(spentOn.getTime()),
          year: chinaYear(spentOn),
          amountFen: input.amountFen,
          category: input.category,
          note: input.note,
          createdById: user.userId,
          createdAt: instant(Date.now()),
        })
        .returning("id"),
    );
    await recordOffPlatformChanged(c, user.org.id, chinaYear(spentOn));
    await recordAudit(c, {
      actorId: user.userId,
      orgId: user.org.id,
      action: "offPlatformSpending.record",
      entityType: "OffPlatformSpending",
      entityId: id,
      detail: input,
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

function ownSpending(c: Connection, user: Actor, id: number) {
  return first(
    c,
    q
      .selectFrom("OffPlatformSpending")
      .select(["id", "orgId", "spentOn", "year", "amountFen", "category", "note"])
      .where("id", "=", id)
      .where("orgId", "=", user.org.id),
  );
}

/**
 * Corrects one off-platform spending entry of the caller's union, in the same transaction as its audit entry
 * ({ before, after }). "notFound" when it is not theirs; "closed" when the entry or its new date is in a closed year.
 */
export function correctOffPlatformSpending(user: Actor, id: number, input: SpendingInput) {
  const spentOn = startOfChinaDay(input.spentOn);
  const open = editableBudgetYears();
  return transaction(async (c) => {
    const before = await ownSpending(c, user, id);
    if (!before) return "notFound" as const;
    if (!open.includes(before.year) || !open.includes(chinaYear(spentOn))) return "closed" as const;
    await run(
      c,
      q
        .updateTable("OffPlatformSpending")
        .set({ spentOn: instant(spentOn.getTime()), year: chinaYear(spentOn), amountFen: input.amountFen, category: input.category, note: input.note })
        .where("id", "=", id),
    );
    // W is kept current per union and year: the year it left and the year it went to.
    await recordOffPlatformChanged(c, user.org.id, before.year);
    if (chinaYear(spentOn) !== before.year) await recordOffPlatformChanged(c, user.org.id, chinaYear(spentOn));
    await recordAudit(c, {
      actorId: user.userId,
      orgId: user.org.id,
      action: "offPlatformSpending.correct",
      entityType: "OffPlatformSpending",
      entityId: id,
      detail: { before: { ...before, spentOn: chinaDate(new Date(Number(before.spentOn))) }, after: input },
    });
    return { year: chinaYear(spentOn) };
  });
}

/** Deletes one off-platform spending entry of the caller's union (open years only), audited with what it was. */
export function deleteOffPlatformSpending(user: Actor, id: number) {
  const open = editableBudgetYears();
  return transaction(async (c) => {
    const before = await ownSpending(c, user, id);
    if (!before) return "notFound" as const;
    if (!open.includes(before.year)) return "closed" as const;
    await run(c, q.deleteFrom("OffPlatformSpending").where("id", "=", id));
    await recordOffPlatformChanged(c, user.org.id, before.year);
    await recordAudit(c, {
      actorId: user.userId,
      orgId: user.org.id,
      action: "offPlatformSpending.delete",
      entityType: "OffPlatformSpending",
      entityId: id,
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
  return all(
    reader,
    q
      .selectFrom("Product as p")
      .innerJoin("Supplier as s", "s.id", "p.supplierId")
      .innerJoin("Organization as o", "o.id", "s.orgId")
      .select(["p.id", "p.title", "p.unit", "p.priceFen", "o.name as supplierName"])
      .where("p.active", "=", 1)
      .where("p.stock", ">", 0)
      .where(sql.raw<boolean>(certifiedOnDaySql(`p."id"`, chinaDate(new Date()))))
      // Average rating, none counting as 0 (CASE, not SQLite's two-argument MAX: both engines run it).
      .orderBy(sql`s."ratingSum" * 1.0 / CASE WHEN s."ratingCount" > 1 THEN s."ratingCount" ELSE 1 END`, "desc")
      .orderBy("p.id")
      .limit(limit),
  );
}

/** The federation's target and festival cap for a year; only a leader of a federation may set them. A new target
 * rewrites the standings (gap, completion) of every union under the federation in the same transaction. */
export async function saveWelfarePolicy(user: Actor, input: { year: number; targetBasisPoints: number; festivalCapPerMemberFen: number }) {
  const orgId = user.org.id;
  await transaction(async (c) => {
    const before =
      (await first(
        c,
        q.selectFrom("WelfarePolicy").select(["targetBasisPoints", "festivalCapPerMemberFen"]).where("orgId", "=", orgId).where("year", "=", input.year),
      )) ?? null;
    await run(
      c,
      q
        .insertInto("WelfarePolicy")
        .values({ orgId, year: input.year, targetBasisPoints: input.targetBasisPoints, festivalCapPerMemberFen: input.festivalCapPerMemberFen })
        .onConflict((oc) =>
          oc.columns(["orgId", "year"]).doUpdateSet((eb) => ({
            targetBasisPoints: eb.ref("excluded.targetBasisPoints"),
            festivalCapPerMemberFen: eb.ref("excluded.festivalCapPerMemberFen"),
          })),
        ),
    );
    // Gaps and completions under this federation change with its target: rewrite their standings at once.
    await recordTargetChanged(c, orgId, input.year);
    await recordAudit(c, {
      actorId: user.userId,
      orgId,
      action: "welfarePolicy.save",
      entityType: "WelfarePolicy",
      entityId: `${orgId}:${input.year}`,
      detail: { before, after: input },
    });
  });
}
