// A union's delivery address book, one default at most (a partial unique index enforces it).
import type { Actor } from "~/domain/actor";
import { sql } from "kysely";
import { sqlite, writeSql } from "~/utils/db.server";
import { all, first, q } from "~/utils/sql.server";
import { recordAudit } from "~/models/access/audit.server";

export interface UnionAddressInput {
  label: string;
  recipient: string;
  phone: string;
  address: string;
  isDefault: boolean;
}

export function listAddresses(owner: Pick<Actor, "org">) {
  return all(
    sqlite,
    q
      .selectFrom("UnionAddress")
      .select(["id", "label", "recipient", "phone", "address", "isDefault"])
      .where("orgId", "=", owner.org.id)
      .orderBy("isDefault", "desc")
      .orderBy("id"),
  ).map((a) => ({ ...a, isDefault: a.isDefault === 1 }));
}

export function defaultAddress(owner: Pick<Actor, "org">) {
  return listAddresses(owner)[0] ?? null;
}

export function saveAddress(owner: Pick<Actor, "userId" | "org">, input: UnionAddressInput): Promise<number> {
  return writeSql((c) => {
    const firstAddress = !first(c, q.selectFrom("UnionAddress").select("id").where("orgId", "=", owner.org.id));
    const makeDefault = input.isDefault || firstAddress;
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
    if (!first(c, q.selectFrom("UnionAddress").select("id").where("id", "=", id).where("orgId", "=", owner.org.id))) return false;
    // A literal 1, so the partial index "UnionAddress_one_default" serves it.
    const before = first(c, q.selectFrom("UnionAddress").select("id").where("orgId", "=", owner.org.id).where("isDefault", "=", sql.lit(1)));
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
