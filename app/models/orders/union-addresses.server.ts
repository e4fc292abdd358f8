// A union's delivery address book, one default at most (a partial unique index enforces it).
import type { Actor } from "~/domain/actor";
import { sqlite, writeSql } from "~/utils/db.server";
import { recordAudit } from "~/models/access/audit.server";

export interface UnionAddressInput {
  label: string;
  recipient: string;
  phone: string;
  address: string;
  isDefault: boolean;
}

export function listAddresses(owner: Pick<Actor, "org">) {
  return (
    sqlite
      .prepare(`SELECT "id","label","recipient","phone","address","isDefault" FROM "UnionAddress" WHERE "orgId" = ? ORDER BY "isDefault" DESC, "id"`)
      .all(owner.org.id) as Array<{ id: number; label: string; recipient: string; phone: string; address: string; isDefault: number }>
  ).map((a) => ({ ...a, isDefault: a.isDefault === 1 }));
}

export function defaultAddress(owner: Pick<Actor, "org">) {
  return listAddresses(owner)[0] ?? null;
}

export function saveAddress(owner: Pick<Actor, "userId" | "org">, input: UnionAddressInput): Promise<number> {
  return writeSql((c) => {
    const first = !c.prepare(`SELECT 1 FROM "UnionAddress" WHERE "orgId" = ?`).get(owner.org.id);
    const makeDefault = input.isDefault || first;
    if (makeDefault) c.prepare(`UPDATE "UnionAddress" SET "isDefault" = 0 WHERE "orgId" = ?`).run(owner.org.id);
    const id = Number(
      c
        .prepare(`INSERT INTO "UnionAddress" ("orgId","label","recipient","phone","address","isDefault","createdAt") VALUES (?,?,?,?,?,?,?)`)
        .run(owner.org.id, input.label, input.recipient, input.phone, input.address, makeDefault ? 1 : 0, Date.now()).lastInsertRowid,
    );
    recordAudit(c, {
      actorId: owner.userId,
      orgId: owner.org.id,
      action: "unionAddress.create",
      entityType: "UnionAddress",
      entityId: id,
      detail: { ...input, isDefault: makeDefault },
    });
    return id;
  });
}

export function setDefaultAddress(owner: Pick<Actor, "userId" | "org">, id: number): Promise<boolean> {
  return writeSql((c) => {
    if (!c.prepare(`SELECT 1 FROM "UnionAddress" WHERE "id" = ? AND "orgId" = ?`).get(id, owner.org.id)) return false;
    const before = c.prepare(`SELECT "id" FROM "UnionAddress" WHERE "orgId" = ? AND "isDefault" = 1`).get(owner.org.id) as { id: number } | undefined;
    c.prepare(`UPDATE "UnionAddress" SET "isDefault" = 0 WHERE "orgId" = ?`).run(owner.org.id);
    c.prepare(`UPDATE "UnionAddress" SET "isDefault" = 1 WHERE "id" = ?`).run(id);
    recordAudit(c, {
      actorId: owner.userId,
      orgId: owner.org.id,
      action: "unionAddress.setDefault",
      entityType: "UnionAddress",
      entityId: id,
      detail: { before: { defaultId: before?.id ?? null }, after: { defaultId: id } },
    });
    return true;
  });
}

export function deleteAddress(owner: Pick<Actor, "userId" | "org">, id: number): Promise<boolean> {
  return writeSql((c) => {
    const removed = c.prepare(`DELETE FROM "UnionAddress" WHERE "id" = ? AND "orgId" = ?`).run(id, owner.org.id).changes;
    if (removed) recordAudit(c, { actorId: owner.userId, orgId: owner.org.id, action: "unionAddress.delete", entityType: "UnionAddress", entityId: id });
    return removed > 0;
  });
}
