// Festival campaigns: opened by a city federation or a county union for its subtree, with a window, per-member
// guidance and cap, an optional target and a recommended list. Orders join the campaign that is open for their
// occasion and union at submission (docs/decisions/0160-campaign-window.md).
import { sql, type InferResult, type SqlBool } from "kysely";
import { isInSubtree, type Actor } from "~/domain/actor";
import { campaignForOrder, campaignVisibleTo, daysLeft, lastDayOf, windowState } from "~/domain/campaign";
import { chinaDate } from "~/domain/china-time";
import { reader, transaction } from "~/utils/db.server";
import { all, first, instant, one, prepared, q, run, type Instant, type Connection } from "~/utils/sql.server";
import { recordAudit } from "~/models/access/audit.server";
import { liveOrderSql } from "~/models/rules-sql.server";
import { approvedPacks } from "./gift-packs.server";

const SELECT_CAMPAIGN = q
  .selectFrom("Campaign as c")
  .innerJoin("Organization as o", "o.id", "c.orgId")
  .select([
    "c.id",
    "c.orgId",
    "o.name as organiserName",
    "o.path as organiserPath",
    "c.occasion",
    "c.name",
    "c.opensAt",
    "c.closesAt",
    "c.deliverBy",
    "c.guidancePerMemberFen",
    "c.capPerMemberFen",
    "c.targetBasisPoints",
  ]);

type CampaignRow = InferResult<typeof SELECT_CAMPAIGN>[number];

function shape(row: CampaignRow, at: Date) {
  const window = { opensAt: new Date(row.opensAt), closesAt: new Date(row.closesAt) };
  return {
    id: row.id,
    orgId: row.orgId,
    organiserName: row.organiserName,
    occasion: row.occasion,
    name: row.name,
    opensOn: chinaDate(window.opensAt),
    closesOn: lastDayOf(window),
    deliverBy: chinaDate(new Date(row.deliverBy)),
    guidancePerMemberFen: row.guidancePerMemberFen,
    capPerMemberFen: row.capPerMemberFen,
    targetBasisPoints: row.targetBasisPoints,
    state: windowState(window, at),
    daysLeft: daysLeft(window, at),
  };
}
export type CampaignView = ReturnType<typeof shape>;

export interface CampaignInput {
  occasion: string;
  name: string;
  opensAt: Date;
  closesAt: Date;
  deliverBy: Date;
  guidancePerMemberFen: number;
  capPerMemberFen: number;
  targetBasisPoints: number | null;
}

export function createCampaign(leader: Pick<Actor, "userId" | "org">, input: CampaignInput): Promise<number> {
  return transaction(async (c) => {
    const now = Date.now();
    const { id } = await one(
      c,
      q
        .insertInto("Campaign")
        .values({
          orgId: leader.org.id,
          occasion: input.occasion,
          name: input.name,
          opensAt: instant(input.opensAt.getTime()),
          closesAt: instant(input.closesAt.getTime()),
          deliverBy: instant(input.deliverBy.getTime()),
          guidancePerMemberFen: input.guidancePerMemberFen,
          capPerMemberFen: input.capPerMemberFen,
          targetBasisPoints: input.targetBasisPoints,
          createdById: leader.userId,
          createdAt: instant(now),
        })
        .returning("id"),
    );
    await recordAudit(
      c,
      { actorId: leader.userId, orgId: leader.org.id, action: "campaign.create", entityType: "Campaign", entityId: id, detail: { ...input } },
      new Date(now),
    );
    return id;
  });
}

/** Campaigns a leader organises or can see: those of its own organisation and its subtree, and its ancestors'. */
export async function campaignsForLeader(leader: Pick<Actor, "org">, at = new Date()) {
  const rows = await all(reader, SELECT_CAMPAIGN.orderBy("c.opensAt", "desc"));
  return rows.filter((r) => campaignVisibleTo(leader.org.path, r.organiserPath)).map((r) => ({ ...shape(r, at), own: r.orgId === leader.org.id }));
}

/** A campaign the leader organised (only the organiser edits its list), or null. */
export async function ownCampaign(leader: Pick<Actor, "org">, id: number, at = new Date()) {
  const row = await first(reader, SELECT_CAMPAIGN.where("c.id", "=", id).where("c.orgId", "=", leader.org.id));
  return row ? shape(row, at) : null;
}

/** A campaign visible to a leader whose subtree it covers or who sits inside its scope. */
export async function visibleCampaign(leader: Pick<Actor, "org">, id: number, at = new Date()) {
  const row = await first(reader, SELECT_CAMPAIGN.where("c.id", "=", id));
  if (!row || !campaignVisibleTo(leader.org.path, row.organiserPath)) return null;
  return { ...shape(row, at), organiserPath: row.organiserPath };
}

/** The recommended list: products and approved packs, with what a buyer needs to add them to a draft. */
export async function campaignItems(campaignId: number) {
  const products = await all(
    reader,
    q
      .selectFrom("CampaignItem as ci")
      .innerJoin("Product as p", "p.id", "ci.productId")
      .innerJoin("Supplier as s", "s.id", "p.supplierId")
      .innerJoin("Organization as o", "o.id", "s.orgId")
      .select(["ci.id as itemId", "p.id", "p.code", "p.title", "p.unit", "p.priceFen", "o.name as supplierName"])
      .where("ci.campaignId", "=", campaignId)
      .where("p.active", "=", 1)
      .orderBy("ci.id"),
  );
  const packIds = new Map(
    (await all(reader, q.selectFrom("CampaignItem").select(["id", "packId"]).where("campaignId", "=", campaignId).where("packId", "is not", null))).map((r) => [
      r.packId,
      r.id,
    ]),
  );
  const packs = (await approvedPacks()).filter((p) => packIds.has(p.id)).map((p) => ({ ...p, itemId: packIds.get(p.id)! }));
  return { products, packs };
}

export type AddItemOutcome = "added" | "alreadyListed" | "unknownCode" | "notFound";

/** Adds a product (P…) or an approved pack (G…) by code to the organiser's campaign. */
export function addCampaignItem(leader: Pick<Actor, "userId" | "org">, campaignId: number, code: string): Promise<AddItemOutcome> {
  return transaction(async (c) => {
    const own = await first(c, q.selectFrom("Campaign").select("id").where("id", "=", campaignId).where("orgId", "=", leader.org.id));
    if (!own) return "notFound";
    const product = await first(c, q.selectFrom("Product").select("id").where("code", "=", code).where("active", "=", 1));
    const pack = product ? undefined : await first(c, q.selectFrom("GiftPack").select("id").where("code", "=", code).where("status", "=", "APPROVED"));
    if (!product && !pack) return "unknownCode";
    // Already listed: either unique key ("campaignId","productId") or ("campaignId","packId") refuses it.
    const inserted = Number(
      (
        await run(
          c,
          q
            .insertInto("CampaignItem")
            .values({ campaignId, productId: product?.id ?? null, packId: pack?.id ?? null })
            .onConflict((oc) => oc.doNothing()),
        )
      ).changes,
    );
    if (!inserted) return "alreadyListed";
    await recordAudit(c, {
      actorId: leader.userId,
      orgId: leader.org.id,
      action: "campaign.addItem",
      entityType: "Campaign",
      entityId: campaignId,
      detail: { code },
    });
    return "added";
  });
}

export function removeCampaignItem(leader: Pick<Actor, "userId" | "org">, campaignId: number, itemId: number): Promise<boolean> {
  return transaction(async (c) => {
    const removed = Number(
      (
        await run(
          c,
          q
            .deleteFrom("CampaignItem")
            .where("id", "=", itemId)
            .where("campaignId", "in", q.selectFrom("Campaign").select("id").where("id", "=", campaignId).where("orgId", "=", leader.org.id)),
        )
      ).changes,
    );
    if (removed)
      await recordAudit(c, {
        actorId: leader.userId,
        orgId: leader.org.id,
        action: "campaign.removeItem",
        entityType: "Campaign",
        entityId: campaignId,
        detail: { itemId },
      });
    return removed > 0;
  });
}

/** Campaigns open now (or opening later) whose scope covers the union, nearest organiser first, for its home page. */
export async function campaignsForUnion(union: Pick<Actor, "org">, at = new Date()) {
  const rows = await all(reader, SELECT_CAMPAIGN.where("c.closesAt", ">", instant(at.getTime())).orderBy("c.closesAt"));
  return rows.filter((r) => isInSubtree({ org: { path: r.organiserPath } }, union.org.path)).map((r) => shape(r, at));
}

/** The campaign an order joins, read on the submission's connection: open now, same occasion, covering the union. */
// Read by every order submission: compiled once.
const campaignsOpen = prepared((p: { occasion: string; at: Instant }) =>
  SELECT_CAMPAIGN.where("c.occasion", "=", p.occasion).where("c.opensAt", "<=", p.at).where("c.closesAt", ">", p.at),
);
const spentInCampaign = prepared((p: { campaignId: number; unionId: number }) =>
  q
    .selectFrom("Order")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("totalFen"), sql.lit(0)).as("fen"))
    .where("campaignId", "=", p.campaignId)
    .where("unionId", "=", p.unionId)
    .where(sql.raw<SqlBool>(liveOrderSql())),
);

export async function campaignJoinedBy(connection: Connection, union: { id: number; path: string }, occasion: string, at: Date) {
  const rows = await all(connection, campaignsOpen({ occasion, at: instant(at.getTime()) }));
  const chosen = campaignForOrder(
    rows.map((r) => ({ ...r, opensAt: new Date(r.opensAt), closesAt: new Date(r.closesAt) })),
    { occasion, unionPath: union.path, at },
  );
  if (!chosen) return null;
  const spent = await one(connection, spentInCampaign({ campaignId: chosen.id, unionId: union.id }));
  return {
    id: chosen.id,
    name: chosen.name,
    guidancePerMemberFen: chosen.guidancePerMemberFen,
    capPerMemberFen: chosen.capPerMemberFen,
    spentInCampaignFen: spent.fen,
  };
}
