// Sign-in throttling kept in the database, so the limits hold across any number of app processes
// (docs/decisions/0150-hardening.md for the limits, 0191-login-throttle-in-the-database.md for how they are kept).
// An attempt is claimed before the password is checked, with one conditional upsert per key: concurrent guesses
// cannot all pass a check made before any of them failed. A right password gives its claim back.
import { reader, transaction } from "~/utils/db.server";
import { first, q, run } from "~/utils/sql.server";
import {
  attemptsInWindowQuery,
  claimAttemptQuery,
  MAX_FAILURES_PER_ACCOUNT_AND_CLIENT,
  MAX_FAILURES_PER_CLIENT,
  MAX_SLOWDOWN_MS,
  releaseAttemptQuery,
  SLOWDOWN_AFTER_ACCOUNT_FAILURES,
  THROTTLE_WINDOW_MS,
  throttleKeys,
} from "./login-throttle-sql.server";

/**
 * Before a password is checked: refused when this client has used up its attempts on the account or overall
 * (nothing is claimed then); otherwise one attempt is claimed on both, and the account's failures from everywhere
 * decide how long to slow this attempt down. Follow with `settleSignInAttempt`.
 */
export async function claimSignInAttempt(username: string, clientKey: string, nowMs = Date.now()): Promise<{ refused: boolean; delayMs: number }> {
  const k = throttleKeys(username, clientKey);
  const claimed = await transaction(async (connection) => {
    if (!(await first(connection, claimAttemptQuery(q, k.client, nowMs, MAX_FAILURES_PER_CLIENT)))) return false;
    if (await first(connection, claimAttemptQuery(q, k.pair, nowMs, MAX_FAILURES_PER_ACCOUNT_AND_CLIENT))) return true;
    await run(connection, releaseAttemptQuery(q, k.client));
    return false;
  });
  if (!claimed) return { refused: true, delayMs: 0 };
  const accountFailures = (await first(reader, attemptsInWindowQuery(q, k.account, nowMs)))?.attempts ?? 0;
  const over = accountFailures - SLOWDOWN_AFTER_ACCOUNT_FAILURES;
  return { refused: false, delayMs: over < 0 ? 0 : Math.min(MAX_SLOWDOWN_MS, 250 * 2 ** Math.min(over, 4)) };
}

/**
 * After the password was checked, for an attempt `claimSignInAttempt` let through: a right password gives the claim
 * back; a wrong one keeps it and counts one failure on the account from everywhere. Ended windows are swept then.
 */
export async function settleSignInAttempt(username: string, clientKey: string, passwordRight: boolean, nowMs = Date.now()) {
  const k = throttleKeys(username, clientKey);
  await transaction(async (connection) => {
    if (passwordRight) {
      await run(connection, releaseAttemptQuery(q, k.client));
      await run(connection, releaseAttemptQuery(q, k.pair));
      return;
    }
    await first(connection, claimAttemptQuery(q, k.account, nowMs, null));
    await run(connection, q.deleteFrom("LoginThrottle").where("windowStartMs", "<=", nowMs - THROTTLE_WINDOW_MS));
  });
}
