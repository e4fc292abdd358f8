import crypto from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { db, write } from "./db.server";
import { env } from "./env.server";
import { homePathFor, isRole, type Role } from "~/domain/roles";

const SESSION_DAYS = 14;

export const sessionCookie = createCookie("bangfu_session", {
  httpOnly: true,
  sameSite: "lax",
  secure: env.secureCookies,
  path: "/",
  secrets: [env.SESSION_SECRET],
  maxAge: SESSION_DAYS * 24 * 60 * 60,
});

export interface CurrentUser {
  userId: number;
  username: string;
  name: string;
  role: Role;
  membershipId: number;
  org: { id: number; name: string; kind: string; path: string; region: string | null };
}

async function readSessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const session = await db.session.findUnique({ where: { id: sessionId } });
  if (!session || session.expiresAt < new Date()) return null;
  const membership = await db.membership.findFirst({
    where: { id: session.membershipId, userId: session.userId },
    include: { user: true, org: true },
  });
  if (!membership || !isRole(membership.role)) return null;
  return {
    userId: membership.userId,
    username: membership.user.username,
    name: membership.user.name,
    role: membership.role,
    membershipId: membership.id,
    org: { id: membership.org.id, name: membership.org.name, kind: membership.org.kind, path: membership.org.path, region: membership.org.region },
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
