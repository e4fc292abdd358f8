// The monthly bulletin (月度通报): one organisation's month and year to date, by child organisation, ranked, with
// the lagging units and the partner unions apart. Every figure is January to the chosen month of the chosen year,
// read from the same kept-current aggregates as the dashboard, so the two always agree.
import { reader } from "~/utils/db.server";
import { all, q } from "~/utils/sql.server";
import { chinaDate } from "~/domain/china-time";
import { childRollUps, laggingUnits, rankUnits, rollUpUnits } from "~/domain/report";
import { periodFigures } from "~/domain/year-over-year";
import { governingPolicy } from "./welfare.server";
import { unitsThrough } from "./report-periods.server";
import { childrenOf, reportOrg, unitsUnder, type Viewer } from "./reports.server";

async function monthFenOf(orgIds: number[], year: number, month: number): Promise<Map<number, number>> {
  if (!orgIds.length) return new Map();
  const rows = await all(
    reader,
    q
      .selectFrom("ProcurementBreakdown")
      .select(["orgId", "certifiedFen"])
      .where("year", "=", year)
      .where("dimension", "=", "MONTH")
      .where("key", "=", String(month).padStart(2, "0"))
      .where("orgId", "in", orgIds),
  );
  return new Map(rows.map((r) => [r.orgId, Number(r.certifiedFen)]));
}

export async function bulletin(viewer: Viewer, orgId: number, year: number, month: number, now = new Date()) {
  const org = await reportOrg(viewer, orgId);
  const policy = await governingPolicy(org.path, year);
  const target = policy.targetBasisPoints;
  const units = await unitsThrough(unitsUnder, org, year, month);
  const period = periodFigures(units, year, month, target);
  const allChildren = await childrenOf(org);
  const children = allChildren.filter((c) => !(org.kind === "FEDERATION" && c.kind === "PARTNER_GROUP"));
  const childMonth = await monthFenOf([org.id, ...children.map((c) => c.orgId)], year, month);
  const partnerGroups = org.kind === "FEDERATION" ? allChildren.filter((c) => c.kind === "PARTNER_GROUP") : [];
  const partners = await Promise.all(
    partnerGroups.map(async (group) => {
      const groupPolicy = await governingPolicy(group.path, year);
      const members = await unitsThrough(unitsUnder, { path: group.path, kind: group.kind }, year, month);
      const memberMonth = await monthFenOf(
        members.map((m) => m.orgId),
        year,
        month,
      );
      return {
        ...group,
        targetBasisPoints: groupPolicy.targetBasisPoints,
        figures: rollUpUnits(members, groupPolicy.targetBasisPoints),
        unions: rankUnits(members, groupPolicy.targetBasisPoints).map(({ unit, figures }) => ({
          orgId: unit.orgId,
          name: unit.name,
          monthFen: memberMonth.get(unit.orgId) ?? 0,
          figures,
        })),
      };
    }),
  );
  return {
    org: { id: org.id, name: org.name, kind: org.kind },
    year,
    month,
    issuedOn: chinaDate(now),
    targetBasisPoints: target,
    monthFen: childMonth.get(org.id) ?? 0,
    period,
    children: childRollUps(children, units, target).map((c) => ({ ...c, monthFen: childMonth.get(c.orgId) ?? 0 })),
    ranking: rankUnits(units, target)
      .slice(0, 10)
      .map(({ unit, figures }) => ({ orgId: unit.orgId, name: unit.name, figures })),
    lagging: laggingUnits(units, target, 15).map(({ unit, figures }) => ({
      orgId: unit.orgId,
      name: unit.name,
      contactName: unit.contactName,
      contactPhone: unit.contactPhone,
      figures,
    })),
    partners,
  };
}

export type Bulletin = Awaited<ReturnType<typeof bulletin>>;
