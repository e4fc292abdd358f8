// The campaign report: units in scope, who ordered, amounts ordered and paid, the certified share, by county and by
// supplier, and the units that have not ordered. Scope is the campaign's subtree narrowed to the viewer's own.
import { sql, type SqlBool } from "kysely";
import type { Actor } from "~/domain/actor";
import { inSubtreeSql, liveOrderSql } from "~/models/rules-sql.server";
import { reader } from "~/utils/db.server";
import { engine } from "~/utils/engine.server";
import { all, q } from "~/utils/sql.server";
import { visibleCampaign } from "./campaigns.server";
import { PAID_STATUSES } from "~/domain/payments";

const LIVE = sql.raw<SqlBool>(liveOrderSql(`o."status"`));

export async function campaignReport(viewer: Pick<Actor, "org">, campaignId: number) {
  const campaign = await visibleCampaign(viewer, campaignId);
  if (!campaign) return null;
  // The narrower of the two paths: a county leader sees its own county's part of a city campaign.
  const scope = viewer.org.path.length > campaign.organiserPath.length ? viewer.org.path : campaign.organiserPath;
  const inScope = sql.raw<SqlBool>(inSubtreeSql(`u."path"`, scope, engine));
  const units = await all(
    reader,
    q
      .selectFrom("Organization as u")
      .select((eb) => ["u.id", "u.name", eb.fn.coalesce("u.region", sql.lit("")).as("county")])
      .where("u.kind", "=", "GRASSROOTS")
      .where(inScope)
      .orderBy("u.region")
      .orderBy("u.name"),
  );
  const perUnit = await all(
    reader,
    q
      .selectFrom("Order as o")
      .innerJoin("Organization as u", "u.id", "o.unionId")
      .select((eb) => [
        "o.unionId",
        eb.fn.countAll<number>().as("orders"),
        eb.fn.sum<number>("o.totalFen").as("orderedFen"),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when("o.paymentStatus", "in", [...PAID_STATUSES])
              .then(eb.ref("o.totalFen"))
              .else(sql.lit(0))
              .end(),
          )
          .as("paidFen"),
        eb.fn.sum<number>("o.certifiedFen").as("certifiedFen"),
        eb.fn.sum<number>(eb.fn.coalesce("o.headcount", sql.lit(0))).as("members"),
      ])
      .where("o.campaignId", "=", campaignId)
      .where(LIVE)
      .where(inScope)
      .groupBy("o.unionId"),
  );
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
  const bySupplier = await all(
    reader,
    q
      .selectFrom("OrderLine as l")
      .innerJoin("Order as o", "o.id", "l.orderId")
      .innerJoin("Organization as u", "u.id", "o.unionId")
      .innerJoin("Supplier as s", "s.id", "l.supplierId")
      .innerJoin("Organization as so", "so.id", "s.orgId")
      .select((eb) => [
        "so.name as supplier",
        eb.fn.sum<number>("l.amountFen").as("orderedFen"),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when("o.paymentStatus", "in", [...PAID_STATUSES])
              .then(eb.ref("l.amountFen"))
              .else(sql.lit(0))
              .end(),
          )
          .as("paidFen"),
        eb.fn.sum<number>(eb.case().when("l.certifiedOnOrderDate", "=", 1).then(eb.ref("l.amountFen")).else(sql.lit(0)).end()).as("certifiedFen"),
        eb.fn.count<number>("o.id").distinct().as("orders"),
      ])
      .where("o.campaignId", "=", campaignId)
      .where(LIVE)
      .where(inScope)
      // The supplier's name is grouped too: PostgreSQL selects only what is grouped or aggregated (SQLite takes any row's).
      .groupBy(["l.supplierId", "so.name"])
      .orderBy("orderedFen", "desc"),
  );
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

export type CampaignReport = NonNullable<Awaited<ReturnType<typeof campaignReport>>>;
