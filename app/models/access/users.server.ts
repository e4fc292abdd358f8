import { hash, verify } from "@node-rs/argon2";
import { db, write } from "~/utils/db.server";
import { isRole, type Role } from "~/domain/roles";

const WINDOW_MS = 15 * 60 * 1000;
/** Wrong passwords for one account from one client before that client must wait out the window. */
const MAX_FAILURES_PER_ACCOUNT_AND_CLIENT = 5;
/** Wrong passwords from one client, over any accounts, before it must wait out the window. */
const MAX_FAILURES_PER_CLIENT = 20;
/** Wrong passwords for one account from everywhere after which every attempt on it is slowed down (never refused). */
const SLOWDOWN_AFTER_ACCOUNT_FAILURES = 5;
const MAX_SLOWDOWN_MS = 3_000;

export function hashPassword(password: string) {
  return hash(password);
}

function keys(username: string, clientKey: string) {
  const account = username.trim().toLowerCase();
  return { account: `u:${account}`, pair: `p:${account}|${clientKey}`, client: `c:${clientKey}` };
}

async function recentFailures(key: string, since: Date) {
  return db.loginAttempt.count({ where: { key, createdAt: { gte: since } } });
}

/**
 * Throttling that a stranger cannot turn against a real user (docs/decisions/0150-hardening.md): refusals are
 * keyed by client (all accounts) and by account-and-client, so failures from elsewhere never lock the owner out.
 * Failures on an account from everywhere only slow every attempt on it down, up to three seconds.
 */
export async function loginThrottle(username: string, clientKey: string): Promise<{ refused: boolean; delayMs: number }> {
  const since = new Date(Date.now() - WINDOW_MS);
  const k = keys(username, clientKey);
  const [byAccount, byPair, byClient] = await Promise.all([recentFailures(k.account, since), recentFailures(k.pair, since), recentFailures(k.client, since)]);
  const refused = byPair >= MAX_FAILURES_PER_ACCOUNT_AND_CLIENT || byClient >= MAX_FAILURES_PER_CLIENT;
  const over = byAccount - SLOWDOWN_AFTER_ACCOUNT_FAILURES;
  const delayMs = over < 0 ? 0 : Math.min(MAX_SLOWDOWN_MS, 250 * 2 ** Math.min(over, 4));
  return { refused, delayMs };
}

async function recordFailure(username: string, clientKey: string) {
  const k = keys(username, clientKey);
  await write(() => db.loginAttempt.createMany({ data: [{ key: k.account }, { key: k.pair }, { key: k.client }] }));
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
