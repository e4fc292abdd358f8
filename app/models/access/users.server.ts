import { hash, verify } from "@node-rs/argon2";
import { db } from "~/utils/db.server";
import { first, instant, q, run, type Connection } from "~/utils/sql.server";
import { claimSignInAttempt, settleSignInAttempt } from "./login-throttle.server";
import { isRole, type Role } from "~/domain/roles";

export function hashPassword(password: string) {
  return hash(password);
}

/**
 * Sets a user's password inside a write. A temporary one (`temporaryUntil`, epoch ms) must be changed at first
 * sign-in and stops working then; a chosen one clears both.
 */
export async function setPasswordHash(c: Connection, userId: number, passwordHash: string, temporaryUntil: number | null = null) {
  await run(
    c,
    q
      .updateTable("User")
      .set({
        passwordHash,
        mustChangePassword: temporaryUntil == null ? 0 : 1,
        passwordExpiresAt: temporaryUntil == null ? null : instant(temporaryUntil),
      })
      .where("id", "=", userId),
  );
}

/** The organisation an account's own audit entries are filed under: its first membership's. */
export async function primaryOrgId(c: Connection, userId: number): Promise<number | null> {
  return (await first(c, q.selectFrom("Membership").select("orgId").where("userId", "=", userId).orderBy("id").limit(1)))?.orgId ?? null;
}

/**
 * Throttling that a stranger cannot turn against a real user (docs/decisions/0150-hardening.md): refusals are
 * keyed by client (all accounts) and by account-and-client, so failures from elsewhere never lock the owner out.
 * Failures on an account from everywhere only slow every attempt on it down, up to three seconds. The attempt is
 * claimed in the database now, across processes (docs/decisions/0191-login-throttle-in-the-database.md); call
 * `verifyLogin` next, which settles it.
 */
export function loginThrottle(username: string, clientKey: string): Promise<{ refused: boolean; delayMs: number }> {
  return claimSignInAttempt(username, clientKey);
}

// A fixed hash to verify against when the user does not exist, so timing does not reveal which names exist.
let decoyHash: Promise<string> | null = null;

/**
 * Checks a sign-in that `loginThrottle` let through, and settles its claimed attempt. A deactivated user fails
 * exactly like a wrong password (nothing to learn by probing); an expired temporary password is told apart only
 * after the password itself was right.
 */
export async function verifyLogin(username: string, password: string, clientKey: string) {
  const user = await db.user.findUnique({
    where: { username },
    include: { memberships: { orderBy: { id: "asc" }, take: 1 } },
  });
  const ok = user ? await verify(user.passwordHash, password) : (await verify(await (decoyHash ??= hash("decoy")), password), false);
  const membership = user?.memberships[0];
  if (!user || !ok || !membership || !isRole(membership.role) || user.deactivatedAt) {
    await settleSignInAttempt(username, clientKey, false);
    return null;
  }
  await settleSignInAttempt(username, clientKey, true);
  if (user.passwordExpiresAt && user.passwordExpiresAt.getTime() < Date.now()) return { problem: "temporaryPasswordExpired" as const };
  return { userId: user.id, membershipId: membership.id, role: membership.role as Role };
}

export function listUsersWithMemberships() {
  return db.user.findMany({
    orderBy: { id: "asc" },
    select: { id: true, username: true, name: true, memberships: { select: { role: true, org: { select: { name: true } } } } },
  });
}
