// Ready gift packs: proposed by a cooperative (for its own and partners' listings) or by a federation, reviewed by
// a city-federation leader, then ordered like a product × headcount and added to campaigns. Items never change
// after submission; a pack that needs changing is withdrawn and proposed again.
import { sql, type SqlBool } from "kysely";
import type { Actor } from "~/domain/actor";
import { chinaDate } from "~/domain/china-time";
import { certifiedOnDaySql } from "~/models/rules-sql.server";
import { packItemProblems, packPriceFen, type PackItem, type PackItemProblem } from "~/domain/campaign";
import { db, reader, transaction } from "~/utils/db.server";
import { engine } from "~/utils/engine.server";
import { all, first, instant, one, q, run, type Connection } from "~/utils/sql.server";
import { recordAudit } from "~/models/access/audit.server";

export interface PackSummary {
  id: number;
  code: string;
  name: string;
  description: string;
  status: string;
  proposerName: string;
  priceFen: number;
  certifiedFen: number;
  items: Array<{
    productId: number;
    code: string;
    title: string;
    unit: string;
    supplierName: string;
    quantity: number;
    unitPriceFen: number;
    listPriceFen: number;
    photo: string | null;
  }>;
}

type PackFilter = { status: string } | { id: number } | { proposerOrgId: number };

async function packRows(connection: Connection, filter: PackFilter): Promise<PackSummary[]> {
  let query = q
    .selectFrom("GiftPack as g")
    .innerJoin("Organization as o", "o.id", "g.proposerOrgId")
    .select(["g.id", "g.code", "g.name", "g.description", "g.status", "o.name as proposerName"])
    .orderBy("g.id", "desc");
  if ("status" in filter) query = query.where("g.status", "=", filter.status);
  if ("id" in filter) query = query.where("g.id", "=", filter.id);
  if ("proposerOrgId" in filter) query = query.where("g.proposerOrgId", "=", filter.proposerOrgId);
  const packs = await all(connection, query);
  if (!packs.length) return [];
  const items = await all(
    connection,
    q
      .selectFrom("GiftPackItem as i")
      .innerJoin("Product as p", "p.id", "i.productId")
      .innerJoin("Supplier as s", "s.id", "p.supplierId")
      .innerJoin("Organization as so", "so.id", "s.orgId")
      .select((eb) => [
        "i.packId",
        "i.productId",
        "p.code",
        "p.title",
        "p.unit",
        "so.name as supplierName",
        "i.quantity",
        "i.unitPriceFen",
        "p.priceFen as listPriceFen",
        eb.selectFrom("ProductPhoto as f").select("f.fileName").whereRef("f.productId", "=", "p.id").orderBy("f.position").limit(1).as("photo"),
        // 1 or 0 on both engines (PostgreSQL's EXISTS is a boolean); the rule's SQL for this process's engine.
        eb
          .case()
          .when(sql.raw<SqlBool>(certifiedOnDaySql(`p."id"`, chinaDate(new Date()), engine)))
          .then(sql.lit(1))
          .else(sql.lit(0))
          .end()
          .as("certified"),
      ])
      .where(
        "i.packId",
        "in",
        packs.map((p) => p.id),
      )
      .orderBy("i.packId")
      .orderBy("p.code"),
  );
  return packs.map((p) => {
    const own = items.filter((i) => i.packId === p.id);
    return {
      ...p,
      priceFen: packPriceFen(own),
      certifiedFen: packPriceFen(own.filter((i) => i.certified === 1)),
      items: own.map(({ packId: _p, certified: _c, ...rest }) => rest),
    };
  });
}

/** Approved packs a buyer can order, optionally at most a price per member (one pack per member). */
export async function approvedPacks(options: { maxPerMemberFen?: number } = {}) {
  const packs = await packRows(reader, { status: "APPROVED" });
  return options.maxPerMemberFen == null ? packs : packs.filter((p) => p.priceFen <= options.maxPerMemberFen!);
}

/** A pack as anyone may see it once approved; its proposer and leaders see it in every state. */
export async function packForViewer(viewer: Pick<Actor, "role" | "org"> | null, id: number): Promise<PackSummary | null> {
  const pack = (await packRows(reader, { id }))[0];
  if (!pack) return null;
  if (pack.status === "APPROVED") return pack;
  const { proposerOrgId } = await one(reader, q.selectFrom("GiftPack").select("proposerOrgId").where("id", "=", id));
  return viewer && (viewer.role === "LEADER" || viewer.org.id === proposerOrgId) ? pack : null;
}

export function packsProposedBy(actor: Pick<Actor, "org">) {
  return packRows(reader, { proposerOrgId: actor.org.id });
}

export function packsAwaitingReview() {
  return packRows(reader, { status: "SUBMITTED" });
}

export type ProposeOutcome =
  { kind: "created"; packId: number; code: string } | { kind: "invalid"; problems: Array<{ code: string; problem: PackItemProblem | "unknownCode" }> };

/** A proposal: items named by catalog code with a quantity per pack and the pack price of one unit. */
export function proposePack(
  actor: Pick<Actor, "userId" | "org">,
  input: { name: string; description: string; items: Array<{ code: string; quantity: number; unitPriceFen: number }> },
): Promise<ProposeOutcome> {
  return transaction(async (c) => {
    const codes = input.items.map((i) => i.code);
    const products = await all(c, q.selectFrom("Product").select(["id", "code", "priceFen"]).where("active", "=", 1).where("code", "in", codes));
    const byCode = new Map(products.map((p) => [p.code, p]));
    const unknown = input.items.filter((i) => !byCode.has(i.code)).map((i) => ({ code: i.code, problem: "unknownCode" as const }));
    if (unknown.length) return { kind: "invalid", problems: unknown };
    const items: PackItem[] = input.items.map((i) => ({ productId: byCode.get(i.code)!.id, quantity: i.quantity, unitPriceFen: i.unitPriceFen }));
    const problems = packItemProblems(items, new Map(products.map((p) => [p.id, p.priceFen])));
    if (problems.length)
      return { kind: "invalid", problems: problems.map((p) => ({ code: products.find((x) => x.id === p.productId)!.code, problem: p.problem })) };
    const now = Date.now();
    const { id: packId } = await one(
      c,
      q
        .insertInto("GiftPack")
        .values({
          code: `TMP-${now}-${actor.userId}`,
          name: input.name,
          description: input.description,
          proposerOrgId: actor.org.id,
          status: "SUBMITTED",
          createdById: actor.userId,
          createdAt: instant(now),
        })
        .returning("id"),
    );
    const code = `G${String(packId).padStart(4, "0")}`;
    await run(c, q.updateTable("GiftPack").set({ code }).where("id", "=", packId));
    for (const i of items)
      await run(c, q.insertInto("GiftPackItem").values({ packId, productId: i.productId, quantity: i.quantity, unitPriceFen: i.unitPriceFen }));
    await recordAudit(
      c,
      {
        actorId: actor.userId,
        orgId: actor.org.id,
        action: "giftPack.propose",
        entityType: "GiftPack",
        entityId: packId,
        detail: { code, name: input.name, items, priceFen: packPriceFen(items) },
      },
      new Date(now),
    );
    return { kind: "created", packId, code };
  });
}

/** A city-federation leader approves or rejects a submitted pack. */
export function decidePack(
  reviewer: Pick<Actor, "userId" | "org">,
  packId: number,
  decision: "APPROVED" | "REJECTED",
  note: string,
): Promise<"decided" | "notFound"> {
  return transaction(async (c) => {
    const now = Date.now();
    const changed = Number(
      (
        await run(
          c,
          q
            .updateTable("GiftPack")
            .set({ status: decision, reviewNote: note || null, reviewedById: reviewer.userId, reviewedAt: instant(now) })
            .where("id", "=", packId)
            .where("status", "=", "SUBMITTED"),
        )
      ).changes,
    );
    if (!changed) return "notFound";
    await recordAudit(
      c,
      {
        actorId: reviewer.userId,
        orgId: reviewer.org.id,
        action: "giftPack.review",
        entityType: "GiftPack",
        entityId: packId,
        detail: { before: { status: "SUBMITTED" }, after: { status: decision, note } },
      },
      new Date(now),
    );
    return "decided";
  });
}

/** The proposer withdraws its pack; existing orders keep their lines. */
export function withdrawPack(actor: Pick<Actor, "userId" | "org">, packId: number): Promise<"withdrawn" | "notFound"> {
  return transaction(async (c) => {
    const before = await first(
      c,
      q
        .selectFrom("GiftPack")
        .select("status")
        .where("id", "=", packId)
        .where("proposerOrgId", "=", actor.org.id)
        .where("status", "in", ["SUBMITTED", "APPROVED"]),
    );
    if (!before) return "notFound";
    await run(c, q.updateTable("GiftPack").set({ status: "WITHDRAWN" }).where("id", "=", packId));
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "giftPack.withdraw",
      entityType: "GiftPack",
      entityId: packId,
      detail: { before, after: { status: "WITHDRAWN" } },
    });
    return "withdrawn";
  });
}

/** Items of approved packs, read on the submission's own connection so a pack withdrawn a moment ago is not sold. */
export async function approvedPackItems(connection: Connection, packIds: number[]): Promise<Map<number, { code: string; name: string; items: PackItem[] }>> {
  if (!packIds.length) return new Map();
  const packs = await all(connection, q.selectFrom("GiftPack").select(["id", "code", "name"]).where("status", "=", "APPROVED").where("id", "in", packIds));
  const items = await all(connection, q.selectFrom("GiftPackItem").select(["packId", "productId", "quantity", "unitPriceFen"]).where("packId", "in", packIds));
  return new Map(packs.map((p) => [p.id, { code: p.code, name: p.name, items: items.filter((i) => i.packId === p.id) }]));
}

export async function packIdByCode(code: string) {
  return (await db.giftPack.findUnique({ where: { code }, select: { id: true, status: true } })) ?? null;
}
