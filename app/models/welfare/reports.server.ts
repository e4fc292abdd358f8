// Procurement-share reports. Every figure comes from the kept-current aggregates (ProcurementTotal,
// ProcurementBreakdown) plus budgets and off-platform records: a dashboard reads a number of rows bounded by the
// number of unions, never by the number of order lines. Every function is scoped to the viewer's subtree.
import { sqlite } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/permissions.server";
import { childRollUps, childrenForDisplay, laggingUnits, rankUnits, rollUpUnits, unitCounts, type ChildOrg, type UnitFigures } from "~/domain/report";
import type { BreakdownDimension } from "~/domain/procurement-ledger";
import { inSubtreeSql } from "~/models/rules-sql.server";
import { governingPolicy } from "~/models/welfare/welfare.server";
import { isInSubtree, type Actor } from "~/domain/actor";

/** Whoever reads a report: only the organisation (its subtree) matters. */
export type Viewer = { org: Pick<Actor["org"], "id" | "path"> };

interface OrgRow {
  id: number;
  name: string;
  kind: string;
  path: string;
  parentId: number | null;
  contactName: string | null;
  contactPhone: string | null;
}

const REPORTABLE_KINDS = new Set(["FEDERATION", "COUNTY", "PARTNER_GROUP", "GRASSROOTS", "PARTNER_UNION"]);

/** The organisation a report is about, if the viewer may see it (its own or a descendant). */
export function reportOrg(viewer: Viewer, orgId: number): OrgRow {
  const org = sqlite
    .prepare(`SELECT "id","name","kind","path","parentId","contactName","contactPhone" FROM "Organization" WHERE "id" = ?`)
    .get(orgId) as OrgRow | undefined;
  if (!org || !REPORTABLE_KINDS.has(org.kind)) notFound();
  if (!isInSubtree(viewer, org.path)) forbidden();
  return org;
}

/**
 * The buying units under an organisation with B, P, other platform spending and off-platform spending for a year.
 * A federation's own figures exclude partner unions, which are reported under their partner group.
 */
export function unitsUnder(org: Pick<OrgRow, "path" | "kind">, year: number): UnitFigures[] {
  const kinds = org.kind === "FEDERATION" ? `('GRASSROOTS')` : `('GRASSROOTS','PARTNER_UNION')`;
  const rows = sqlite
    .prepare(
      `SELECT o."id", o."name", o."path", o."contactName", o."contactPhone",
              b."budgetFen", t."certifiedFen", t."otherPlatformFen", off."spentFen"
       FROM "Organization" o
       LEFT JOIN "WelfareBudget" b ON b."orgId" = o."id" AND b."year" = @year
       LEFT JOIN "ProcurementTotal" t ON t."orgId" = o."id" AND t."year" = @year
       LEFT JOIN (SELECT "orgId", SUM("amountFen") AS "spentFen" FROM "OffPlatformSpending" WHERE "year" = @year GROUP BY "orgId") off
              ON off."orgId" = o."id"
       WHERE ${inSubtreeSql(`o."path"`, org.path)} AND o."kind" IN ${kinds}
       ORDER BY o."path"`,
    )
    .all({ year }) as Array<{
    id: number; name: string; path: string; contactName: string | null; contactPhone: string | null;
    budgetFen: number | null; certifiedFen: number | null; otherPlatformFen: number | null; spentFen: number | null;
  }>;
  return rows.map((r) => ({
    orgId: r.id,
    name: r.name,
    path: r.path,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    budgetFen: r.budgetFen ?? 0,
    hasBudget: r.budgetFen != null && r.budgetFen > 0,
    assistanceProcurementFen: r.certifiedFen ?? 0,
    otherPlatformFen: r.otherPlatformFen ?? 0,
    offPlatformFen: r.spentFen ?? 0,
  }));
}

function childrenOf(org: OrgRow): ChildOrg[] {
  return (
    sqlite
      .prepare(`SELECT "id","name","kind","path" FROM "Organization" WHERE "parentId" = ? AND "kind" IN ('COUNTY','GRASSROOTS','PARTNER_GROUP','PARTNER_UNION') ORDER BY "id"`)
      .all(org.id) as Array<{ id: number; name: string; kind: string; path: string }>
  ).map((c) => ({ orgId: c.id, name: c.name, kind: c.kind, path: c.path }));
}

export interface BreakdownRow {
  key: string;
  label: string;
  certifiedFen: number;
  lineCount: number;
  householdsBenefited: number | null;
}

/** P by one dimension for an organisation and year, labelled from reference data. */
export function breakdown(orgId: number, year: number, dimension: BreakdownDimension): BreakdownRow[] {
  const rows = sqlite
    .prepare(`SELECT "key","certifiedFen","lineCount" FROM "ProcurementBreakdown" WHERE "orgId" = ? AND "year" = ? AND "dimension" = ? AND "certifiedFen" <> 0`)
    .all(orgId, year, dimension) as Array<{ key: string; certifiedFen: number; lineCount: number }>;
  const labels = new Map<string, { label: string; households: number | null }>();
  if (dimension === "VILLAGE") {
    const villages = sqlite
      .prepare(`SELECT v."id", v."name", v."township", v."county", COALESCE(SUM(sv."householdsBenefited"), 0) AS "households"
                FROM "Village" v LEFT JOIN "SupplierVillage" sv ON sv."villageId" = v."id" GROUP BY v."id"`)
      .all() as Array<{ id: number; name: string; township: string; county: string; households: number }>;
    for (const v of villages) labels.set(String(v.id), { label: `${v.county}${v.township}${v.name}`, households: v.households });
  } else if (dimension === "SUPPLIER") {
    const suppliers = sqlite
      .prepare(`SELECT s."id", o."name", COALESCE(SUM(sv."householdsBenefited"), 0) AS "households"
                FROM "Supplier" s JOIN "Organization" o ON o."id" = s."orgId" LEFT JOIN "SupplierVillage" sv ON sv."supplierId" = s."id" GROUP BY s."id"`)
      .all() as Array<{ id: number; name: string; households: number }>;
    for (const s of suppliers) labels.set(String(s.id), { label: s.name, households: s.households });
  }
  return rows
    .map((r) => ({
      key: r.key,
      label: labels.get(r.key)?.label ?? r.key,
      certifiedFen: r.certifiedFen,
      lineCount: r.lineCount,
      householdsBenefited: labels.get(r.key)?.households ?? null,
    }))
    .sort((a, b) => (dimension === "MONTH" ? a.key.localeCompare(b.key) : b.certifiedFen - a.certifiedFen));
}

function totalsOf(orgId: number, year: number) {
  return (
    (sqlite.prepare(`SELECT "certifiedFen","otherPlatformFen" FROM "ProcurementTotal" WHERE "orgId" = ? AND "year" = ?`).get(orgId, year) as
      | { certifiedFen: number; otherPlatformFen: number }
      | undefined) ?? { certifiedFen: 0, otherPlatformFen: 0 }
  );
}

function parentVisibleTo(viewer: Viewer, org: OrgRow): number | null {
  if (org.parentId == null) return null;
  const parent = sqlite.prepare(`SELECT "path" FROM "Organization" WHERE "id" = ?`).get(org.parentId) as { path: string } | undefined;
  return parent && isInSubtree(viewer, parent.path) ? org.parentId : null;
}

/** Everything the leader dashboard shows for one organisation and year. */
export async function dashboard(viewer: Viewer, orgId: number, year: number) {
  const org = reportOrg(viewer, orgId);
  const policy = governingPolicy(org.path, year);
  const target = policy.targetBasisPoints;
  const units = unitsUnder(org, year);
  const headline = rollUpUnits(units, target);
  const allChildren = childRollUps(childrenOf(org).filter((c) => !(org.kind === "FEDERATION" && c.kind === "PARTNER_GROUP")), units, target);
  const { shown: children, hidden: hiddenChildren } = childrenForDisplay(allChildren);
  const partnerGroups = org.kind === "FEDERATION" ? childrenOf(org).filter((c) => c.kind === "PARTNER_GROUP") : [];
  const partners = partnerGroups.map((group) => {
    const members = unitsUnder({ path: group.path, kind: group.kind }, year);
    // Partner unions follow their own partner group's policy, shown here with that same target.
    const groupTarget = governingPolicy(group.path, year).targetBasisPoints;
    return { ...group, counts: unitCounts(members), figures: rollUpUnits(members, groupTarget) };
  });
  const monthly = breakdown(org.id, year, "MONTH");
  return {
    // The way up is offered only where the viewer may go: the same subtree predicate as the guard.
    org: { id: org.id, name: org.name, kind: org.kind, parentId: parentVisibleTo(viewer, org) },
    year,
    policy,
    headline,
    // The org's own aggregate row; equal to ΣP of its units (npm run report:verify proves it).
    totals: totalsOf(org.id, year),
    counts: unitCounts(units),
    children,
    hiddenChildren,
    partners,
    lagging: laggingUnits(units, target),
    ranking: rankUnits(units, target).slice(0, 10),
    monthly: Array.from({ length: 12 }, (_, i) => {
      const key = String(i + 1).padStart(2, "0");
      return { month: i + 1, certifiedFen: monthly.find((m) => m.key === key)?.certifiedFen ?? 0 };
    }),
    breakdowns: {
      CATEGORY: breakdown(org.id, year, "CATEGORY"),
      COUNTY: breakdown(org.id, year, "COUNTY"),
      VILLAGE: breakdown(org.id, year, "VILLAGE"),
      SUPPLIER: breakdown(org.id, year, "SUPPLIER"),
      TRADE_ROLE: breakdown(org.id, year, "TRADE_ROLE"),
    },
    isUnion: org.kind === "GRASSROOTS" || org.kind === "PARTNER_UNION",
  };
}

export type Dashboard = Awaited<ReturnType<typeof dashboard>>;

/** Every child's roll-up, for exports (the page shows at most the 100 largest gaps). */
export async function allChildRollUps(viewer: Viewer, orgId: number, year: number) {
  const org = reportOrg(viewer, orgId);
  const policy = governingPolicy(org.path, year);
  return childRollUps(childrenOf(org).filter((c) => !(org.kind === "FEDERATION" && c.kind === "PARTNER_GROUP")), unitsUnder(org, year), policy.targetBasisPoints);
}

/** A union's paid orders in a China year with what each contributed (drill-down level 4). */
export function paidOrdersOfUnion(viewer: Viewer, unionId: number, year: number) {
  const union = reportOrg(viewer, unionId);
  const start = Date.parse(`${year}-01-01T00:00:00+08:00`);
  const end = Date.parse(`${year + 1}-01-01T00:00:00+08:00`);
  const orders = sqlite
    .prepare(
      `SELECT o."id", o."code", o."occasion", o."status", o."paymentStatus", o."totalFen", o."paidAt",
              COALESCE((SELECT SUM(l."amountFen") FROM "OrderLine" l WHERE l."orderId" = o."id" AND l."certifiedOnOrderDate" = 1), 0)
              - COALESCE((SELECT SUM(rl."amountFen") FROM "RefundLine" rl JOIN "Refund" r ON r."id" = rl."refundId"
                           JOIN "OrderLine" l ON l."id" = rl."orderLineId"
                          WHERE r."orderId" = o."id" AND r."status" = 'SUCCEEDED' AND l."certifiedOnOrderDate" = 1), 0) AS "countedFen"
       FROM "Order" o WHERE o."unionId" = ? AND o."paidAt" >= ? AND o."paidAt" < ? ORDER BY o."paidAt" DESC`,
    )
    .all(union.id, start, end) as Array<{ id: number; code: string; occasion: string; status: string; paymentStatus: string; totalFen: number; paidAt: number; countedFen: number }>;
  return { union: { id: union.id, name: union.name, parentId: union.parentId }, year, orders: orders.map((o) => ({ ...o, paidAt: new Date(o.paidAt).toISOString() })) };
}

/** One order's lines as snapshotted at order time (drill-down level 5). */
export function orderLinesForReport(viewer: Viewer, orderId: number) {
  const order = sqlite
    .prepare(`SELECT o."id", o."code", o."unionId", o."paidAt", o."totalFen", org."path", org."name" AS "unionName"
              FROM "Order" o JOIN "Organization" org ON org."id" = o."unionId" WHERE o."id" = ?`)
    .get(orderId) as { id: number; code: string; unionId: number; paidAt: number | null; totalFen: number; path: string; unionName: string } | undefined;
  if (!order) notFound();
  if (!isInSubtree(viewer, order.path)) forbidden();
  const lines = sqlite
    .prepare(
      `SELECT l."id", l."productCode", l."productTitle", l."unit", l."category", l."unitPriceFen", l."quantity", l."amountFen",
              l."certifiedOnOrderDate", l."certificateNumber", l."originCounty", l."originVillageName", l."supplierTradeRole",
              so."name" AS "supplierName",
              COALESCE((SELECT SUM(rl."amountFen") FROM "RefundLine" rl JOIN "Refund" r ON r."id" = rl."refundId"
                         WHERE rl."orderLineId" = l."id" AND r."status" = 'SUCCEEDED'), 0) AS "refundedFen"
       FROM "OrderLine" l JOIN "Supplier" s ON s."id" = l."supplierId" JOIN "Organization" so ON so."id" = s."orgId"
       WHERE l."orderId" = ? ORDER BY l."id"`,
    )
    .all(orderId) as Array<{
    id: number; productCode: string; productTitle: string; unit: string; category: string; unitPriceFen: number; quantity: number;
    amountFen: number; certifiedOnOrderDate: number; certificateNumber: string | null; originCounty: string; originVillageName: string | null;
    supplierTradeRole: string; supplierName: string; refundedFen: number;
  }>;
  return {
    order: { id: order.id, code: order.code, unionId: order.unionId, unionName: order.unionName, paidAt: order.paidAt ? new Date(order.paidAt).toISOString() : null, totalFen: order.totalFen },
    lines: lines.map((l) => ({ ...l, certifiedOnOrderDate: l.certifiedOnOrderDate === 1 })),
  };
}
