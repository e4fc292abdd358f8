// A buyer's draft gift pack ("加入礼包") and the union's saved templates. Quantities are per member; the draft
// becomes an order through the one submission path (order-submit.server.ts), which prices and checks it again.
import type Database from "better-sqlite3";
import type { Actor } from "~/domain/actor";
import { sqlite, writeSql } from "~/utils/db.server";
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

export function draftItems(owner: Owner): DraftItem[] {
  const rows = sqlite
    .prepare(
      `SELECT d."id", d."productId", d."packId", d."perMember", p."code", p."title", p."unit", p."priceFen", p."active", o."name" AS "supplierName"
       FROM "DraftPackItem" d LEFT JOIN "Product" p ON p."id" = d."productId" LEFT JOIN "Supplier" s ON s."id" = p."supplierId" LEFT JOIN "Organization" o ON o."id" = s."orgId"
       WHERE d."userId" = ? AND d."orgId" = ? ORDER BY d."id"`,
    )
    .all(owner.userId, owner.org.id) as Array<{
    id: number;
    productId: number | null;
    packId: number | null;
    perMember: number;
    code: string | null;
    title: string | null;
    unit: string | null;
    priceFen: number | null;
    active: number | null;
    supplierName: string | null;
  }>;
  const packs = new Map(approvedPacks().map((p) => [p.id, p]));
  const packCodes = new Map(
    (
      sqlite
        .prepare(`SELECT "id","code","name" FROM "GiftPack" WHERE "id" IN (SELECT "packId" FROM "DraftPackItem" WHERE "userId" = ? AND "orgId" = ?)`)
        .all(owner.userId, owner.org.id) as Array<{ id: number; code: string; name: string }>
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
export function orderIdForToken(owner: Pick<Actor, "org">, token: string): number | null {
  return (sqlite.prepare(`SELECT "id" FROM "Order" WHERE "idempotencyKey" = ?`).get(`${owner.org.id}:${token}`) as { id: number } | undefined)?.id ?? null;
}

export function draftItemCount(owner: Owner): number {
  return (sqlite.prepare(`SELECT COUNT(*) AS "n" FROM "DraftPackItem" WHERE "userId" = ? AND "orgId" = ?`).get(owner.userId, owner.org.id) as { n: number }).n;
}

/** Adds a product or an approved pack; adding one already in the draft raises its quantity per member. */
export function addToDraft(owner: Owner, target: DraftTarget, perMember: number): Promise<"added" | "notFound"> {
  return writeSql((c) => {
    const exists =
      target.productId != null
        ? c.prepare(`SELECT 1 FROM "Product" WHERE "id" = ? AND "active" = 1`).get(target.productId)
        : c.prepare(`SELECT 1 FROM "GiftPack" WHERE "id" = ? AND "status" = 'APPROVED'`).get(target.packId);
    if (!exists) return "notFound";
    const column = target.productId != null ? "productId" : "packId";
    c.prepare(
      `INSERT INTO "DraftPackItem" ("userId","orgId","${column}","perMember","addedAt") VALUES (?,?,?,?,?)
       ON CONFLICT ("userId","orgId","${column}") DO UPDATE SET "perMember" = MIN(100, "perMember" + excluded."perMember")`,
    ).run(owner.userId, owner.org.id, target.productId ?? target.packId, perMember, Date.now());
    return "added";
  });
}

export function setDraftQuantities(owner: Owner, quantities: Array<{ id: number; perMember: number }>): Promise<void> {
  return writeSql((c) => {
    const update = c.prepare(`UPDATE "DraftPackItem" SET "perMember" = ? WHERE "id" = ? AND "userId" = ? AND "orgId" = ?`);
    for (const q of quantities) update.run(q.perMember, q.id, owner.userId, owner.org.id);
  });
}

export function removeFromDraft(owner: Owner, itemId: number): Promise<void> {
  return writeSql((c) => {
    c.prepare(`DELETE FROM "DraftPackItem" WHERE "id" = ? AND "userId" = ? AND "orgId" = ?`).run(itemId, owner.userId, owner.org.id);
  });
}

/** After the draft became an order: empty it (only the items it was built from, in case another tab added more). */
export function clearDraftItems(owner: Owner, itemIds: number[]): Promise<void> {
  return writeSql((c) => {
    const remove = c.prepare(`DELETE FROM "DraftPackItem" WHERE "id" = ? AND "userId" = ? AND "orgId" = ?`);
    for (const id of itemIds) remove.run(id, owner.userId, owner.org.id);
  });
}

function replaceDraft(c: Database.Database, owner: Owner, items: Array<{ productId: number | null; packId: number | null; perMember: number }>) {
  c.prepare(`DELETE FROM "DraftPackItem" WHERE "userId" = ? AND "orgId" = ?`).run(owner.userId, owner.org.id);
  const insert = c.prepare(`INSERT INTO "DraftPackItem" ("userId","orgId","productId","packId","perMember","addedAt") VALUES (?,?,?,?,?,?)`);
  for (const i of items) insert.run(owner.userId, owner.org.id, i.productId, i.packId, i.perMember, Date.now());
}

export function listTemplates(owner: Pick<Actor, "org">) {
  const templates = sqlite.prepare(`SELECT "id","name" FROM "OrderTemplate" WHERE "orgId" = ? ORDER BY "name"`).all(owner.org.id) as Array<{
    id: number;
    name: string;
  }>;
  const counts = sqlite
    .prepare(
      `SELECT "templateId", COUNT(*) AS "n" FROM "OrderTemplateItem" WHERE "templateId" IN (SELECT "id" FROM "OrderTemplate" WHERE "orgId" = ?) GROUP BY "templateId"`,
    )
    .all(owner.org.id) as Array<{ templateId: number; n: number }>;
  return templates.map((t) => ({ ...t, items: counts.find((c) => c.templateId === t.id)?.n ?? 0 }));
}

/** Saves the current draft under a name, for the whole union. */
export function saveTemplate(owner: Owner, name: string): Promise<"saved" | "exists" | "empty"> {
  return writeSql((c) => {
    const items = c
      .prepare(`SELECT "productId","packId","perMember" FROM "DraftPackItem" WHERE "userId" = ? AND "orgId" = ?`)
      .all(owner.userId, owner.org.id) as Array<{ productId: number | null; packId: number | null; perMember: number }>;
    if (!items.length) return "empty";
    if (c.prepare(`SELECT 1 FROM "OrderTemplate" WHERE "orgId" = ? AND "name" = ?`).get(owner.org.id, name)) return "exists";
    const id = Number(
      c.prepare(`INSERT INTO "OrderTemplate" ("orgId","name","createdById","createdAt") VALUES (?,?,?,?)`).run(owner.org.id, name, owner.userId, Date.now())
        .lastInsertRowid,
    );
    const insert = c.prepare(`INSERT INTO "OrderTemplateItem" ("templateId","productId","packId","perMember") VALUES (?,?,?,?)`);
    for (const i of items) insert.run(id, i.productId, i.packId, i.perMember);
    recordAudit(c, {
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
  return writeSql((c) => {
    const own = c.prepare(`SELECT 1 FROM "OrderTemplate" WHERE "id" = ? AND "orgId" = ?`).get(templateId, owner.org.id);
    if (!own) return false;
    replaceDraft(
      c,
      owner,
      c.prepare(`SELECT "productId","packId","perMember" FROM "OrderTemplateItem" WHERE "templateId" = ?`).all(templateId) as Array<{
        productId: number | null;
        packId: number | null;
        perMember: number;
      }>,
    );
    return true;
  });
}

export function deleteTemplate(owner: Owner, templateId: number): Promise<boolean> {
  return writeSql((c) => {
    const removed = c.prepare(`DELETE FROM "OrderTemplate" WHERE "id" = ? AND "orgId" = ?`).run(templateId, owner.org.id).changes;
    if (removed)
      recordAudit(c, { actorId: owner.userId, orgId: owner.org.id, action: "orderTemplate.delete", entityType: "OrderTemplate", entityId: templateId });
    return removed > 0;
  });
}

export type ReorderOutcome = { kind: "draft"; headcount: number; occasion: string } | { kind: "form" } | { kind: "notFound" };

/**
 * "再来一单": an order placed per member (with a headcount whose quantities divide by it) refills the draft, packs
 * as packs; an order by plain quantities goes back to the order form instead.
 */
export function reorderIntoDraft(owner: Owner, orderId: number): Promise<ReorderOutcome> {
  return writeSql((c) => {
    const order = c.prepare(`SELECT "headcount","occasion" FROM "Order" WHERE "id" = ? AND "unionId" = ?`).get(orderId, owner.org.id) as
      { headcount: number | null; occasion: string } | undefined;
    if (!order) return { kind: "notFound" };
    if (!order.headcount) return { kind: "form" };
    const lines = c.prepare(`SELECT "productId","giftPackId","quantity" FROM "OrderLine" WHERE "orderId" = ?`).all(orderId) as Array<{
      productId: number;
      giftPackId: number | null;
      quantity: number;
    }>;
    const packIds = [...new Set(lines.filter((l) => l.giftPackId != null).map((l) => l.giftPackId!))];
    const packItems = packIds.length
      ? (c
          .prepare(`SELECT "packId","productId","quantity" FROM "GiftPackItem" WHERE "packId" IN (${packIds.map(() => "?").join(",")})`)
          .all(...packIds) as Array<{ packId: number; productId: number; quantity: number }>)
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
    replaceDraft(c, owner, items);
    return { kind: "draft", headcount: order.headcount, occasion: order.occasion };
  });
}

/** The lines of a past order for the order form (by quantities), when it cannot become a per-member draft. */
export function reorderFormLines(owner: Pick<Actor, "org">, orderId: number) {
  const order = sqlite.prepare(`SELECT "occasion","headcount" FROM "Order" WHERE "id" = ? AND "unionId" = ?`).get(orderId, owner.org.id) as
    { occasion: string; headcount: number | null } | undefined;
  if (!order) return null;
  const lines = sqlite
    .prepare(
      `SELECT p."code", SUM(l."quantity") AS "quantity" FROM "OrderLine" l JOIN "Product" p ON p."id" = l."productId" WHERE l."orderId" = ? AND p."active" = 1 GROUP BY p."code" ORDER BY MIN(l."id")`,
    )
    .all(orderId) as Array<{ code: string; quantity: number }>;
  return { occasion: order.occasion, lines };
}
