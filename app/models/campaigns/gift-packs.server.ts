// Ready gift packs: proposed by a cooperative (for its own and partners' listings) or by a federation, reviewed by
// a city-federation leader, then ordered like a product × headcount and added to campaigns. Items never change
// after submission; a pack that needs changing is withdrawn and proposed again.
import type Database from "better-sqlite3";
import type { Actor } from "~/domain/actor";
import { chinaDate } from "~/domain/china-time";
import { certifiedOnDaySql } from "~/models/rules-sql.server";
import { packItemProblems, packPriceFen, type PackItem, type PackItemProblem } from "~/domain/campaign";
import { db, sqlite, writeSql } from "~/utils/db.server";
import { recordAudit } from "~/models/access/audit.server";

type Connection = Database.Database;

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

function packRows(connection: Connection, where: string, params: unknown[]): PackSummary[] {
  const packs = connection
    .prepare(
      `SELECT g."id", g."code", g."name", g."description", g."status", o."name" AS "proposerName" FROM "GiftPack" g JOIN "Organization" o ON o."id" = g."proposerOrgId" WHERE ${where} ORDER BY g."id" DESC`,
    )
    .all(...params) as Array<Omit<PackSummary, "items" | "priceFen" | "certifiedFen">>;
  if (!packs.length) return [];
  const items = connection
    .prepare(
      `SELECT i."packId", i."productId", p."code", p."title", p."unit", so."name" AS "supplierName", i."quantity", i."unitPriceFen", p."priceFen" AS "listPriceFen",
              (SELECT f."fileName" FROM "ProductPhoto" f WHERE f."productId" = p."id" ORDER BY f."position" LIMIT 1) AS "photo",
              ${certifiedOnDaySql(`p."id"`, chinaDate(new Date()))} AS "certified"
       FROM "GiftPackItem" i JOIN "Product" p ON p."id" = i."productId" JOIN "Supplier" s ON s."id" = p."supplierId" JOIN "Organization" so ON so."id" = s."orgId"
       WHERE i."packId" IN (${packs.map(() => "?").join(",")}) ORDER BY i."packId", p."code"`,
    )
    .all(...packs.map((p) => p.id)) as Array<PackSummary["items"][number] & { packId: number; certified: number }>;
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
export function approvedPacks(options: { maxPerMemberFen?: number } = {}) {
  const packs = packRows(sqlite, `g."status" = 'APPROVED'`, []);
  return options.maxPerMemberFen == null ? packs : packs.filter((p) => p.priceFen <= options.maxPerMemberFen!);
}

/** A pack as anyone may see it once approved; its proposer and leaders see it in every state. */
export function packForViewer(viewer: Pick<Actor, "role" | "org"> | null, id: number): PackSummary | null {
  const pack = packRows(sqlite, `g."id" = ?`, [id])[0];
  if (!pack) return null;
  if (pack.status === "APPROVED") return pack;
  const proposerOrgId = (sqlite.prepare(`SELECT "proposerOrgId" FROM "GiftPack" WHERE "id" = ?`).get(id) as { proposerOrgId: number }).proposerOrgId;
  return viewer && (viewer.role === "LEADER" || viewer.org.id === proposerOrgId) ? pack : null;
}

export function packsProposedBy(actor: Pick<Actor, "org">) {
  return packRows(sqlite, `g."proposerOrgId" = ?`, [actor.org.id]);
}

export function packsAwaitingReview() {
  return packRows(sqlite, `g."status" = 'SUBMITTED'`, []);
}

export type ProposeOutcome =
  { kind: "created"; packId: number; code: string } | { kind: "invalid"; problems: Array<{ code: string; problem: PackItemProblem | "unknownCode" }> };

/** A proposal: items named by catalog code with a quantity per pack and the pack price of one unit. */
export function proposePack(
  actor: Pick<Actor, "userId" | "org">,
  input: { name: string; description: string; items: Array<{ code: string; quantity: number; unitPriceFen: number }> },
): Promise<ProposeOutcome> {
  return writeSql((c) => {
    const codes = input.items.map((i) => i.code);
    const products = c
      .prepare(`SELECT "id","code","priceFen" FROM "Product" WHERE "active" = 1 AND "code" IN (${codes.map(() => "?").join(",")})`)
      .all(...codes) as Array<{ id: number; code: string; priceFen: number }>;
    const byCode = new Map(products.map((p) => [p.code, p]));
    const unknown = input.items.filter((i) => !byCode.has(i.code)).map((i) => ({ code: i.code, problem: "unknownCode" as const }));
    if (unknown.length) return { kind: "invalid", problems: unknown };
    const items: PackItem[] = input.items.map((i) => ({ productId: byCode.get(i.code)!.id, quantity: i.quantity, unitPriceFen: i.unitPriceFen }));
    const problems = packItemProblems(items, new Map(products.map((p) => [p.id, p.priceFen])));
    if (problems.length)
      return { kind: "invalid", problems: problems.map((p) => ({ code: products.find((x) => x.id === p.productId)!.code, problem: p.problem })) };
    const now = Date.now();
    const packId = Number(
      c
        .prepare(`INSERT INTO "GiftPack" ("code","name","description","proposerOrgId","status","createdById","createdAt") VALUES (?,?,?,?,'SUBMITTED',?,?)`)
        .run(`TMP-${now}-${actor.userId}`, input.name, input.description, actor.org.id, actor.userId, now).lastInsertRowid,
    );
    const code = `G${String(packId).padStart(4, "0")}`;
    c.prepare(`UPDATE "GiftPack" SET "code" = ? WHERE "id" = ?`).run(code, packId);
    const insert = c.prepare(`INSERT INTO "GiftPackItem" ("packId","productId","quantity","unitPriceFen") VALUES (?,?,?,?)`);
    for (const i of items) insert.run(packId, i.productId, i.quantity, i.unitPriceFen);
    recordAudit(
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
  return writeSql((c) => {
    const now = Date.now();
    const changed = c
      .prepare(`UPDATE "GiftPack" SET "status" = ?, "reviewNote" = ?, "reviewedById" = ?, "reviewedAt" = ? WHERE "id" = ? AND "status" = 'SUBMITTED'`)
      .run(decision, note || null, reviewer.userId, now, packId).changes;
    if (!changed) return "notFound";
    recordAudit(
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
  return writeSql((c) => {
    const before = c
      .prepare(`SELECT "status" FROM "GiftPack" WHERE "id" = ? AND "proposerOrgId" = ? AND "status" IN ('SUBMITTED','APPROVED')`)
      .get(packId, actor.org.id) as { status: string } | undefined;
    if (!before) return "notFound";
    c.prepare(`UPDATE "GiftPack" SET "status" = 'WITHDRAWN' WHERE "id" = ?`).run(packId);
    recordAudit(c, {
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
export function approvedPackItems(connection: Connection, packIds: number[]): Map<number, { code: string; name: string; items: PackItem[] }> {
  if (!packIds.length) return new Map();
  const marks = packIds.map(() => "?").join(",");
  const packs = connection.prepare(`SELECT "id","code","name" FROM "GiftPack" WHERE "status" = 'APPROVED' AND "id" IN (${marks})`).all(...packIds) as Array<{
    id: number;
    code: string;
    name: string;
  }>;
  const items = connection
    .prepare(`SELECT "packId","productId","quantity","unitPriceFen" FROM "GiftPackItem" WHERE "packId" IN (${marks})`)
    .all(...packIds) as Array<PackItem & { packId: number }>;
  return new Map(packs.map((p) => [p.id, { code: p.code, name: p.name, items: items.filter((i) => i.packId === p.id) }]));
}

export async function packIdByCode(code: string) {
  return (await db.giftPack.findUnique({ where: { code }, select: { id: true, status: true } })) ?? null;
}
