// Report figures for part of a year: January to a given month. P per month is kept current per organisation
// (ProcurementBreakdown, dimension MONTH), so a period costs one row per unit and month, never a scan of order lines.
import { sqlite } from "~/utils/db.server";
import { all, q } from "~/utils/sql.server";
import { chinaMonth, chinaYear } from "~/domain/china-time";
import { periodFigures, type PeriodFigures } from "~/domain/year-over-year";
import type { UnitFigures } from "~/domain/report";
import { governingPolicy } from "./welfare.server";

type Org = { path: string; kind: string };
/** reports.server's unitsUnder, passed in so the two modules do not import each other. */
type UnitsOf = (org: Org, year: number) => UnitFigures[];

/** The last month with figures so far: this month in the current China year, December for a past year. */
export function throughMonthOf(year: number, now = new Date()): number {
  const current = chinaYear(now);
  return year < current ? 12 : year === current ? chinaMonth(now) : 0;
}

/**
 * The units under an organisation with P counted from January to `throughMonth` (inclusive) of `year`. Budgets are
 * the year's; W is not known by month, so platform and off-platform spending are left out of a period's figures.
 */
export function unitsThrough(unitsOf: UnitsOf, org: Org, year: number, throughMonth: number): UnitFigures[] {
  const units = unitsOf(org, year);
  const kinds = org.kind === "FEDERATION" ? ["GRASSROOTS"] : ["GRASSROOTS", "PARTNER_UNION"];
  const rows = all(
    sqlite,
    q
      .selectFrom("ProcurementBreakdown as b")
      .innerJoin("Organization as o", "o.id", "b.orgId")
      .select((eb) => ["b.orgId as orgId", eb.fn.sum<number>("b.certifiedFen").as("fen")])
      .where("b.year", "=", year)
      .where("b.dimension", "=", "MONTH")
      .where("b.key", "<=", String(throughMonth).padStart(2, "0"))
      .where("o.path", ">=", org.path)
      .where("o.path", "<", `${org.path}\uffff`)
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

/** This year to date against the same months of last year, each year with its own target. */
export async function yearOverYear(unitsOf: UnitsOf, org: Org, year: number, throughMonth: number): Promise<YearOverYear> {
  const policy = governingPolicy(org.path, year);
  const lastPolicy = governingPolicy(org.path, year - 1);
  return {
    current: periodFigures(unitsThrough(unitsOf, org, year, throughMonth), year, throughMonth, policy.targetBasisPoints),
    previous: periodFigures(unitsThrough(unitsOf, org, year - 1, throughMonth), year - 1, throughMonth, lastPolicy.targetBasisPoints),
  };
}
