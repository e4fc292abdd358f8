import crypto from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { db, sqlite, write } from "./db.server";
import { env } from "./env.server";
import { homePathFor, isRole, type Role } from "~/domain/roles";
import type { Actor } from "~/domain/actor";

const SESSION_DAYS = 14;

export const sessionCookie = createCookie("bangfu_session", {
  httpOnly: true,
  sameSite: "lax",
  secure: env.secureCookies,
  path: "/",
  secrets: [env.SESSION_SECRET],
  maxAge: SESSION_DAYS * 24 * 60 * 60,
});


async function readSessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

/**
 * The signed-in user, their role and organisation, from one indexed join on the raw connection: it runs on every
 * request, so it avoids the ORM's per-query overhead.
 */
export async function getCurrentUser(request: Request): Promise<Actor | null> {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const row = sqlite
    .prepare(
      `SELECT s."expiresAt", m."id" AS "membershipId", m."role", u."id" AS "userId", u."username", u."name",
              o."id" AS "orgId", o."name" AS "orgName", o."kind" AS "orgKind", o."path" AS "orgPath", o."region" AS "orgRegion",
              sup."id" AS "supplierId"
       FROM "Session" s JOIN "Membership" m ON m."id" = s."membershipId" AND m."userId" = s."userId"
       JOIN "User" u ON u."id" = m."userId" JOIN "Organization" o ON o."id" = m."orgId"
       LEFT JOIN "Supplier" sup ON sup."orgId" = o."id"
       WHERE s."id" = ?`,
    )
    .get(sessionId) as
    | { expiresAt: number; membershipId: number; role: string; userId: number; username: string; name: string; orgId: number; orgName: string; orgKind: string; orgPath: string; orgRegion: string | null; supplierId: number | null }
    | undefined;
  if (!row || row.expiresAt < Date.now() || !isRole(row.role)) return null;
  return {
    userId: row.userId,
    username: row.username,
    name: row.name,
    role: row.role,
    membershipId: row.membershipId,
    org: { id: row.orgId, name: row.orgName, kind: row.orgKind, path: row.orgPath, region: row.orgRegion },
    supplierId: row.supplierId,
  };
}

export async function createUserSession(userId: number, membershipId: number, role: Role, redirectTo: string | null) {
  const id = crypto.randomBytes(32).toString("base64url");
  await write(() =>
    db.session.create({
      data: { id, userId, membershipId, expiresAt: new Date(Date.now() + SESSION_DAYS * 86400_000) },
    }),
  );
  return redirect(safeRedirect(redirectTo, homePathFor(role)), {
    headers: { "Set-Cookie": await sessionCookie.serialize(id) },
  });
}

export async function destroyUserSession(request: Request) {
  const sessionId = await readSessionId(request);
  if (sessionId) await write(() => db.session.deleteMany({ where: { id: sessionId } }));
  return redirect("/", { headers: { "Set-Cookie": await sessionCookie.serialize("", { maxAge: 0 }) } });
}

/** Only same-site relative paths: an open redirect after login would hand the session to a phishing page. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
