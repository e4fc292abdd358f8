// User administration: admin everywhere, leaders within their subtree, a union's chair for password resets of its
// own members. Every function re-checks scope on the rows it touches and refuses (403, nothing changed) outside it.
import crypto from "node:crypto";
import { sql, type Expression, type SqlBool } from "kysely";
import type { Actor } from "~/domain/actor";
import { canAdministerOrg, canAdministerUser, canResetPasswordOf, canSeeUsersOf } from "~/domain/account-admin";
import { rolesForOrgKind, type Role } from "~/domain/roles";
import { db, reader, transaction } from "~/utils/db.server";
import { engine } from "~/utils/engine.server";
import { all, containsText, instant, one, q, run } from "~/utils/sql.server";
import { forbidden, notFound } from "~/utils/permissions.server";
import { recordAudit } from "./audit.server";
import { inSubtreeSql } from "../rules-sql.server";
import { RESET_LINK_HOURS, sha256 } from "./accounts.server";
import { hashPassword, setPasswordHash } from "./users.server";

type Manager = Pick<Actor, "userId" | "role" | "org">;

export const TEMPORARY_PASSWORD_HOURS = 72;

/**
 * The organisations whose users the actor can see (canSeeUsersOf in domain/account-admin.ts), as a condition on
 * `o."path"` of a query that aliases "Organization" as o; null when nothing is excluded.
 */
function visibleOrgs(actor: Manager): Expression<SqlBool> | null {
  if (actor.role === "ADMIN") return null;
  if (actor.role === "LEADER") return sql.raw<SqlBool>(inSubtreeSql(`o."path"`, actor.org.path, engine));
  return sql<SqlBool>`${sql.ref("o.path")} = ${actor.org.path}`;
}

export interface ManagedUserRow {
  id: number;
  username: string;
  name: string;
  lastSignInAt: number | null;
  deactivatedAt: number | null;
  memberships: Array<{ id: number; role: string; orgId: number; orgName: string; orgPath: string }>;
}

/** Users with at least one membership the actor can see, matched by username, name, phone or e-mail. */
export async function searchUsers(actor: Manager, query: string, limit = 100): Promise<ManagedUserRow[]> {
  let matching = q
    .selectFrom("User as u")
    .innerJoin("Membership as m", "m.userId", "u.id")
    .innerJoin("Organization as o", "o.id", "m.orgId")
    .select("u.id")
    .distinct()
    .orderBy("u.id")
    .limit(limit);
  const visible = visibleOrgs(actor);
  if (visible) matching = matching.where(visible);
  if (query !== "")
    matching = matching.where((eb) =>
      eb.or([
        containsText(eb.ref("u.username"), query),
        containsText(eb.ref("u.name"), query),
        containsText(eb.ref("u.phone"), query),
        containsText(eb.ref("u.email"), query),
        containsText(eb.ref("o.name"), query),
      ]),
    );
  const ids = await all(reader, matching);
  return usersByIds(ids.map((r) => r.id));
}

async function usersByIds(ids: number[]): Promise<ManagedUserRow[]> {
  if (ids.length === 0) return [];
  const users = await all(
    reader,
    q.selectFrom("User").select(["id", "username", "name", "lastSignInAt", "deactivatedAt"]).where("id", "in", ids).orderBy("id"),
  );
  const memberships = await all(
    reader,
    q
      .selectFrom("Membership as m")
      .innerJoin("Organization as o", "o.id", "m.orgId")
      .select(["m.id", "m.userId", "m.role", "o.id as orgId", "o.name as orgName", "o.path as orgPath"])
      .where("m.userId", "in", ids)
      .orderBy("m.id"),
  );
  return users.map((u) => ({ ...u, memberships: memberships.filter((m) => m.userId === u.id).map(({ userId: _u, ...m }) => m) }));
}

/** One user as the actor may see them, with what the actor may do; 404 when unknown, 403 when out of scope. */
export async function getManagedUser(actor: Manager, userId: number) {
  const [user] = await usersByIds([userId]);
  if (!user) notFound();
  const paths = user.memberships.map((m) => m.orgPath);
  const visible = actor.role === "ADMIN" || paths.some((p) => canSeeUsersOf(actor, p));
  if (!visible) forbidden();
  return {
    user,
    canAdminister: canAdministerUser(actor, paths) && user.id !== actor.userId,
    canReset: canResetPasswordOf(actor, paths) && user.id !== actor.userId,
  };
}

async function requireAdministrable(actor: Manager, userId: number) {
  const managed = await getManagedUser(actor, userId);
  if (!managed.canAdminister) forbidden();
  return managed.user;
}

async function requireResettable(actor: Manager, userId: number) {
  const managed = await getManagedUser(actor, userId);
  if (!managed.canReset) forbidden();
  return managed.user;
}

/** The organisations where the actor may give someone a role, with the roles each allows. */
export async function assignableOrganizations(actor: Manager) {
  if (actor.role !== "ADMIN" && actor.role !== "LEADER") return [];
  const visible = visibleOrgs(actor);
  const assignable = q.selectFrom("Organization as o").select(["o.id", "o.name", "o.kind", "o.path"]).where("o.mergedIntoId", "is", null).orderBy("o.path");
  const rows = await all(reader, visible ? assignable.where(visible) : assignable);
  return rows.map((o) => ({ ...o, roles: [...rolesForOrgKind(o.kind)] }));
}

export type MembershipProblem = "roleInvalid" | "alreadyMember" | "lastMembership";

export async function addMembership(actor: Manager, userId: number, orgId: number, role: Role): Promise<{ ok: true } | { problem: MembershipProblem }> {
  const user = await requireAdministrable(actor, userId);
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { id: true, kind: true, path: true, mergedIntoId: true } });
  if (!org || org.mergedIntoId != null) notFound();
  if (!canAdministerOrg(actor, org.path)) forbidden();
  if (!rolesForOrgKind(org.kind).includes(role)) return { problem: "roleInvalid" };
  if (user.memberships.some((m) => m.orgId === orgId && m.role === role)) return { problem: "alreadyMember" };
  await transaction(async (c) => {
    const { id } = await one(c, q.insertInto("Membership").values({ userId, orgId, role }).returning("id"));
    await recordAudit(c, {
      actorId: actor.userId,
      orgId,
      action: "user.membershipAdd",
      entityType: "User",
      entityId: userId,
      detail: { membershipId: id, orgId, role, username: user.username },
    });
  });
  return { ok: true };
}

export async function removeMembership(actor: Manager, userId: number, membershipId: number): Promise<{ ok: true } | { problem: MembershipProblem }> {
  const user = await requireAdministrable(actor, userId);
  const membership = user.memberships.find((m) => m.id === membershipId);
  if (!membership) notFound();
  if (user.memberships.length === 1) return { problem: "lastMembership" };
  await transaction(async (c) => {
    await run(c, q.deleteFrom("Session").where("membershipId", "=", membershipId));
    await run(c, q.deleteFrom("Membership").where("id", "=", membershipId).where("userId", "=", userId));
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: membership.orgId,
      action: "user.membershipRemove",
      entityType: "User",
      entityId: userId,
      detail: { membershipId, orgId: membership.orgId, role: membership.role, username: user.username },
    });
  });
  return { ok: true };
}

/** Deactivating ends every session of the user at once; reactivating lets them sign in again. */
export async function setUserActive(actor: Manager, userId: number, active: boolean) {
  const user = await requireAdministrable(actor, userId);
  await transaction(async (c) => {
    const changed = active
      ? (await run(c, q.updateTable("User").set({ deactivatedAt: null }).where("id", "=", userId).where("deactivatedAt", "is not", null))).changes
      : (
          await run(
            c,
            q
              .updateTable("User")
              .set({ deactivatedAt: instant(Date.now()) })
              .where("id", "=", userId)
              .where("deactivatedAt", "is", null),
          )
        ).changes;
    if (!active) await run(c, q.deleteFrom("Session").where("userId", "=", userId));
    if (changed) {
      await recordAudit(c, {
        actorId: actor.userId,
        orgId: user.memberships[0]?.orgId ?? null,
        action: active ? "user.reactivate" : "user.deactivate",
        entityType: "User",
        entityId: userId,
        detail: { username: user.username, before: { active: !active }, after: { active } },
      });
    }
  });
}

// No 0/O/1/l/I: the password is read out over the phone or copied from a screen.
const READABLE = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

function readablePassword(length = 12): string {
  const bytes = crypto.randomBytes(length);
  return Array.from(bytes, (b) => READABLE[b % READABLE.length]).join("");
}

/**
 * A temporary password, shown once to the administrator. It works for TEMPORARY_PASSWORD_HOURS and only to set a
 * new password: every page sends the user to change it first. The user's sessions end.
 */
export async function issueTemporaryPassword(actor: Manager, userId: number): Promise<{ password: string; expiresAt: Date }> {
  const user = await requireResettable(actor, userId);
  const password = readablePassword();
  const passwordHash = await hashPassword(password);
  const expiresAt = new Date(Date.now() + TEMPORARY_PASSWORD_HOURS * 3600_000);
  await transaction(async (c) => {
    await setPasswordHash(c, userId, passwordHash, expiresAt.getTime());
    await run(c, q.deleteFrom("Session").where("userId", "=", userId));
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: user.memberships[0]?.orgId ?? null,
      action: "user.temporaryPassword",
      entityType: "User",
      entityId: userId,
      detail: { username: user.username, expiresAt: expiresAt.toISOString() },
    });
  });
  return { password, expiresAt };
}

/** A one-time reset link (its token shown once), valid RESET_LINK_HOURS. Only the token's hash is stored. */
export async function issueResetLink(actor: Manager, userId: number): Promise<{ token: string; expiresAt: Date }> {
  const user = await requireResettable(actor, userId);
  const token = crypto.randomBytes(32).toString("base64url");
  const now = Date.now();
  const expiresAt = new Date(now + RESET_LINK_HOURS * 3600_000);
  await transaction(async (c) => {
    const { id } = await one(
      c,
      q
        .insertInto("PasswordReset")
        .values({ tokenHash: sha256(token), userId, kind: "LINK", createdById: actor.userId, expiresAt: instant(expiresAt.getTime()), createdAt: instant(now) })
        .returning("id"),
    );
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: user.memberships[0]?.orgId ?? null,
      action: "user.resetLink",
      entityType: "User",
      entityId: userId,
      detail: { username: user.username, resetId: id, expiresAt: expiresAt.toISOString() },
    });
  });
  return { token, expiresAt };
}
