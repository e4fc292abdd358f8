// A union's delivery address book, one default at most (a partial unique index enforces it).
import type { Actor } from "~/domain/actor";
import { reader, transaction } from "~/utils/db.server";
import { all, first, instant, one, q, run } from "~/utils/sql.server";
import { recordAudit } from "~/models/access/audit.server";

export interface UnionAddressInput {
  label: string;
  recipient: string;
  phone: string;
  address: string;
  isDefault: boolean;
}

export async function listAddresses(owner: Pick<Actor, "org">) {
  return (
    await all(
      reader,
      q
        .selectFrom("UnionAddress")
        .select(["id", "label", "recipient", "phone", "address", "isDefault"])
        .where("orgId", "=", owner.org.id)
        .orderBy("isDefault", "desc")
        .orderBy("id"),
    )
  ).map((a) => ({ ...a, isDefault: a.isDefault === 1 }));
}

export async function defaultAddress(owner: Pick<Actor, "org">) {
  return (await listAddresses(owner))[0] ?? null;
}

export function saveAddress(owner: Pick<Actor, "userId" | "org">, input: UnionAddressInput): Promise<number> {
  return transaction(async (c) => {
    const firstAddress = !(await first(c, q.selectFrom("UnionAddress").select("id").where("orgId", "=", owner.org.id)));
    const makeDefault = input.isDefault || firstAddress;
    if (makeDefault) await run(c, q.updateTable("UnionAddress").set({ isDefault: 0 }).where("orgId", "=", owner.org.id));
    const { id } = await one(
      c,
      q
        .insertInto("UnionAddress")
        .values({
          orgId: owner.org.id,
          label: input.label,
          recipient: input.recipient,
          phone: input.phone,
          address: input.address,
          isDefault: makeDefault ? 1 : 0,
          createdAt: instant(Date.now()),
        })
        .returning("id"),
    );
    await recordAudit(c, {
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
  return transaction(async (c) => {
    if (!(await first(c, q.selectFrom("UnionAddress").select("id").where("id", "=", id).where("orgId", "=", owner.org.id)))) return false;
    // Bound, not a literal 1 (PostgreSQL's column is a boolean): "UnionAddress_orgId_idx" serves it.
    const before = await first(c, q.selectFrom("UnionAddress").select("id").where("orgId", "=", owner.org.id).where("isDefault", "=", 1));
    await run(c, q.updateTable("UnionAddress").set({ isDefault: 0 }).where("orgId", "=", owner.org.id));
    await run(c, q.updateTable("UnionAddress").set({ isDefault: 1 }).where("id", "=", id));
    await recordAudit(c, {
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
  return transaction(async (c) => {
    const removed = Number((await run(c, q.deleteFrom("UnionAddress").where("id", "=", id).where("orgId", "=", owner.org.id))).changes);
    if (removed) await recordAudit(c, { actorId: owner.userId, orgId: owner.org.id, action: "unionAddress.delete", entityType: "UnionAddress", entityId: id });
    return removed > 0;
  });
}
