import { hash, verify } from "@node-rs/argon2";
import { db, write } from "~/utils/db.server";
import { isRole, type Role } from "~/domain/roles";

const WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_USERNAME = 5;
const MAX_FAILURES_PER_CLIENT = 20;

export function hashPassword(password: string) {
  return hash(password);
}

/** True while this username or this client has too many recent failures. */
export async function isLoginRateLimited(username: string, clientKey: string): Promise<boolean> {
  const since = new Date(Date.now() - WINDOW_MS);
  const [byUser, byClient] = await Promise.all([
    db.loginAttempt.count({ where: { key: `u:${username.toLowerCase()}`, createdAt: { gte: since } } }),
    db.loginAttempt.count({ where: { key: `c:${clientKey}`, createdAt: { gte: since } } }),
  ]);
  return byUser >= MAX_FAILURES_PER_USERNAME || byClient >= MAX_FAILURES_PER_CLIENT;
}

async function recordFailure(username: string, clientKey: string) {
  await write(() =>
    db.loginAttempt.createMany({ data: [{ key: `u:${username.toLowerCase()}` }, { key: `c:${clientKey}` }] }),
  );
}

// A fixed hash to verify against when the user does not exist, so timing does not reveal which names exist.
let decoyHash: Promise<string> | null = null;

export async function verifyLogin(username: string, password: string, clientKey: string) {
  const user = await db.user.findUnique({
    where: { username },
    include: { memberships: { orderBy: { id: "asc" }, take: 1 } },
  });
  const ok = user ? await verify(user.passwordHash, password) : (await verify(await (decoyHash ??= hash("decoy")), password), false);
  const membership = user?.memberships[0];
  if (!user || !ok || !membership || !isRole(membership.role)) {
    await recordFailure(username, clientKey);
    return null;
  }
  return { userId: user.id, membershipId: membership.id, role: membership.role as Role };
}

export function listUsersWithMemberships() {
  return db.user.findMany({
    orderBy: { id: "asc" },
    select: { id: true, username: true, name: true, memberships: { select: { role: true, org: { select: { name: true } } } } },
  });
}
