// Password reset by e-mail (docs/decisions/0143-password-reset-by-email.md), offered only while SMTP_URL is set.
// A request names a username or an e-mail address; every active account it matches gets a PasswordReset row
// (kind EMAIL) and a queued reset mail in one transaction. The token itself is made only when the outbox sends the
// mail (`mintEmailResetToken`), so it never rests in the database in clear; the link is redeemed by the same
// /reset/<token> page as an administrator's link.
import crypto from "node:crypto";
import { transaction } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { all, first, one, q, run, instant, type Connection } from "~/utils/sql.server";
import { recordAudit } from "./audit.server";
import { primaryOrgId } from "./users.server";
import { attemptsInWindowQuery, claimAttemptQuery } from "./login-throttle-sql.server";
import { sha256 } from "./accounts.server";

/** How long an e-mailed link works, from the request. */
export const EMAIL_RESET_MINUTES = 60;
const THROTTLE_WINDOW_MS = 60 * 60_000;
/** Requests naming one username or address per hour, from anywhere: each may send a mail to a real person. */
const MAX_REQUESTS_PER_IDENTIFIER = 3;
/** Requests from one client per hour, whatever they name. */
const MAX_REQUESTS_PER_CLIENT = 10;

export function emailResetAvailable(): boolean {
  return Boolean(env.SMTP_URL);
}

function throttleKeys(identifier: string, client: string) {
  return { identifier: `reset:i:${identifier.trim().toLowerCase()}`, client: `reset:c:${client}` };
}

/** Requests counted on a key in the current hour (the sign-in throttle's table, with the reset's own keys). */
async function recentRequests(c: Connection, key: string, now: number): Promise<number> {
  return (await first(c, attemptsInWindowQuery(q, key, now, THROTTLE_WINDOW_MS)))?.attempts ?? 0;
}

/**
 * Queues a reset mail for every active account whose username is `identifier`, or whose e-mail on file is it
 * (case-insensitive). Answers the same whether or not anything matched, so the form reveals no account; only the
 * throttle, counted on every request whatever it names, can refuse.
 */
export async function requestEmailReset(identifier: string, client: string, now = Date.now()): Promise<{ refused: boolean }> {
  const name = identifier.trim();
  const keys = throttleKeys(name, client);
  const queued = await transaction(async (c) => {
    if (
      (await recentRequests(c, keys.identifier, now)) >= MAX_REQUESTS_PER_IDENTIFIER ||
      (await recentRequests(c, keys.client, now)) >= MAX_REQUESTS_PER_CLIENT
    )
      return null;
    // Both checked above inside this one write, so both claims count.
    await run(c, claimAttemptQuery(q, keys.identifier, now, null, THROTTLE_WINDOW_MS));
    await run(c, claimAttemptQuery(q, keys.client, now, null, THROTTLE_WINDOW_MS));
    // A deactivated account, or one without an e-mail address on file, gets no mail.
    const accounts = await all(
      c,
      q
        .selectFrom("User")
        .select(["id", "username", "email"])
        .where("deactivatedAt", "is", null)
        .where("email", "is not", null)
        .where("email", "<>", "")
        .where((eb) => eb.or([eb("username", "=", name), eb(eb.fn("lower", ["email"]), "=", name.toLowerCase())]))
        .orderBy("id"),
    );
    for (const account of accounts) {
      if (!account.email) continue;
      // The stored hash belongs to a token nobody holds until the outbox mints the real one at send time.
      const resetId = (
        await one(
          c,
          q
            .insertInto("PasswordReset")
            .values({
              tokenHash: sha256(crypto.randomBytes(32).toString("base64url")),
              userId: account.id,
              kind: "EMAIL",
              createdById: null,
              expiresAt: instant(now + EMAIL_RESET_MINUTES * 60_000),
              createdAt: instant(now),
            })
            .returning("id"),
        )
      ).id;
      await run(
        c,
        q
          .insertInto("EmailOutbox")
          .values({ passwordResetId: resetId, toAddress: account.email, status: "PENDING", attempts: 0, nextAttemptAt: instant(now), createdAt: instant(now) }),
      );
      const orgId = await primaryOrgId(c, account.id);
      await recordAudit(
        c,
        {
          actorId: null,
          orgId,
          action: "user.resetEmailRequested",
          entityType: "User",
          entityId: account.id,
          detail: { username: account.username, resetId, expiresAt: new Date(now + EMAIL_RESET_MINUTES * 60_000).toISOString() },
        },
        new Date(now),
      );
    }
    return accounts.length;
  });
  return { refused: queued === null };
}

export interface MintedReset {
  token: string;
  username: string;
  locale: string;
}

/**
 * Makes the token for a queued reset mail just before it is sent, replacing the stored hash, so a failed attempt's
 * token dies with the next one. Null when the reset can no longer be used (expired, used, account deactivated):
 * the mail is then not sent at all.
 */
export async function mintEmailResetToken(c: Connection, passwordResetId: number, now = Date.now()): Promise<MintedReset | null> {
  const row = await first(
    c,
    q
      .selectFrom("PasswordReset as r")
      .innerJoin("User as u", "u.id", "r.userId")
      .select(["r.id", "r.expiresAt", "r.usedAt", "r.kind", "u.username", "u.locale", "u.deactivatedAt"])
      .where("r.id", "=", passwordResetId),
  );
  if (!row || row.kind !== "EMAIL" || row.usedAt != null || row.deactivatedAt != null || row.expiresAt <= now) return null;
  const token = crypto.randomBytes(32).toString("base64url");
  await run(
    c,
    q
      .updateTable("PasswordReset")
      .set({ tokenHash: sha256(token) })
      .where("id", "=", row.id)
      .where("usedAt", "is", null),
  );
  return { token, username: row.username, locale: row.locale };
}
