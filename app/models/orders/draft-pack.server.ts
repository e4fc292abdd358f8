// A buyer's draft gift pack ("加入礼包") and the union's saved templates. Quantities are per member; the draft
// becomes an order through the one submission path (order-submit.server.ts), which prices and checks it again.
import type { Actor } from "~/domain/actor";
import { reader, transaction } from "~/utils/db.server";
import { all, first, instant, one, q, run, type Connection } from "~/utils/sql.server";
import { recordAudit } from "~/models/access/audit.server";
import { approvedPacks } from "~/models/campaigns/gift-packs.server";

type Owner = Pick<Actor, "userId" | "org">;

export type DraftTarget = { productId: number; packId?: undefined } | { packId: number; productId?: undefined };

export interface DraftItem {
  id: number;
  productId: number | null;
  packId: number | null;
  perMember: number;
  code: string;
  title: string;
  unit: string | null;
  supplierName: string;
  /** The list price of a product or the price of one pack; the order applies tier prices for the total quantity. */
  priceFen: number;
  available: boolean;
}

export async function draftItems(owner: Owner): Promise<DraftItem[]> {
  const rows = await all(
    reader,
    q
      .selectFrom("DraftPackItem as d")
      .leftJoin("Product as p", "p.id", "d.productId")
      .leftJoin("Supplier as s", "s.id", "p.supplierId")
      .leftJoin("Organization as o", "o.id", "s.orgId")
      .select(["d.id", "d.productId", "d.packId", "d.perMember", "p.code", "p.title", "p.unit", "p.priceFen", "p.active", "o.name as supplierName"])
      .where("d.userId", "=", owner.userId)
      .where("d.orgId", "=", owner.org.id)
      .orderBy("d.id"),
  );
  const packs = new Map((await approvedPacks()).map((p) => [p.id, p]));
  const packCodes = new Map(
    (
      await all(
        reader,
        q
          .selectFrom("GiftPack")
          .select(["id", "code", "name"])
          .where("id", "in", q.selectFrom("DraftPackItem").select("packId").where("userId", "=", owner.userId).where("orgId", "=", owner.org.id)),
      )
    ).map((p) => [p.id, p]),
  );
  return rows.map((r) => {
    if (r.packId != null) {
      const pack = packs.get(r.packId);
      const names = packCodes.get(r.packId);
      return {
        id: r.id,
        productId: null,
        packId: r.packId,
        perMember: r.perMember,
        code: names?.code ?? "",
        title: names?.name ?? "",
        unit: null,
        supplierName: pack?.proposerName ?? "",
        priceFen: pack?.priceFen ?? 0,
        available: pack != null,
      };
    }
    return {
      id: r.id,
      productId: r.productId,
      packId: null,
      perMember: r.perMember,
      code: r.code ?? "",
      title: r.title ?? "",
      unit: r.unit,
      supplierName: r.supplierName ?? "",
      priceFen: r.priceFen ?? 0,
      available: r.active === 1,
    };
  });
}

/** The order a form token already made for this union, so a second click on "submit" lands on it. */
export async function orderIdForToken(owner: Pick<Actor, "org">, token: string): Promise<number | null> {
  return (await first(reader, q.selectFrom("Order").select("id").where("idempotencyKey", "=", `${owner.org.id}:${token}`)))?.id ?? null;
}

export async function draftItemCount(owner: Owner): Promise<number> {
  const row = await first(
    reader,
    q
      .selectFrom("DraftPackItem")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("userId", "=", owner.userId)
      .where("orgId", "=", owner.org.id),
  );
  return row?.n ?? 0;
}

/** Adds a product or an approved pack; adding one already in the draft raises its quantity per member. */
export function addToDraft(owner: Owner, target: DraftTarget, perMember: number): Promise<"added" | "notFound"> {
  return transaction(async (c) => {
    const exists =
      target.productId != null
        ? await first(c, q.selectFrom("Product").select("id").where("id", "=", target.productId).where("active", "=", 1))
        : await first(c, q.selectFrom("GiftPack").select("id").where("id", "=", target.packId).where("status", "=", "APPROVED"));
    if (!exists) return "notFound";
    const column = target.productId != null ? "productId" : "packId";
    const item = target.productId != null ? { productId: target.productId } : { packId: target.packId };
    await run(
      c,
      q
        .insertInto("DraftPackItem")
        .values({ userId: owner.userId, orgId: owner.org.id, ...item, perMember, addedAt: instant(Date.now()) })
        .onConflict((oc) =>
          oc.columns(["userId", "orgId", column]).doUpdateSet((eb) => {
            // At most 100 per member: CASE, not SQLite's two-argument MIN (PostgreSQL's LEAST).
            const sum = eb(eb.ref("DraftPackItem.perMember"), "+", eb.ref("excluded.perMember"));
            return { perMember: eb.case().when(sum, ">", 100).then(100).else(sum).end() };
          }),
        ),
    );
    return "added";
  });
}

export function setDraftQuantities(owner: Owner, quantities: Array<{ id: number; perMember: number }>): Promise<void> {
  return transaction(async (c) => {
    for (const item of quantities)
      await run(
        c,
        q
          .updateTable("DraftPackItem")
          .set({ perMember: item.perMember })
          .where("id", "=", item.id)
          .where("userId", "=", owner.userId)
          .where("orgId", "=", owner.org.id),
      );
  });
}

export function removeFromDraft(owner: Owner, itemId: number): Promise<void> {
  return transaction(async (c) => {
    await run(c, q.deleteFrom("DraftPackItem").where("id", "=", itemId).where("userId", "=", owner.userId).where("orgId", "=", owner.org.id));
  });
}

/** After the draft became an order: empty it (only the items it was built from, in case another tab added more). */
export function clearDraftItems(owner: Owner, itemIds: number[]): Promise<void> {
  return transaction(async (c) => {
    for (const id of itemIds)
      await run(c, q.deleteFrom("DraftPackItem").where("id", "=", id).where("userId", "=", owner.userId).where("orgId", "=", owner.org.id));
  });
}

async function replaceDraft(c: Connection, owner: Owner, items: Array<{ productId: number | null; packId: number | null; perMember: number }>) {
  await run(c, q.deleteFrom("DraftPackItem").where("userId", "=", owner.userId).where("orgId", "=", owner.org.id));
  for (const i of items)
    await run(
      c,
      q.insertInto("DraftPackItem").values({
        userId: owner.userId,
        orgId: owner.org.id,
        productId: i.productId,
        packId: i.packId,
        perMember: i.perMember,
        addedAt: instant(Date.now()),
      }),
    );
}

export async function listTemplates(owner: Pick<Actor, "org">) {
  const templates = await all(reader, q.selectFrom("OrderTemplate").select(["id", "name"]).where("orgId", "=", owner.org.id).orderBy("name"));
  const counts = await all(
    reader,
    q
      .selectFrom("OrderTemplateItem")
      .select((eb) => ["templateId", eb.fn.countAll<number>().as("n")])
      .where("templateId", "in", q.selectFrom("OrderTemplate").select("id").where("orgId", "=", owner.org.id))
      .groupBy("templateId"),
  );
  return templates.map((t) => ({ ...t, items: counts.find((c) => c.templateId === t.id)?.n ?? 0 }));
}

/** Saves the current draft under a name, for the whole union. */
export function saveTemplate(owner: Owner, name: string): Promise<"saved" | "exists" | "empty"> {
  return transaction(async (c) => {
    const items = await all(
      c,
      q.selectFrom("DraftPackItem").select(["productId", "packId", "perMember"]).where("userId", "=", owner.userId).where("orgId", "=", owner.org.id),
    );
    if (!items.length) return "empty";
    if (await first(c, q.selectFrom("OrderTemplate").select("id").where("orgId", "=", owner.org.id).where("name", "=", name))) return "exists";
    const { id } = await one(
      c,
      q
        .insertInto("OrderTemplate")
        .values({ orgId: owner.org.id, name, createdById: owner.userId, createdAt: instant(Date.now()) })
        .returning("id"),
    );
    for (const i of items)
      await run(c, q.insertInto("OrderTemplateItem").values({ templateId: id, productId: i.productId, packId: i.packId, perMember: i.perMember }));
    await recordAudit(c, {
      actorId: owner.userId,
      orgId: owner.org.id,
      action: "orderTemplate.save",
      entityType: "OrderTemplate",
      entityId: id,
      detail: { name, items },
    });
    return "saved";
  });
}

export function loadTemplate(owner: Owner, templateId: number): Promise<boolean> {
  return transaction(async (c) => {
    const own = await first(c, q.selectFrom("OrderTemplate").select("id").where("id", "=", templateId).where("orgId", "=", owner.org.id));
    if (!own) return false;
    await replaceDraft(
      c,
      owner,
      await all(c, q.selectFrom("OrderTemplateItem").select(["productId", "packId", "perMember"]).where("templateId", "=", templateId)),
    );
    return true;
  });
}

export function deleteTemplate(owner: Owner, templateId: number): Promise<boolean> {
  return transaction(async (c) => {
    const removed = Number((await run(c, q.deleteFrom("OrderTemplate").where("id", "=", templateId).where("orgId", "=", owner.org.id))).changes);
    if (removed)
      await recordAudit(c, { actorId: owner.userId, orgId: owner.org.id, action: "orderTemplate.delete", entityType: "OrderTemplate", entityId: templateId });
    return removed > 0;
  });
}

export type ReorderOutcome = { kind: "draft"; headcount: number; occasion: string } | { kind: "form" } | { kind: "notFound" };

/**
 * "再来一单": an order placed per member (with a headcount whose quantities divide by it) refills the draft, packs
 * as packs; an order by plain quantities goes back to the order form instead.
 */
export function reorderIntoDraft(owner: Owner, orderId: number): Promise<ReorderOutcome> {
  return transaction(async (c) => {
    const order = await first(c, q.selectFrom("Order").select(["headcount", "occasion"]).where("id", "=", orderId).where("unionId", "=", owner.org.id));
    if (!order) return { kind: "notFound" };
    if (!order.headcount) return { kind: "form" };
    const lines = await all(c, q.selectFrom("OrderLine").select(["productId", "giftPackId", "quantity"]).where("orderId", "=", orderId));
    const packIds = [...new Set(lines.filter((l) => l.giftPackId != null).map((l) => l.giftPackId!))];
    const packItems = packIds.length
      ? await all(c, q.selectFrom("GiftPackItem").select(["packId", "productId", "quantity"]).where("packId", "in", packIds))
      : [];
    const items: Array<{ productId: number | null; packId: number | null; perMember: number }> = [];
    for (const packId of packIds) {
      const first = packItems.find((i) => i.packId === packId);
      const line = lines.find((l) => l.giftPackId === packId && l.productId === first?.productId);
      if (!first || !line) return { kind: "form" };
      const packs = line.quantity / first.quantity;
      if (packs % order.headcount) return { kind: "form" };
      items.push({ productId: null, packId, perMember: packs / order.headcount });
    }
    for (const l of lines.filter((x) => x.giftPackId == null)) {
      if (l.quantity % order.headcount) return { kind: "form" };
      items.push({ productId: l.productId, packId: null, perMember: l.quantity / order.headcount });
    }
    if (items.some((i) => i.perMember > 100)) return { kind: "form" };
    await replaceDraft(c, owner, items);
    return { kind: "draft", headcount: order.headcount, occasion: order.occasion };
  });
}

/** The lines of a past order for the order form (by quantities), when it cannot become a per-member draft. */
export async function reorderFormLines(owner: Pick<Actor, "org">, orderId: number) {
  const order = await first(reader, q.selectFrom("Order").select(["occasion", "headcount"]).where("id", "=", orderId).where("unionId", "=", owner.org.id));
  if (!order) return null;
  const lines = await all(
    reader,
    q
      .selectFrom("OrderLine as l")
      .innerJoin("Product as p", "p.id", "l.productId")
      .select((eb) => ["p.code", eb.fn.sum<number>("l.quantity").as("quantity")])
      .where("l.orderId", "=", orderId)
      .where("p.active", "=", 1)
      .groupBy("p.code")
      .orderBy((eb) => eb.fn.min("l.id")),
  );
  return { occasion: order.occasion, lines };
}
