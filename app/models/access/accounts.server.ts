// Self-service for every signed-in user: profile, language, password, own sessions; and redeeming the one-time reset
// links, issued by an administrator or requested by e-mail (email-reset.server.ts). Each change is audited in the same
// transaction.
import crypto from "node:crypto";
import { verify } from "@node-rs/argon2";
import type { Actor } from "~/domain/actor";
import type { Locale } from "~/locales";
import { db, reader, transaction } from "~/utils/db.server";
import { all, first, instant, one, q, run, type Connection } from "~/utils/sql.server";
import { recordAudit } from "./audit.server";
import { hashPassword, primaryOrgId, setPasswordHash } from "./users.server";

type Self = Pick<Actor, "userId" | "org">;

export const RESET_LINK_HOURS = 24;

export function sha256(value: string): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}

export function getAccount(userId: number) {
  return db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, username: true, name: true, phone: true, email: true, locale: true, lastSignInAt: true, mustChangePassword: true },
  });
}

export interface Profile {
  name: string;
  phone: string | null;
  email: string | null;
}

export async function updateProfile(self: Self, profile: Profile) {
  const before = await db.user.findUniqueOrThrow({ where: { id: self.userId }, select: { name: true, phone: true, email: true } });
  await transaction(async (c) => {
    await run(c, q.updateTable("User").set({ name: profile.name, phone: profile.phone, email: profile.email }).where("id", "=", self.userId));
    await recordAudit(c, {
      actorId: self.userId,
      orgId: self.org.id,
      action: "account.profile",
      entityType: "User",
      entityId: self.userId,
      detail: { before, after: profile },
    });
  });
}

export async function setLanguage(self: Self, locale: Locale) {
  await transaction(async (c) => {
    const before = (await one(c, q.selectFrom("User").select("locale").where("id", "=", self.userId))).locale;
    await run(c, q.updateTable("User").set({ locale }).where("id", "=", self.userId));
    if (before !== locale)
      await recordAudit(c, {
        actorId: self.userId,
        orgId: self.org.id,
        action: "account.language",
        entityType: "User",
        entityId: self.userId,
        detail: { before: { locale: before }, after: { locale } },
      });
  });
}

/**
 * Changes the user's own password after checking the current one. Every other session of the user ends; the one in
 * use stays signed in. Clears a temporary password's forced change.
 */
export async function changeOwnPassword(
  self: Self,
  sessionId: string,
  currentPassword: string,
  newPassword: string,
): Promise<{ ok: true } | { problem: "currentWrong" }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: self.userId }, select: { passwordHash: true, mustChangePassword: true } });
  if (!(await verify(user.passwordHash, currentPassword))) return { problem: "currentWrong" };
  const passwordHash = await hashPassword(newPassword);
  await transaction(async (c) => {
    await setPasswordHash(c, self.userId, passwordHash);
    const ended = (await run(c, q.deleteFrom("Session").where("userId", "=", self.userId).where("id", "<>", sessionId))).changes;
    await recordAudit(c, {
      actorId: self.userId,
      orgId: self.org.id,
      action: "account.passwordChange",
      entityType: "User",
      entityId: self.userId,
      detail: { otherSessionsEnded: ended, wasTemporary: user.mustChangePassword },
    });
  });
  return { ok: true };
}

/** A session as its owner sees it: the id itself (the cookie's secret) never leaves the server, only a handle. */
export function sessionHandle(sessionId: string): string {
  return sha256(sessionId).slice(0, 16);
}

export async function listOwnSessions(userId: number, currentSessionId: string) {
  const sessions = await db.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, userAgent: true },
  });
  return sessions.map((s) => ({ handle: sessionHandle(s.id), createdAt: s.createdAt, userAgent: s.userAgent, current: s.id === currentSessionId }));
}

/** Ends one of the user's own sessions by its handle (anyone else's session is never matched). */
export async function endOwnSession(self: Self, handle: string): Promise<boolean> {
  return transaction(async (c) => {
    const own = await all(c, q.selectFrom("Session").select("id").where("userId", "=", self.userId));
    const target = own.find((s) => sessionHandle(s.id) === handle);
    if (!target) return false;
    await run(c, q.deleteFrom("Session").where("id", "=", target.id).where("userId", "=", self.userId));
    await recordAudit(c, {
      actorId: self.userId,
      orgId: self.org.id,
      action: "account.sessionEnd",
      entityType: "User",
      entityId: self.userId,
      detail: { session: handle },
    });
    return true;
  });
}

export type ResetProblem = "invalid" | "expired" | "used";

/** A reset link by its token, with why it cannot be used now (null when it can). */
async function resetLink(c: Connection, token: string, now: number) {
  const row = await first(
    c,
    q
      .selectFrom("PasswordReset as r")
      .innerJoin("User as u", "u.id", "r.userId")
      .select(["r.id", "r.userId", "r.kind", "r.expiresAt", "r.usedAt", "u.username", "u.deactivatedAt"])
      .where("r.tokenHash", "=", sha256(token)),
  );
  const problem: ResetProblem | null = !row || row.deactivatedAt != null ? "invalid" : row.usedAt != null ? "used" : row.expiresAt < now ? "expired" : null;
  return { row, problem };
}

/** The reset link's state, for its page: whose account, or why it cannot be used. */
export async function resetLinkState(token: string, now = Date.now()): Promise<{ username: string } | { problem: ResetProblem }> {
  const { row, problem } = await resetLink(reader, token, now);
  return problem || !row ? { problem: problem ?? "invalid" } : { username: row.username };
}

/**
 * Sets a new password through a reset link: once, before it expires. Every session of the user ends, so whoever
 * held the account before must sign in again.
 */
export async function redeemResetLink(token: string, newPassword: string): Promise<{ ok: true; username: string } | { problem: ResetProblem }> {
  const passwordHash = await hashPassword(newPassword);
  return transaction(async (c) => {
    const now = Date.now();
    const { row, problem } = await resetLink(c, token, now);
    if (problem || !row) return { problem: problem ?? "invalid" };
    // The conditional update is what makes the link single-use, even for two submissions in a row.
    if (
      (
        await run(
          c,
          q
            .updateTable("PasswordReset")
            .set({ usedAt: instant(now) })
            .where("id", "=", row.id)
            .where("usedAt", "is", null),
        )
      ).changes !== 1
    )
      return { problem: "used" as const };
    await setPasswordHash(c, row.userId, passwordHash);
    await run(c, q.deleteFrom("Session").where("userId", "=", row.userId));
    await recordAudit(c, {
      actorId: row.userId,
      orgId: await primaryOrgId(c, row.userId),
      action: row.kind === "EMAIL" ? "account.passwordResetByEmail" : "account.passwordReset",
      entityType: "User",
      entityId: row.userId,
      detail: { resetId: row.id },
    });
    return { ok: true as const, username: row.username };
  });
}
