// The campaign report: units in scope, who ordered, amounts ordered and paid, the certified share, by county and by
// supplier, and the units that have not ordered. Scope is the campaign's subtree narrowed to the viewer's own.
import type { Actor } from "~/domain/actor";
import { inSubtreeSql, liveOrderSql } from "~/models/rules-sql.server";
import { sqlite } from "~/utils/db.server";
import { visibleCampaign } from "./campaigns.server";

const LIVE = liveOrderSql(`o."status"`);
const PAID = `o."paymentStatus" IN ('PAID','PARTIALLY_REFUNDED')`;

export function campaignReport(viewer: Pick<Actor, "org">, campaignId: number) {
  const campaign = visibleCampaign(viewer, campaignId);
  if (!campaign) return null;
  // The narrower of the two paths: a county leader sees its own county's part of a city campaign.
  const scope = viewer.org.path.length > campaign.organiserPath.length ? viewer.org.path : campaign.organiserPath;
  const units = sqlite
    .prepare(
      `SELECT u."id", u."name", COALESCE(u."region", '') AS "county" FROM "Organization" u WHERE u."kind" = 'GRASSROOTS' AND ${inSubtreeSql(
        `u."path"`,
        scope,
      )} ORDER BY u."region", u."name"`,
    )
    .all() as Array<{ id: number; name: string; county: string }>;
  const perUnit = sqlite
    .prepare(
      `SELECT o."unionId", COUNT(*) AS "orders", SUM(o."totalFen") AS "orderedFen", SUM(CASE WHEN ${PAID} THEN o."totalFen" ELSE 0 END) AS "paidFen",
              SUM(o."certifiedFen") AS "certifiedFen", SUM(COALESCE(o."headcount", 0)) AS "members"
       FROM "Order" o JOIN "Organization" u ON u."id" = o."unionId"
       WHERE o."campaignId" = ? AND ${LIVE} AND ${inSubtreeSql(`u."path"`, scope)} GROUP BY o."unionId"`,
    )
    .all(campaignId) as Array<{ unionId: number; orders: number; orderedFen: number; paidFen: number; certifiedFen: number; members: number }>;
  const byUnit = new Map(perUnit.map((r) => [r.unionId, r]));
  const counties = new Map<string, { county: string; units: number; unitsOrdered: number; orderedFen: number; paidFen: number; certifiedFen: number }>();
  for (const u of units) {
    const row = counties.get(u.county) ?? { county: u.county, units: 0, unitsOrdered: 0, orderedFen: 0, paidFen: 0, certifiedFen: 0 };
    const figures = byUnit.get(u.id);
    row.units++;
    if (figures) {
      row.unitsOrdered++;
      row.orderedFen += figures.orderedFen;
      row.paidFen += figures.paidFen;
      row.certifiedFen += figures.certifiedFen;
    }
    counties.set(u.county, row);
  }
  const bySupplier = sqlite
    .prepare(
      `SELECT so."name" AS "supplier", SUM(l."amountFen") AS "orderedFen", SUM(CASE WHEN ${PAID} THEN l."amountFen" ELSE 0 END) AS "paidFen",
              SUM(CASE WHEN l."certifiedOnOrderDate" = 1 THEN l."amountFen" ELSE 0 END) AS "certifiedFen", COUNT(DISTINCT o."id") AS "orders"
       FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId" JOIN "Organization" u ON u."id" = o."unionId"
       JOIN "Supplier" s ON s."id" = l."supplierId" JOIN "Organization" so ON so."id" = s."orgId"
       WHERE o."campaignId" = ? AND ${LIVE} AND ${inSubtreeSql(`u."path"`, scope)} GROUP BY l."supplierId" ORDER BY "orderedFen" DESC`,
    )
    .all(campaignId) as Array<{ supplier: string; orderedFen: number; paidFen: number; certifiedFen: number; orders: number }>;
  const orderedFen = perUnit.reduce((s, r) => s + r.orderedFen, 0);
  const certifiedFen = perUnit.reduce((s, r) => s + r.certifiedFen, 0);
  return {
    campaign,
    totals: {
      unitsInScope: units.length,
      unitsOrdered: units.filter((u) => byUnit.has(u.id)).length,
      orderedFen,
      paidFen: perUnit.reduce((s, r) => s + r.paidFen, 0),
      certifiedFen,
      certifiedShare: orderedFen ? certifiedFen / orderedFen : null,
      members: perUnit.reduce((s, r) => s + r.members, 0),
    },
    byCounty: [...counties.values()].map((c) => ({ ...c, certifiedShare: c.orderedFen ? c.certifiedFen / c.orderedFen : null })),
    bySupplier: bySupplier.map((s) => ({ ...s, certifiedShare: s.orderedFen ? s.certifiedFen / s.orderedFen : null })),
    lagging: units.filter((u) => !byUnit.has(u.id)),
  };
}

export type CampaignReport = NonNullable<ReturnType<typeof campaignReport>>;
