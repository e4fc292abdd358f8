// Report figures for part of a year: January to a given month. P per month is kept current per organisation
// (ProcurementBreakdown, dimension MONTH) and the year-to-date unit counts per node (ReportPeriodCount), so a
// node's period costs a few rows; the bulletin's per-unit list (unitsThrough) one row per unit and month.
import { sql, type SqlBool } from "kysely";
import { reader } from "~/utils/db.server";
import { all, first, prepared, q } from "~/utils/sql.server";
import { chinaMonth, chinaYear } from "~/domain/china-time";
import { periodFiguresOfNode, type PeriodFigures } from "~/domain/year-over-year";
import { isUnitKind } from "~/domain/procurement-ledger";
import type { UnitFigures } from "~/domain/report";
import { inSubtreeSql } from "~/models/rules-sql.server";
import { governingPolicy } from "./welfare.server";

type Org = { path: string; kind: string };
/** reports.server's unitsUnder, passed in so the two modules do not import each other. */
type UnitsOf = (org: Org, year: number) => Promise<UnitFigures[]>;

/** The last month with figures so far: this month in the current China year, December for a past year. */
export function throughMonthOf(year: number, now = new Date()): number {
  const current = chinaYear(now);
  return year < current ? 12 : year === current ? chinaMonth(now) : 0;
}

/**
 * The units under an organisation with P counted from January to `throughMonth` (inclusive) of `year`. Budgets are
 * the year's; W is not known by month, so platform and off-platform spending are left out of a period's figures.
 */
export async function unitsThrough(unitsOf: UnitsOf, org: Org, year: number, throughMonth: number): Promise<UnitFigures[]> {
  const units = await unitsOf(org, year);
  const kinds = org.kind === "FEDERATION" ? ["GRASSROOTS"] : ["GRASSROOTS", "PARTNER_UNION"];
  const rows = await all(
    reader,
    q
      .selectFrom("ProcurementBreakdown as b")
      .innerJoin("Organization as o", "o.id", "b.orgId")
      .select((eb) => ["b.orgId as orgId", eb.fn.sum<number>("b.certifiedFen").as("fen")])
      .where("b.year", "=", year)
      .where("b.dimension", "=", "MONTH")
      .where("b.key", "<=", String(throughMonth).padStart(2, "0"))
      .where(sql.raw<SqlBool>(inSubtreeSql(`o."path"`, org.path)))
      .where("o.kind", "in", kinds)
      .groupBy("b.orgId"),
  );
  const byUnit = new Map(rows.map((r) => [r.orgId, Number(r.fen)]));
  return units.map((u) => ({ ...u, assistanceProcurementFen: byUnit.get(u.orgId) ?? 0, otherPlatformFen: 0, offPlatformFen: 0 }));
}

export interface YearOverYear {
  current: PeriodFigures;
  previous: PeriodFigures;
}

const nodeTotal = prepared((p: { orgId: number; year: number }) =>
  q.selectFrom("ProcurementTotal").select(["budgetFen", "unitsWithBudget"]).where("orgId", "=", p.orgId).where("year", "=", p.year),
);
const unitCount = prepared((p: { orgId: number }) => q.selectFrom("ReportUnitCount").select("registered").where("orgId", "=", p.orgId));
const certifiedThrough = prepared((p: { orgId: number; year: number; through: string }) =>
  q
    .selectFrom("ProcurementBreakdown")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | bigint>("certifiedFen"), eb.lit(0)).as("fen"))
    .where("orgId", "=", p.orgId)
    .where("year", "=", p.year)
    .where("dimension", "=", "MONTH")
    .where("key", "<=", p.through),
);
const periodCount = prepared((p: { orgId: number; year: number; month: number }) =>
  q
    .selectFrom("ReportPeriodCount")
    .select(["unitsBought", "unitsBudgetBought"])
    .where("orgId", "=", p.orgId)
    .where("year", "=", p.year)
    .where("month", "=", p.month),
);

/**
 * A report node's figures from January to `throughMonth` of `year`, from its kept rows only: its budget and unit
 * counts (ProcurementTotal, ReportUnitCount), its P per month (MONTH breakdown) and, above unions, its year-to-date
 * counts (ReportPeriodCount). A few rows whatever the number of units below (docs/decisions/0182-period-counts.md).
 */
async function nodeThrough(org: Org & { id: number }, year: number, throughMonth: number, targetBasisPoints: number): Promise<PeriodFigures> {
  const through = String(throughMonth).padStart(2, "0");
  const total = await first(reader, nodeTotal({ orgId: org.id, year }));
  const registered = (await first(reader, unitCount({ orgId: org.id })))?.registered ?? 0;
  const certified = await first(reader, certifiedThrough({ orgId: org.id, year, through }));
  const budgetFen = Number(total?.budgetFen ?? 0);
  const certifiedThroughFen = throughMonth > 0 ? Number(certified?.fen ?? 0) : 0;
  let bought = 0;
  let budgetBought = 0;
  if (isUnitKind(org.kind)) {
    // A union is its own only unit.
    bought = certifiedThroughFen > 0 ? 1 : 0;
    budgetBought = bought && budgetFen > 0 ? 1 : 0;
  } else if (throughMonth > 0) {
    const counts = await first(reader, periodCount({ orgId: org.id, year, month: throughMonth }));
    bought = counts?.unitsBought ?? 0;
    budgetBought = counts?.unitsBudgetBought ?? 0;
  }
  return periodFiguresOfNode(
    { budgetFen, certifiedThroughFen, registered, withBudget: total?.unitsWithBudget ?? 0, bought, budgetBought },
    year,
    throughMonth,
    targetBasisPoints,
  );
}

/** This year to date against the same months of last year, each year with its own target. */
export async function yearOverYear(org: Org & { id: number }, year: number, throughMonth: number): Promise<YearOverYear> {
  const policy = await governingPolicy(org.path, year);
  const lastPolicy = await governingPolicy(org.path, year - 1);
  return {
    current: await nodeThrough(org, year, throughMonth, policy.targetBasisPoints),
    previous: await nodeThrough(org, year - 1, throughMonth, lastPolicy.targetBasisPoints),
  };
}
