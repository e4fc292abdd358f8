// Organisation administration: edit, move a union to another county, merge two unions, deactivate a unit; for
// suppliers, villages served and suspension. Admin everywhere, leaders within their subtree (suppliers sit outside
// the union tree, so only the admin manages them). Every change is audited in the transaction that makes it.
import { sql, type SqlBool } from "kysely";
import type { Actor } from "~/domain/actor";
import { canAdministerOrg } from "~/domain/account-admin";
import { isBuyingUnion } from "~/domain/roles";
import { db, reader, transaction } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/permissions.server";
import { engine } from "~/utils/engine.server";
import { all, containsText, first, instant, one, q, run, type Connection } from "~/utils/sql.server";
import { recordAudit } from "./audit.server";
import { inSubtreeSql } from "../rules-sql.server";
import { attachUnionFigures, detachUnionFigures, recordUnionsMerged } from "../welfare/procurement-ledger.server";

type Manager = Pick<Actor, "userId" | "role" | "org">;

const ORG_COLUMNS = [
  "id",
  "kind",
  "name",
  "code",
  "parentId",
  "path",
  "region",
  "contactName",
  "contactPhone",
  "headcount",
  "approvalThresholdFen",
  "deactivatedAt",
  "mergedIntoId",
  "mergedAt",
] as const;

function orgRow(connection: Connection, orgId: number) {
  return first(connection, q.selectFrom("Organization").select(ORG_COLUMNS).where("id", "=", orgId));
}

type OrgRow = NonNullable<Awaited<ReturnType<typeof orgRow>>>;

/** The organisation if the actor administers it: 404 when unknown, 403 outside the actor's subtree. */
async function requireManagedOrg(actor: Manager, orgId: number, connection: Connection = reader): Promise<OrgRow> {
  const org = await orgRow(connection, orgId);
  if (!org) notFound();
  if (!canAdministerOrg(actor, org.path)) forbidden();
  return org;
}

export function listManagedOrganizations(actor: Manager, query: string) {
  if (actor.role !== "ADMIN" && actor.role !== "LEADER") forbidden();
  return all(
    reader,
    q
      .selectFrom("Organization as o")
      .leftJoin("Organization as p", "p.id", "o.parentId")
      .select((eb) => [
        "o.id",
        "o.kind",
        "o.name",
        "o.code",
        "o.path",
        "o.deactivatedAt",
        "o.mergedIntoId",
        "p.name as parentName",
        eb.selectFrom("Membership as m").select(eb.fn.countAll<number>().as("n")).whereRef("m.orgId", "=", "o.id").$asScalar().$notNull().as("members"),
      ])
      .$if(actor.role !== "ADMIN", (qb) => qb.where(sql.raw<boolean>(inSubtreeSql(`o."path"`, actor.org.path, engine))))
      .$if(query !== "", (qb) => qb.where((eb) => eb.or([containsText(eb.ref("o.name"), query), containsText(eb.ref("o.code"), query)])))
      .orderBy("o.path")
      .limit(300),
  );
}

/** Everything the organisation page shows: the unit, its supplier record, and the choices for move and merge. */
export async function getManagedOrganization(actor: Manager, orgId: number) {
  const org = await requireManagedOrg(actor, orgId);
  const inScope = (path: string) => canAdministerOrg(actor, path);
  const parent = org.parentId ? await orgRow(reader, org.parentId) : undefined;
  const mergedInto = org.mergedIntoId ? await orgRow(reader, org.mergedIntoId) : undefined;
  const mergedFrom = await all(reader, q.selectFrom("Organization").select(["id", "name", "mergedAt"]).where("mergedIntoId", "=", orgId).orderBy("id"));
  const movable = org.kind === "GRASSROOTS" && org.mergedIntoId == null;
  const counties = movable
    ? (
        await all(
          reader,
          q
            .selectFrom("Organization")
            .select(["id", "name", "path"])
            .where("kind", "=", "COUNTY")
            .where("id", "<>", org.parentId ?? 0)
            .orderBy("path"),
        )
      ).filter((c) => inScope(c.path))
    : [];
  const mergeTargets =
    isBuyingUnion(org.kind) && org.mergedIntoId == null
      ? (
          await all(
            reader,
            q
              .selectFrom("Organization")
              .select(["id", "name", "path"])
              .where("kind", "=", org.kind)
              .where("id", "<>", orgId)
              .where("mergedIntoId", "is", null)
              .orderBy("path"),
          )
        ).filter((o) => inScope(o.path))
      : [];
  const supplier = org.kind === "SUPPLIER" ? await supplierDetail(orgId) : null;
  const moves = await all(
    reader,
    q
      .selectFrom("AuditLog")
      .select(["at", "detail"])
      .where("entityType", "=", "Organization")
      .where("entityId", "=", String(orgId))
      .where("action", "=", "organization.move")
      .orderBy("id", "desc"),
  );
  return {
    org,
    parentName: parent?.name ?? null,
    mergedInto: mergedInto ? { id: mergedInto.id, name: mergedInto.name } : null,
    mergedFrom,
    counties: counties.map(({ id, name }) => ({ id, name })),
    mergeTargets: mergeTargets.map(({ id, name }) => ({ id, name })),
    supplier,
    moves: moves.map((m) => ({ at: m.at, ...(JSON.parse(m.detail) as MoveDetail) })),
  };
}

async function supplierDetail(orgId: number) {
  const supplier = await first(reader, q.selectFrom("Supplier").select(["id", "kind", "tradeRole", "county", "suspendedAt"]).where("orgId", "=", orgId));
  if (!supplier) return null;
  const villages = await all(
    reader,
    q
      .selectFrom("SupplierVillage as sv")
      .innerJoin("Village as v", "v.id", "sv.villageId")
      .select(["v.id", "v.name", "v.township", "v.county", "sv.householdsBenefited"])
      .where("sv.supplierId", "=", supplier.id)
      .orderBy("v.county")
      .orderBy("v.township")
      .orderBy("v.name"),
  );
  const allVillages = await all(
    reader,
    q.selectFrom("Village").select(["id", "name", "township", "county"]).orderBy("county").orderBy("township").orderBy("name"),
  );
  const activeListings = (
    await one(
      reader,
      q
        .selectFrom("Product")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("supplierId", "=", supplier.id)
        .where("active", "=", 1),
    )
  ).n;
  return { ...supplier, villages, allVillages, activeListings };
}

export interface OrganizationEdit {
  name: string;
  contactName: string | null;
  contactPhone: string | null;
  headcount: number | null;
  approvalThresholdFen: number;
}

export async function updateOrganization(actor: Manager, orgId: number, edit: OrganizationEdit) {
  await transaction(async (c) => {
    const org = await requireManagedOrg(actor, orgId, c);
    const before = {
      name: org.name,
      contactName: org.contactName,
      contactPhone: org.contactPhone,
      headcount: org.headcount,
      approvalThresholdFen: Number(org.approvalThresholdFen),
    };
    await run(
      c,
      q
        .updateTable("Organization")
        .set({
          name: edit.name,
          contactName: edit.contactName,
          contactPhone: edit.contactPhone,
          headcount: edit.headcount,
          approvalThresholdFen: edit.approvalThresholdFen,
        })
        .where("id", "=", orgId),
    );
    await recordAudit(c, {
      actorId: actor.userId,
      orgId,
      action: "organization.update",
      entityType: "Organization",
      entityId: orgId,
      detail: { before, after: edit },
    });
  });
}

export type OrgProblem = "notMovable" | "sameParent" | "notMergeable" | "sameOrganization" | "alreadyInactive" | "merged";

export interface MoveDetail {
  fromId: number;
  fromName: string;
  toId: number;
  toName: string;
  /** What moved with the union, per year (all years: reports follow the current tree, ADR 0140). */
  years: Array<{ year: number; certifiedFen: number; otherPlatformFen: number; budgetFen: number }>;
}

/**
 * Moves a grassroots union under another county. Its path changes, and its figures of every year leave the old
 * county's and enter the new one's in the same transaction (docs/decisions/0140-moving-and-merging-unions.md).
 */
export async function moveUnion(actor: Manager, unionId: number, newCountyId: number): Promise<{ ok: true } | { problem: OrgProblem }> {
  return transaction(async (c) => {
    const union = await requireManagedOrg(actor, unionId, c);
    const county = await requireManagedOrg(actor, newCountyId, c);
    if (union.kind !== "GRASSROOTS" || county.kind !== "COUNTY") return { problem: "notMovable" as const };
    if (union.mergedIntoId != null) return { problem: "merged" as const };
    if (union.parentId === county.id) return { problem: "sameParent" as const };
    const oldParent = union.parentId ? await orgRow(c, union.parentId) : undefined;
    const newPath = `${county.path}${union.id}/`;
    // What moves with the union, per year, read before the move for the record.
    const moved = await all(c, q.selectFrom("ProcurementTotal").select(["year", "certifiedFen", "otherPlatformFen", "budgetFen"]).where("orgId", "=", unionId));
    await detachUnionFigures(c, unionId);
    await run(
      c,
      q
        .updateTable("Organization")
        .set((eb) => ({ path: sql<string>`${newPath} || ${eb.fn<string>("substr", ["path", eb.val(union.path.length + 1)])}` }))
        .where(sql.raw<SqlBool>(inSubtreeSql(`"path"`, union.path, engine))),
    );
    await run(c, q.updateTable("Organization").set({ parentId: county.id }).where("id", "=", unionId));
    await attachUnionFigures(c, unionId);
    const years = moved
      .sort((x, y) => x.year - y.year)
      .map((m) => ({ year: m.year, certifiedFen: Number(m.certifiedFen), otherPlatformFen: Number(m.otherPlatformFen), budgetFen: Number(m.budgetFen) }));
    const detail: MoveDetail = { fromId: oldParent?.id ?? 0, fromName: oldParent?.name ?? "", toId: county.id, toName: county.name, years };
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: unionId,
      action: "organization.move",
      entityType: "Organization",
      entityId: unionId,
      detail: { ...detail, before: { parent: detail.fromName }, after: { parent: detail.toName } },
    });
    return { ok: true as const };
  });
}

/**
 * Merges one union into another (the survivor): its orders, budgets, off-platform spending, members and kept
 * report figures move to the survivor, and it keeps a pointer to the survivor. Budgets of the same year add up.
 */
export async function mergeUnions(actor: Manager, mergedId: number, survivorId: number): Promise<{ ok: true } | { problem: OrgProblem }> {
  return transaction(async (c) => {
    const merged = await requireManagedOrg(actor, mergedId, c);
    const survivor = await requireManagedOrg(actor, survivorId, c);
    if (merged.id === survivor.id) return { problem: "sameOrganization" as const };
    if (!isBuyingUnion(merged.kind) || merged.kind !== survivor.kind) return { problem: "notMergeable" as const };
    if (merged.mergedIntoId != null || survivor.mergedIntoId != null) return { problem: "merged" as const };
    const orders = (await run(c, q.updateTable("Order").set({ unionId: survivorId }).where("unionId", "=", mergedId))).changes;
    const offPlatform = (await run(c, q.updateTable("OffPlatformSpending").set({ orgId: survivorId }).where("orgId", "=", mergedId))).changes;
    const budgets = await all(c, q.selectFrom("WelfareBudget").select(["year", "budgetFen", "headcount"]).where("orgId", "=", mergedId));
    for (const b of budgets) {
      await run(
        c,
        q
          .insertInto("WelfareBudget")
          .values({ orgId: survivorId, year: b.year, budgetFen: b.budgetFen, headcount: b.headcount, blockOverBudget: 0, updatedAt: instant(Date.now()) })
          .onConflict((oc) =>
            oc.columns(["orgId", "year"]).doUpdateSet((eb) => ({
              budgetFen: eb("WelfareBudget.budgetFen", "+", eb.ref("excluded.budgetFen")),
              headcount: eb("WelfareBudget.headcount", "+", eb.ref("excluded.headcount")),
              updatedAt: eb.ref("excluded.updatedAt"),
            })),
          ),
      );
    }
    await run(c, q.deleteFrom("WelfareBudget").where("orgId", "=", mergedId));
    // A member who already holds the same role at the survivor keeps that one; the duplicate and its sessions go.
    const duplicates = await all(
      c,
      q
        .selectFrom("Membership as m")
        .select("m.id")
        .where("m.orgId", "=", mergedId)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom("Membership as s")
              .select(sql.lit(1).as("one"))
              .where("s.orgId", "=", survivorId)
              .whereRef("s.userId", "=", "m.userId")
              .whereRef("s.role", "=", "m.role"),
          ),
        ),
    );
    for (const d of duplicates) {
      await run(c, q.deleteFrom("Session").where("membershipId", "=", d.id));
      await run(c, q.deleteFrom("Membership").where("id", "=", d.id));
    }
    const members = (await run(c, q.updateTable("Membership").set({ orgId: survivorId }).where("orgId", "=", mergedId))).changes;
    const carried = await moveUnionBelongings(c, merged, survivor);
    const now = Date.now();
    await run(
      c,
      q
        .updateTable("Organization")
        .set((eb) => ({ mergedIntoId: survivorId, mergedAt: instant(now), deactivatedAt: eb.fn.coalesce("deactivatedAt", eb.val(instant(now))) }))
        .where("id", "=", mergedId),
    );
    // The kept figures follow: the source leaves every ancestor, the survivor is recomputed from its sources.
    await recordUnionsMerged(c, mergedId, survivorId);
    const detail = {
      mergedId,
      mergedName: merged.name,
      survivorId,
      survivorName: survivor.name,
      orders,
      offPlatform,
      budgets: budgets.length,
      members,
      ...carried,
    };
    await recordAudit(c, { actorId: actor.userId, orgId: mergedId, action: "organization.merge", entityType: "Organization", entityId: mergedId, detail });
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: survivorId,
      action: "organization.mergeReceive",
      entityType: "Organization",
      entityId: survivorId,
      detail,
    });
    return { ok: true as const };
  });
}

/**
 * What else a union owns moves with its orders (ADR 0144): complaints (they follow their order), reminders sent to
 * it (the survivor now carries its figures and its place in the lagging list), its address book, order templates and
 * its members' draft gift packs. Where the survivor already has the same thing, the survivor's wins: its default
 * address stays the default, a template of the same name is renamed with the merged unit's name, and a draft item
 * for the same product or pack is the survivor's. Order messages, invoices, payments, refunds, transfers and
 * shipments hang off the orders and need nothing; audit entries stay on the merged unit.
 */
async function moveUnionBelongings(c: Connection, merged: OrgRow, survivor: OrgRow) {
  const complaints = Number((await run(c, q.updateTable("Complaint").set({ unionId: survivor.id }).where("unionId", "=", merged.id))).changes);
  const reminders = Number((await run(c, q.updateTable("Reminder").set({ unitId: survivor.id }).where("unitId", "=", merged.id))).changes);
  if (await first(c, q.selectFrom("UnionAddress").select("id").where("orgId", "=", survivor.id).where("isDefault", "=", 1)))
    await run(c, q.updateTable("UnionAddress").set({ isDefault: 0 }).where("orgId", "=", merged.id));
  const addresses = Number((await run(c, q.updateTable("UnionAddress").set({ orgId: survivor.id }).where("orgId", "=", merged.id))).changes);
  const taken = new Set((await all(c, q.selectFrom("OrderTemplate").select("name").where("orgId", "=", survivor.id))).map((t) => t.name));
  const templates = await all(c, q.selectFrom("OrderTemplate").select(["id", "name"]).where("orgId", "=", merged.id).orderBy("id"));
  for (const template of templates) {
    let name = template.name;
    for (let n = 1; taken.has(name); n++) name = `${template.name}（${merged.name}${n > 1 ? ` ${n}` : ""}）`;
    taken.add(name);
    await run(c, q.updateTable("OrderTemplate").set({ orgId: survivor.id, name }).where("id", "=", template.id));
  }
  for (const column of ["productId", "packId"] as const) {
    await run(
      c,
      q
        .deleteFrom("DraftPackItem as d")
        .where("d.orgId", "=", merged.id)
        .where(`d.${column}`, "is not", null)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom("DraftPackItem as s")
              .select("s.id")
              .where("s.orgId", "=", survivor.id)
              .whereRef("s.userId", "=", "d.userId")
              .whereRef(`s.${column}`, "=", `d.${column}`),
          ),
        ),
    );
  }
  const draftItems = Number((await run(c, q.updateTable("DraftPackItem").set({ orgId: survivor.id }).where("orgId", "=", merged.id))).changes);
  return { complaints, reminders, addresses, templates: templates.length, draftItems };
}

/** A deactivated unit places no new orders; its history, figures and users stay. */
export async function setOrganizationActive(actor: Manager, orgId: number, active: boolean): Promise<{ ok: true } | { problem: OrgProblem }> {
  return transaction(async (c) => {
    const org = await requireManagedOrg(actor, orgId, c);
    if (org.mergedIntoId != null) return { problem: "merged" as const };
    if (org.id === actor.org.id) forbidden();
    const changed = active
      ? (await run(c, q.updateTable("Organization").set({ deactivatedAt: null }).where("id", "=", orgId).where("deactivatedAt", "is not", null))).changes
      : (
          await run(
            c,
            q
              .updateTable("Organization")
              .set({ deactivatedAt: instant(Date.now()) })
              .where("id", "=", orgId)
              .where("deactivatedAt", "is", null),
          )
        ).changes;
    if (changed)
      await recordAudit(c, {
        actorId: actor.userId,
        orgId,
        action: active ? "organization.reactivate" : "organization.deactivate",
        entityType: "Organization",
        entityId: orgId,
        detail: { before: { active: !active }, after: { active } },
      });
    return { ok: true as const };
  });
}

async function requireManagedSupplier(actor: Manager, orgId: number, c: Connection) {
  const org = await requireManagedOrg(actor, orgId, c);
  const supplier = await first(c, q.selectFrom("Supplier").select(["id", "suspendedAt"]).where("orgId", "=", org.id));
  if (!supplier) notFound();
  return { org, supplier };
}

export interface VillageServed {
  villageId: number;
  householdsBenefited: number;
}

/** Replaces the villages a supplier serves and the households each benefits. */
export async function updateSupplierVillages(actor: Manager, orgId: number, villages: VillageServed[]) {
  const known = new Set((await db.village.findMany({ select: { id: true } })).map((v) => v.id));
  if (villages.some((v) => !known.has(v.villageId))) notFound();
  await transaction(async (c) => {
    const { supplier } = await requireManagedSupplier(actor, orgId, c);
    const before = await all(
      c,
      q.selectFrom("SupplierVillage").select(["villageId", "householdsBenefited"]).where("supplierId", "=", supplier.id).orderBy("villageId"),
    );
    await run(c, q.deleteFrom("SupplierVillage").where("supplierId", "=", supplier.id));
    for (const v of villages)
      await run(c, q.insertInto("SupplierVillage").values({ supplierId: supplier.id, villageId: v.villageId, householdsBenefited: v.householdsBenefited }));
    await recordAudit(c, {
      actorId: actor.userId,
      orgId,
      action: "supplier.villages",
      entityType: "Supplier",
      entityId: supplier.id,
      detail: { before, after: villages },
    });
  });
}

/**
 * Suspending a supplier takes every listing off sale at once and keeps them off while suspended. Reinstating
 * does not relist anything: the supplier relists what is still right to sell.
 */
export async function setSupplierSuspended(actor: Manager, orgId: number, suspended: boolean) {
  await transaction(async (c) => {
    const { supplier } = await requireManagedSupplier(actor, orgId, c);
    if ((supplier.suspendedAt != null) === suspended) return;
    await run(
      c,
      q
        .updateTable("Supplier")
        .set({ suspendedAt: suspended ? instant(Date.now()) : null })
        .where("id", "=", supplier.id),
    );
    const offSale = suspended
      ? (
          await run(
            c,
            q
              .updateTable("Product")
              .set({ active: 0, listingState: "WITHDRAWN", updatedAt: instant(Date.now()) })
              .where("supplierId", "=", supplier.id)
              .where("active", "=", 1),
          )
        ).changes
      : 0;
    await recordAudit(c, {
      actorId: actor.userId,
      orgId,
      action: suspended ? "supplier.suspend" : "supplier.reinstate",
      entityType: "Supplier",
      entityId: supplier.id,
      detail: { listingsOffSale: offSale, before: { suspended: !suspended }, after: { suspended } },
    });
  });
}
