// Admin onboarding of organisations and users. Every change is audited.
import { db, transaction } from "~/utils/db.server";
import { instant, one, q, run } from "~/utils/sql.server";
import { isUnitKind } from "~/domain/procurement-ledger";
import { recordUnionAdded } from "~/models/welfare/procurement-ledger.server";
import { allowedParentKinds, rolesForOrgKind, type OrgKind, type Role } from "~/domain/roles";
import { recordAudit } from "~/models/access/audit.server";
import { hashPassword } from "~/models/access/users.server";

export type OnboardingProblem = "codeTaken" | "usernameTaken" | "parentInvalid" | "roleInvalid" | "orgMissing";

export interface NewOrganization {
  kind: OrgKind;
  name: string;
  code: string;
  parentId: number | null;
  region: string | null;
  contactName: string | null;
  contactPhone: string | null;
  supplier?: { kind: string; tradeRole: string; county: string } | null;
}

export async function createOrganization(actorId: number, input: NewOrganization): Promise<{ id: number } | { problem: OnboardingProblem }> {
  const parentKinds = allowedParentKinds(input.kind);
  const parent = input.parentId ? await db.organization.findUnique({ where: { id: input.parentId } }) : null;
  if (parentKinds === null ? parent !== null : !parent || !parentKinds.some((k) => k === parent.kind)) return { problem: "parentInvalid" };
  if (await db.organization.findUnique({ where: { code: input.code } })) return { problem: "codeTaken" };
  return transaction(async (c) => {
    const now = Date.now();
    const { id } = await one(
      c,
      q
        .insertInto("Organization")
        .values({
          kind: input.kind,
          name: input.name,
          code: input.code,
          parentId: parent?.id ?? null,
          path: "/",
          region: input.region,
          contactName: input.contactName,
          contactPhone: input.contactPhone,
          createdAt: instant(now),
        })
        .returning("id"),
    );
    // The path needs the new id, so it is set in a second statement of the same transaction.
    await run(
      c,
      q
        .updateTable("Organization")
        .set({ path: `${parent?.path ?? "/"}${id}/` })
        .where("id", "=", id),
    );
    if (input.kind === "SUPPLIER" && input.supplier) {
      await run(
        c,
        q.insertInto("Supplier").values({ orgId: id, kind: input.supplier.kind, tradeRole: input.supplier.tradeRole, county: input.supplier.county }),
      );
    }
    // A new buying union counts as registered in every report node above it from this moment.
    if (isUnitKind(input.kind)) await recordUnionAdded(c, id);
    await recordAudit(c, { actorId, orgId: id, action: "organization.create", entityType: "Organization", entityId: id, detail: { ...input } });
    return { id };
  });
}

export interface NewUser {
  username: string;
  name: string;
  password: string;
  orgId: number;
  role: Role;
}

export async function createUser(actorId: number, input: NewUser): Promise<{ id: number } | { problem: OnboardingProblem }> {
  const org = await db.organization.findUnique({ where: { id: input.orgId } });
  if (!org) return { problem: "orgMissing" };
  if (!rolesForOrgKind(org.kind).includes(input.role)) return { problem: "roleInvalid" };
  if (await db.user.findUnique({ where: { username: input.username } })) return { problem: "usernameTaken" };
  const passwordHash = await hashPassword(input.password);
  return transaction(async (c) => {
    const now = Date.now();
    const { id } = await one(
      c,
      q
        .insertInto("User")
        .values({ username: input.username, name: input.name, passwordHash, createdAt: instant(now) })
        .returning("id"),
    );
    await run(c, q.insertInto("Membership").values({ userId: id, orgId: org.id, role: input.role }));
    await recordAudit(c, {
      actorId,
      orgId: org.id,
      action: "user.create",
      entityType: "User",
      entityId: id,
      detail: { username: input.username, role: input.role },
    });
    return { id };
  });
}

export function organizationChoices() {
  return db.organization.findMany({ orderBy: { path: "asc" }, select: { id: true, name: true, kind: true } });
}
