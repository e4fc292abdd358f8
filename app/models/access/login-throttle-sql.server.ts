// The statements of sign-in throttling, built on any Kysely compiler: login-throttle.server.ts runs them on SQLite,
// tests/postgres/login-throttle.test.ts runs the very same statements on PostgreSQL
// (docs/decisions/0191-login-throttle-in-the-database.md). No connection here.
import type { Kysely } from "kysely";
import type { DB } from "~/generated/db-types";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** Wrong passwords for one account from one client before that client must wait out the window. */
export const MAX_FAILURES_PER_ACCOUNT_AND_CLIENT = 5;
/** Wrong passwords from one client, over any accounts, before it must wait out the window. */
export const MAX_FAILURES_PER_CLIENT = 20;
/** Wrong passwords for one account from everywhere after which every attempt on it is slowed down (never refused). */
export const SLOWDOWN_AFTER_ACCOUNT_FAILURES = 5;
export const MAX_SLOWDOWN_MS = 3_000;

export function throttleKeys(username: string, clientKey: string) {
  const account = username.trim().toLowerCase();
  return { account: `u:${account}`, pair: `p:${account}|${clientKey}`, client: `c:${clientKey}` };
}

/**
 * Claims one attempt on a key (sign-in keys, and the e-mail reset's own hourly keys): starts a new window when the key's last one has ended, otherwise counts one more
 * while the count is under `limit` (no limit: always counts). Returns the row when claimed, nothing when refused.
 * One statement, atomic on both engines (SQLite's write lock; PostgreSQL's row lock on the conflicting key), built
 * on any Kysely compiler so tests/postgres runs the very same statement.
 */
export function claimAttemptQuery(builder: Kysely<DB>, key: string, nowMs: number, limit: number | null, windowMs = THROTTLE_WINDOW_MS) {
  const windowEnded = nowMs - windowMs;
  return builder
    .insertInto("LoginThrottle")
    .values({ key, windowStartMs: nowMs, attempts: 1 })
    .onConflict((conflict) => {
      const update = conflict.column("key").doUpdateSet((eb) => ({
        attempts: eb
          .case()
          .when("LoginThrottle.windowStartMs", "<=", windowEnded)
          .then(1)
          .else(eb("LoginThrottle.attempts", "+", 1))
          .end(),
        windowStartMs: eb.case().when("LoginThrottle.windowStartMs", "<=", windowEnded).then(nowMs).else(eb.ref("LoginThrottle.windowStartMs")).end(),
      }));
      if (limit === null) return update;
      return update.where((eb) => eb.or([eb("LoginThrottle.windowStartMs", "<=", windowEnded), eb("LoginThrottle.attempts", "<", limit)]));
    })
    .returning(["attempts", "windowStartMs"]);
}

/** Gives one claimed attempt back (the password was right). */
export function releaseAttemptQuery(builder: Kysely<DB>, key: string) {
  return builder
    .updateTable("LoginThrottle")
    .set((eb) => ({ attempts: eb("attempts", "-", 1) }))
    .where("key", "=", key)
    .where("attempts", ">", 0);
}

/** Attempts counted on a key in its current window. */
export function attemptsInWindowQuery(builder: Kysely<DB>, key: string, nowMs: number, windowMs = THROTTLE_WINDOW_MS) {
  return builder
    .selectFrom("LoginThrottle")
    .select("attempts")
    .where("key", "=", key)
    .where("windowStartMs", ">", nowMs - windowMs);
}
