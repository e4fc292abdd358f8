// Procurement-share reports. Every figure comes from the kept rows of the report nodes (ProcurementTotal,
// ReportUnitCount, ReportStanding, ProcurementBreakdown), which the ledger keeps current in the transaction of
// each money event: a dashboard reads its own row, one page of its children's rows (25) and bounded
// lagging and ranking lists from an index — never a number of rows that grows with the units or order lines
// below it (docs/decisions/0180-report-nodes.md). Every function is scoped to the viewer's subtree.
import { isBuyingUnion } from "~/domain/roles";
import { chinaYearBounds } from "~/domain/china-time";
import { expressionBuilder, sql, type Expression, type InferResult, type SqlBool } from "kysely";
import type { DB } from "~/generated/db-types";
import { reader } from "~/utils/db.server";
import { all, first, listStandIns, listValues, prepared, q, instant } from "~/utils/sql.server";
import { forbidden, notFound } from "~/utils/permissions.server";
import { nodeCounts, nodeShare, unitShare, type ChildOrg, type NodeRow, type UnitFigures } from "~/domain/report";
import type { ShareFigures } from "~/domain/welfare-share";
import type { BreakdownDimension } from "~/domain/procurement-ledger";
import { inSubtreeSql } from "~/models/rules-sql.server";
import { governingPolicy } from "~/models/welfare/welfare.server";
import { isInSubtree, type Actor } from "~/domain/actor";
import { throughMonthOf, yearOverYear } from "./report-periods.server";
import { ratingAverage } from "~/domain/order-state";

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
const UNIT_KINDS = ["GRASSROOTS", "PARTNER_UNION"];
/** Conditions on an organisation aliased o, for keptNodes. */
const orgs = expressionBuilder<{ o: DB["Organization"] }, "o">();
/** Children on one page of the children table; more than this are paged, biggest gaps first; exports hold them all. */
export const CHILDREN_PER_PAGE = 25;
/** The lagging list and the ranking on a dashboard: ten each, a phone screen's worth; the exports and the reminders
 * page hold every unit. */
const LAGGING_SHOWN = 10;
const RANKING_SHOWN = 10;

const reportOrgRow = prepared((p: { orgId: number }) =>
  q.selectFrom("Organization").select(["id", "name", "kind", "path", "parentId", "contactName", "contactPhone"]).where("id", "=", p.orgId),
);

/** The organisation a report is about, if the viewer may see it (its own or a descendant). */
export async function reportOrg(viewer: Viewer, orgId: number): Promise<OrgRow> {
  const org = await first(reader, reportOrgRow({ orgId }));
  if (!org || !REPORTABLE_KINDS.has(org.kind)) notFound();
  if (!isInSubtree(viewer, org.path)) forbidden();
  return org;
}

interface KeptNode {
  orgId: number;
  name: string;
  kind: string;
  path: string;
  contactName: string | null;
  contactPhone: string | null;
  registered: number;
  row: NodeRow;
}

/** Organisations (o) matching `where` with their kept row for the year (zeros when they have none yet), as a query. */
function keptQuery(where: Expression<SqlBool>, year: number) {
  return q
    .selectFrom("Organization as o")
    .leftJoin("ReportUnitCount as u", "u.orgId", "o.id")
    .leftJoin("ProcurementTotal as t", (join) => join.onRef("t.orgId", "=", "o.id").on("t.year", "=", year))
    .select((eb) => [
      "o.id",
      "o.name",
      "o.kind",
      "o.path",
      "o.contactName",
      "o.contactPhone",
      eb.fn.coalesce("u.registered", sql.lit(0)).as("registered"),
      eb.fn.coalesce("t.budgetFen", sql.lit(0)).as("budgetFen"),
      eb.fn.coalesce("t.certifiedFen", sql.lit(0)).as("certifiedFen"),
      eb.fn.coalesce("t.otherPlatformFen", sql.lit(0)).as("otherPlatformFen"),
      eb.fn.coalesce("t.offPlatformFen", sql.lit(0)).as("offPlatformFen"),
      eb.fn.coalesce("t.unitsWithBudget", sql.lit(0)).as("unitsWithBudget"),
      eb.fn.coalesce("t.unitsBought", sql.lit(0)).as("unitsBought"),
      eb.fn.coalesce("t.unitsBudgetNoPurchases", sql.lit(0)).as("unitsBudgetNoPurchases"),
    ])
    .where(where)
    .where("o.mergedIntoId", "is", null)
    .orderBy("o.id");
}

type KeptRow = InferResult<ReturnType<typeof keptQuery>>[number];

function asKeptNode(r: KeptRow): KeptNode {
  return {
    orgId: r.id,
    name: r.name,
    kind: r.kind,
    path: r.path,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    registered: r.registered,
    row: {
      budgetFen: Number(r.budgetFen),
      certifiedFen: Number(r.certifiedFen),
      otherPlatformFen: Number(r.otherPlatformFen),
      offPlatformFen: Number(r.offPlatformFen),
      unitsWithBudget: r.unitsWithBudget,
      unitsBought: r.unitsBought,
      unitsBudgetNoPurchases: r.unitsBudgetNoPurchases,
    },
  };
}

/** Organisations (o) matching `where` with their kept row for the year: for exports, whose conditions vary. */
async function keptNodes(where: Expression<SqlBool>, year: number): Promise<KeptNode[]> {
  return (await all(reader, keptQuery(where, year))).map(asKeptNode);
}

// The dashboard's own reads of kept rows, each compiled once (prepared): one node, a node's children of some kinds,
// and a list of ids.
const keptNode = prepared((p: { orgId: number; year: number }) => keptQuery(orgs("o.id", "=", p.orgId), p.year));
const keptChildren = prepared((p: { parentId: number; year: number }, kinds: string) =>
  keptQuery(orgs.and([orgs("o.parentId", "=", p.parentId), orgs("o.kind", "in", kinds.split(","))]), p.year),
);
const keptByIds = prepared((p: Record<string, number>, count: string) => keptQuery(orgs("o.id", "in", listStandIns(p, count)), p.year));

async function nodeOf(orgId: number, year: number): Promise<KeptNode | undefined> {
  const row = await first(reader, keptNode({ orgId, year }));
  return row && asKeptNode(row);
}

async function childNodes(parentId: number, kinds: readonly string[], year: number): Promise<KeptNode[]> {
  return (await all(reader, keptChildren({ parentId, year }, kinds.join(",")))).map(asKeptNode);
}

export async function childrenOf(org: Pick<OrgRow, "id">): Promise<ChildOrg[]> {
  return (
    await all(
      reader,
      q
        .selectFrom("Organization")
        .select(["id", "name", "kind", "path"])
        .where("parentId", "=", org.id)
        .where("kind", "in", ["COUNTY", "GRASSROOTS", "PARTNER_GROUP", "PARTNER_UNION"])
        .orderBy("id"),
    )
  ).map((c) => ({ orgId: c.id, name: c.name, kind: c.kind, path: c.path }));
}

async function byIds(ids: number[], year: number): Promise<KeptNode[]> {
  if (ids.length === 0) return [];
  const found = new Map((await all(reader, keptByIds({ ...listValues(ids), year }, String(ids.length)))).map((r) => [r.id, asKeptNode(r)]));
  return ids.flatMap((id) => found.get(id) ?? []);
}

function asUnit(n: KeptNode): UnitFigures {
  return {
    orgId: n.orgId,
    name: n.name,
    path: n.path,
    contactName: n.contactName,
    contactPhone: n.contactPhone,
    budgetFen: n.row.budgetFen,
    hasBudget: n.row.budgetFen > 0,
    assistanceProcurementFen: n.row.certifiedFen,
    otherPlatformFen: n.row.otherPlatformFen,
    offPlatformFen: n.row.offPlatformFen,
  };
}

/** What a table row on the page shows: the page's payload stays small however large the figures' shape grows. */
function shown(figures: ShareFigures) {
  const { budgetFen, assistanceProcurementFen, share, completion, gapFen, grade } = figures;
  return { budgetFen, assistanceProcurementFen, share, completion, gapFen, grade };
}

function asChild(n: KeptNode, targetBasisPoints: number) {
  return {
    orgId: n.orgId,
    name: n.name,
    kind: n.kind,
    path: n.path,
    unitCount: n.registered,
    counts: nodeCounts(n.row, n.registered),
    figures: nodeShare(n.row, n.registered, targetBasisPoints),
  };
}

/** Child organisations whose figures roll into this one (a federation's partner group is reported apart). */
function rollingChildNodes(org: OrgRow, year: number): Promise<KeptNode[]> {
  const kinds = org.kind === "FEDERATION" ? ["COUNTY"] : ["COUNTY", "PARTNER_GROUP"];
  return childNodes(org.id, kinds, year);
}

/**
 * One page of the children table. At most CHILDREN_PER_PAGE children: all of them, by id. More: in this order,
 * CHILDREN_PER_PAGE a page — the child organisations (counties, partner groups), biggest gap first; the unions below
 * this node directly that have a budget for the year, biggest gap first, from the standings index; then those without
 * one (no gap to rank by), by id. How many of each comes from the kept rows, so a page costs the same however many
 * unions there are.
 */
async function childrenForScreen(org: OrgRow, self: KeptNode, year: number, targetBasisPoints: number, requestedPage: number) {
  const nodes = await rollingChildNodes(org, year);
  const directUnits = self.registered - nodes.reduce((sum, n) => sum + n.registered, 0);
  const total = nodes.length + directUnits;
  if (total <= CHILDREN_PER_PAGE) {
    const units = directUnits > 0 ? await childNodes(org.id, UNIT_KINDS, year) : [];
    const shown = [...nodes, ...units].sort((a, b) => a.orgId - b.orgId).map((n) => asChild(n, targetBasisPoints));
    return { shown, page: 1, pageCount: 1, total };
  }
  const budgetedUnits = self.row.unitsWithBudget - nodes.reduce((sum, n) => sum + n.row.unitsWithBudget, 0);
  const pageCount = Math.ceil(total / CHILDREN_PER_PAGE);
  const page = Math.min(Math.max(1, requestedPage), pageCount);
  // Positions on this page within the three runs: nodes, then budgeted units, then the others.
  const start = (page - 1) * CHILDREN_PER_PAGE;
  const end = start + CHILDREN_PER_PAGE;
  const slice = (runStart: number, runLength: number) => {
    const from = Math.max(0, start - runStart);
    return { offset: from, limit: Math.max(0, Math.min(runLength, end - runStart) - from) };
  };
  const nodesHere = slice(0, nodes.length);
  const budgeted = slice(nodes.length, budgetedUnits);
  const others = slice(nodes.length + budgetedUnits, directUnits - budgetedUnits);
  const budgetedIds = budgeted.limit ? (await all(reader, directUnitsByGap({ nodeId: org.id, year, ...budgeted }))).map((r) => r.unitId) : [];
  const otherIds = others.limit
    ? (await all(reader, directUnitsWithoutBudget({ nodeId: org.id, year, ...others }, UNIT_KINDS.join(",")))).map((r) => r.id)
    : [];
  const shown = [
    ...nodes
      .map((n) => asChild(n, targetBasisPoints))
      .sort((a, b) => b.figures.gapFen - a.figures.gapFen || a.name.localeCompare(b.name, "zh-CN"))
      .slice(nodesHere.offset, nodesHere.offset + nodesHere.limit),
    ...(await byIds([...budgetedIds, ...otherIds], year)).map((n) => asChild(n, targetBasisPoints)),
  ];
  return { shown, page, pageCount, total };
}

/** A node's direct unions without a standing for the year (no budget), by id: the children table's last pages. */
const directUnitsWithoutBudget = prepared((p: { nodeId: number; year: number; limit: number; offset: number }, kinds: string) =>
  q
    .selectFrom("Organization as o")
    .select("o.id")
    .where("o.parentId", "=", p.nodeId)
    .where("o.kind", "in", kinds.split(","))
    .where("o.mergedIntoId", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("ReportStanding as s").select("s.unitId").whereRef("s.unitId", "=", "o.id").where("s.nodeId", "=", p.nodeId).where("s.year", "=", p.year),
        ),
      ),
    )
    .orderBy("o.id")
    .limit(p.limit)
    .offset(p.offset),
);

// The standings index, read for a page of direct units, the lagging list and the ranking: a node's units of a year,
// best-first by one figure.
function standings(p: { nodeId: number; year: number; limit: number }, by: "gapFen" | "completion") {
  return q
    .selectFrom("ReportStanding")
    .select("unitId")
    .where("nodeId", "=", p.nodeId)
    .where("year", "=", p.year)
    .orderBy(by, "desc")
    .orderBy("unitId")
    .limit(p.limit);
}
const directUnitsByGap = prepared((p: { nodeId: number; year: number; limit: number; offset: number }) =>
  standings(p, "gapFen").where("direct", "=", 1).offset(p.offset),
);
const unitsShortOfTarget = prepared((p: { nodeId: number; year: number; limit: number }) => standings(p, "gapFen").where("gapFen", ">", 0));
const unitsByCompletion = prepared((p: { nodeId: number; year: number; limit: number }) => standings(p, "completion"));

/** Unions with a budget short of the target, biggest gap first: who a leader should call. */
async function lagging(org: OrgRow, year: number, targetBasisPoints: number) {
  const ids = await all(reader, unitsShortOfTarget({ nodeId: org.id, year, limit: LAGGING_SHOWN }));
  return (
    await byIds(
      ids.map((r) => r.unitId),
      year,
    )
  ).map((n) => ({
    unit: { orgId: n.orgId, name: n.name, contactName: n.contactName, contactPhone: n.contactPhone },
    figures: shown(unitShare(asUnit(n), targetBasisPoints)),
  }));
}

/** Unions with a budget by completion, best first; equal completions in name order. */
async function ranking(org: OrgRow, year: number, targetBasisPoints: number) {
  const ids = await all(reader, unitsByCompletion({ nodeId: org.id, year, limit: RANKING_SHOWN }));
  return (
    await byIds(
      ids.map((r) => r.unitId),
      year,
    )
  )
    .map((n) => ({ unit: { orgId: n.orgId, name: n.name }, figures: shown(unitShare(asUnit(n), targetBasisPoints)) }))
    .sort((a, b) => (b.figures.completion ?? 0) - (a.figures.completion ?? 0) || a.unit.name.localeCompare(b.unit.name, "zh-CN"));
}

/**
 * Every buying unit under an organisation with B, P, other platform spending and off-platform spending for a
 * year, for the full exports (the page never reads this). A federation's own figures exclude partner unions.
 */
export async function unitsUnder(org: Pick<OrgRow, "path" | "kind">, year: number): Promise<UnitFigures[]> {
  const kinds = org.kind === "FEDERATION" ? ["GRASSROOTS"] : UNIT_KINDS;
  return (await keptNodes(orgs.and([sql.raw<SqlBool>(inSubtreeSql(`o."path"`, org.path)), orgs("o.kind", "in", kinds)]), year))
    .sort((a, b) => a.path.localeCompare(b.path))
    .map(asUnit);
}

export interface BreakdownRow {
  key: string;
  label: string;
  certifiedFen: number;
  lineCount: number;
  householdsBenefited: number | null;
  /** For suppliers: after-sales complaints (all time) and average rating. */
  complaints?: number;
  ratingAverage?: number | null;
}

const breakdownRows = prepared((p: { orgId: number; year: number; dimension: BreakdownDimension }) =>
  q
    .selectFrom("ProcurementBreakdown")
    .select(["key", "certifiedFen", "lineCount"])
    .where("orgId", "=", p.orgId)
    .where("year", "=", p.year)
    .where("dimension", "=", p.dimension)
    .where("certifiedFen", "<>", 0),
);
const villageLabels = prepared((p: Record<string, number>, count: string) =>
  q
    .selectFrom("Village as v")
    .leftJoin("SupplierVillage as sv", "sv.villageId", "v.id")
    .select((eb) => ["v.id", "v.name", "v.township", "v.county", eb.fn.coalesce(eb.fn.sum<number>("sv.householdsBenefited"), sql.lit(0)).as("households")])
    .where("v.id", "in", listStandIns(p, count))
    .groupBy("v.id"),
);
const supplierLabels = prepared((p: Record<string, number>, count: string) =>
  q
    .selectFrom("Supplier as s")
    .innerJoin("Organization as o", "o.id", "s.orgId")
    .leftJoin("SupplierVillage as sv", "sv.supplierId", "s.id")
    .select((eb) => [
      "s.id",
      "o.name",
      eb.fn.coalesce(eb.fn.sum<number>("sv.householdsBenefited"), sql.lit(0)).as("households"),
      "s.ratingSum",
      "s.ratingCount",
      eb
        .selectFrom("Complaint as k")
        .select((k) => k.fn.countAll<number>().as("n"))
        .whereRef("k.supplierId", "=", "s.id")
        .$asScalar()
        .as("complaints"),
    ])
    .where("s.id", "in", listStandIns(p, count))
    // o.name too: PostgreSQL infers functional dependence only on the grouped table's own key.
    .groupBy(["s.id", "o.name"]),
);

/** P by one dimension for an organisation and year, labelled from reference data. */
export async function breakdown(orgId: number, year: number, dimension: BreakdownDimension): Promise<BreakdownRow[]> {
  const rows = await all(reader, breakdownRows({ orgId, year, dimension }));
  const labels = new Map<string, { label: string; households: number | null; complaints?: number; ratingAverage?: number | null }>();
  const ids = rows.map((r) => Number(r.key)).filter((id) => Number.isInteger(id));
  if (dimension === "VILLAGE" && ids.length) {
    const villages = await all(reader, villageLabels(listValues(ids), String(ids.length)));
    for (const v of villages) labels.set(String(v.id), { label: `${v.county}${v.township}${v.name}`, households: v.households });
  } else if (dimension === "SUPPLIER" && ids.length) {
    const suppliers = await all(reader, supplierLabels(listValues(ids), String(ids.length)));
    for (const s of suppliers)
      labels.set(String(s.id), {
        label: s.name,
        households: s.households,
        complaints: s.complaints,
        ratingAverage: ratingAverage(s),
      });
  }
  return rows
    .map((r) => ({
      key: r.key,
      label: labels.get(r.key)?.label ?? r.key,
      certifiedFen: Number(r.certifiedFen),
      lineCount: r.lineCount,
      householdsBenefited: labels.get(r.key)?.households ?? null,
      ...(dimension === "SUPPLIER" ? { complaints: labels.get(r.key)?.complaints ?? 0, ratingAverage: labels.get(r.key)?.ratingAverage ?? null } : {}),
    }))
    .sort((a, b) => (dimension === "MONTH" ? a.key.localeCompare(b.key) : b.certifiedFen - a.certifiedFen));
}

async function monthlySeries(orgId: number, year: number) {
  const monthly = await breakdown(orgId, year, "MONTH");
  return Array.from({ length: 12 }, (_, i) => {
    const key = String(i + 1).padStart(2, "0");
    return { month: i + 1, certifiedFen: monthly.find((m) => m.key === key)?.certifiedFen ?? 0 };
  });
}

const pathOf = prepared((p: { id: number }) => q.selectFrom("Organization").select("path").where("id", "=", p.id));

async function parentVisibleTo(viewer: Viewer, org: OrgRow): Promise<number | null> {
  if (org.parentId == null) return null;
  const parent = await first(reader, pathOf({ id: org.parentId }));
  return parent && isInSubtree(viewer, parent.path) ? org.parentId : null;
}

/** Everything the leader dashboard shows for one organisation and year. */
export async function dashboard(viewer: Viewer, orgId: number, year: number, childrenPage = 1) {
  const org = await reportOrg(viewer, orgId);
  const policy = await governingPolicy(org.path, year);
  const target = policy.targetBasisPoints;
  const self = await nodeOf(org.id, year);
  // A merged unit keeps its history under the survivor (docs/decisions/0144-what-a-merge-moves.md): no page of its own.
  if (!self) notFound();
  const isUnion = isBuyingUnion(org.kind);
  const children = isUnion ? { shown: [], page: 1, pageCount: 1, total: 0 } : await childrenForScreen(org, self, year, target, childrenPage);
  const partnerGroups = org.kind === "FEDERATION" ? await childNodes(org.id, ["PARTNER_GROUP"], year) : [];
  const partners = await Promise.all(
    partnerGroups.map(async (group) => {
      // Partner unions follow their own group's policy; the city shows them apart with that same target.
      const groupTarget = (await governingPolicy(group.path, year)).targetBasisPoints;
      return { ...asChild(group, groupTarget), counts: nodeCounts(group.row, group.registered), figures: nodeShare(group.row, group.registered, groupTarget) };
    }),
  );
  const throughMonth = throughMonthOf(year);
  return {
    // The way up is offered only where the viewer may go: the same subtree predicate as the guard.
    org: { id: org.id, name: org.name, kind: org.kind, parentId: await parentVisibleTo(viewer, org) },
    year,
    policy,
    headline: nodeShare(self.row, self.registered, target),
    totals: { certifiedFen: self.row.certifiedFen, otherPlatformFen: self.row.otherPlatformFen },
    counts: nodeCounts(self.row, self.registered),
    children: children.shown.map((c) => ({ orgId: c.orgId, name: c.name, figures: shown(c.figures) })),
    childrenPage: { page: children.page, pageCount: children.pageCount, total: children.total },
    partners,
    lagging: isUnion ? [] : await lagging(org, year, target),
    ranking: isUnion ? [] : await ranking(org, year, target),
    monthly: await monthlySeries(org.id, year),
    monthlyLastYear: await monthlySeries(org.id, year - 1),
    yearOverYear: await yearOverYear(org, year, throughMonth),
    breakdowns: {
      CATEGORY: await breakdown(org.id, year, "CATEGORY"),
      COUNTY: await breakdown(org.id, year, "COUNTY"),
      VILLAGE: await breakdown(org.id, year, "VILLAGE"),
      SUPPLIER: await breakdown(org.id, year, "SUPPLIER"),
      TRADE_ROLE: await breakdown(org.id, year, "TRADE_ROLE"),
    },
    isUnion,
  };
}

export type Dashboard = Awaited<ReturnType<typeof dashboard>>;

/** Every child's figures, for exports (the page shows CHILDREN_PER_PAGE at a time): one row per child, never per unit below. */
export async function allChildRollUps(viewer: Viewer, orgId: number, year: number) {
  const org = await reportOrg(viewer, orgId);
  const policy = await governingPolicy(org.path, year);
  const units = await keptNodes(orgs.and([orgs("o.parentId", "=", org.id), orgs("o.kind", "in", UNIT_KINDS)]), year);
  return [...(await rollingChildNodes(org, year)), ...units].sort((a, b) => a.orgId - b.orgId).map((n) => asChild(n, policy.targetBasisPoints));
}

/** A union's paid orders in a China year with what each contributed (drill-down level 4). */
export async function paidOrdersOfUnion(viewer: Viewer, unionId: number, year: number) {
  const union = await reportOrg(viewer, unionId);
  const bounds = chinaYearBounds(year);
  const [start, end] = [bounds.start.getTime(), bounds.end.getTime()];
  const orders = await all(
    reader,
    q
      .selectFrom("Order as o")
      .select((eb) => {
        const certified = eb
          .selectFrom("OrderLine as l")
          .select((l) => l.fn.sum<number>("l.amountFen").as("fen"))
          .whereRef("l.orderId", "=", "o.id")
          .where("l.certifiedOnOrderDate", "=", 1);
        const refunded = eb
          .selectFrom("RefundLine as rl")
          .innerJoin("Refund as r", "r.id", "rl.refundId")
          .innerJoin("OrderLine as l", "l.id", "rl.orderLineId")
          .select((l) => l.fn.sum<number>("rl.amountFen").as("fen"))
          .whereRef("r.orderId", "=", "o.id")
          .where("r.status", "=", "SUCCEEDED")
          .where("l.certifiedOnOrderDate", "=", 1);
        return [
          "o.id",
          "o.code",
          "o.occasion",
          "o.status",
          "o.paymentStatus",
          "o.totalFen",
          "o.paidAt",
          sql<number>`COALESCE(${certified}, 0) - COALESCE(${refunded}, 0)`.as("countedFen"),
        ];
      })
      .where("o.unionId", "=", union.id)
      .where("o.paidAt", ">=", instant(start))
      .where("o.paidAt", "<", instant(end))
      .orderBy("o.paidAt", "desc"),
  );
  return {
    union: { id: union.id, name: union.name, parentId: union.parentId },
    year,
    // paidAt is set on every order the range selected.
    orders: orders.map((o) => ({ ...o, paidAt: new Date(Number(o.paidAt)).toISOString() })),
  };
}

/** One order's lines as snapshotted at order time (drill-down level 5). */
export async function orderLinesForReport(viewer: Viewer, orderId: number) {
  const order = await first(
    reader,
    q
      .selectFrom("Order as o")
      .innerJoin("Organization as org", "org.id", "o.unionId")
      .select(["o.id", "o.code", "o.unionId", "o.paidAt", "o.totalFen", "org.path", "org.name as unionName"])
      .where("o.id", "=", orderId),
  );
  if (!order) notFound();
  if (!isInSubtree(viewer, order.path)) forbidden();
  const lines = await all(
    reader,
    q
      .selectFrom("OrderLine as l")
      .innerJoin("Supplier as s", "s.id", "l.supplierId")
      .innerJoin("Organization as so", "so.id", "s.orgId")
      .select((eb) => [
        "l.id",
        "l.productCode",
        "l.productTitle",
        "l.unit",
        "l.category",
        "l.unitPriceFen",
        "l.quantity",
        "l.amountFen",
        "l.certifiedOnOrderDate",
        "l.certificateNumber",
        "l.originCounty",
        "l.originVillageName",
        "l.supplierTradeRole",
        "so.name as supplierName",
        eb.fn
          .coalesce(
            eb
              .selectFrom("RefundLine as rl")
              .innerJoin("Refund as r", "r.id", "rl.refundId")
              .select((r) => r.fn.sum<number>("rl.amountFen").as("fen"))
              .whereRef("rl.orderLineId", "=", "l.id")
              .where("r.status", "=", "SUCCEEDED")
              .$asScalar(),
            sql.lit(0),
          )
          .as("refundedFen"),
      ])
      .where("l.orderId", "=", orderId)
      .orderBy("l.id"),
  );
  return {
    order: {
      id: order.id,
      code: order.code,
      unionId: order.unionId,
      unionName: order.unionName,
      paidAt: order.paidAt ? new Date(order.paidAt).toISOString() : null,
      totalFen: order.totalFen,
    },
    lines: lines.map((l) => ({ ...l, certifiedOnOrderDate: l.certifiedOnOrderDate === 1 })),
  };
}
