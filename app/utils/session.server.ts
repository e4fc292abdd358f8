import crypto from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { db, reader, write, transaction } from "./db.server";
import { first, instant, prepared, q, run } from "./sql.server";
import { env } from "./env.server";
import { homePathFor, isRole, type Role } from "~/domain/roles";
import type { Actor } from "~/domain/actor";

const SESSION_DAYS = 14;

const cookieOptions = {
  httpOnly: true,
  sameSite: "lax" as const,
  path: "/",
  secrets: [env.SESSION_SECRET],
  maxAge: SESSION_DAYS * 24 * 60 * 60,
};

/** The session cookie over plain http (a laptop, the test suite): Secure only when SECURE_COOKIES=true. */
export const sessionCookie = createCookie("bangfu_session", { ...cookieOptions, secure: env.secureCookies });
/**
 * Over HTTPS, directly or through a trusted proxy (server.js sets the request's protocol from TRUST_PROXY): the
 * `__Host-` prefix makes browsers refuse it unless it is Secure, host-only and for the whole site.
 */
export const secureSessionCookie = createCookie("__Host-bangfu_session", { ...cookieOptions, secure: true });

function cookieFor(request: Request) {
  return new URL(request.url).protocol === "https:" ? secureSessionCookie : sessionCookie;
}

async function readSessionId(request: Request): Promise<string | null> {
  const header = request.headers.get("Cookie");
  const value = (await secureSessionCookie.parse(header)) ?? (await sessionCookie.parse(header));
  return typeof value === "string" ? value : null;
}

/** The signed-in session as read on every request; mustChangePassword sends the user to change it first. */
export interface SessionState {
  actor: Actor;
  sessionId: string;
  mustChangePassword: boolean;
}

/**
 * The signed-in user, their role and organisation, from one indexed join on the raw connection: it runs on every
 * request, so it avoids the ORM's per-query overhead. A deactivated user's sessions are deleted when they are
 * deactivated; the join refuses them as well, so no request gets through in between.
 */
/** Every signed-in request reads this: compiled once (prepared). */
const sessionRow = prepared((p: { sessionId: string }) =>
  q
    .selectFrom("Session as s")
    .innerJoin("Membership as m", (join) => join.onRef("m.id", "=", "s.membershipId").onRef("m.userId", "=", "s.userId"))
    .innerJoin("User as u", "u.id", "m.userId")
    .innerJoin("Organization as o", "o.id", "m.orgId")
    .leftJoin("Supplier as sup", "sup.orgId", "o.id")
    .select([
      "s.expiresAt",
      "m.id as membershipId",
      "m.role",
      "u.id as userId",
      "u.username",
      "u.name",
      "u.mustChangePassword",
      "o.id as orgId",
      "o.name as orgName",
      "o.kind as orgKind",
      "o.path as orgPath",
      "o.region as orgRegion",
      "sup.id as supplierId",
    ])
    .where("s.id", "=", p.sessionId)
    .where("u.deactivatedAt", "is", null),
);

export async function getSessionState(request: Request): Promise<SessionState | null> {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const row = await first(reader, sessionRow({ sessionId }));
  if (!row || row.expiresAt < Date.now() || !isRole(row.role)) return null;
  return {
    sessionId,
    mustChangePassword: Boolean(row.mustChangePassword),
    actor: {
      userId: row.userId,
      username: row.username,
      name: row.name,
      role: row.role,
      membershipId: row.membershipId,
      org: { id: row.orgId, name: row.orgName, kind: row.orgKind, path: row.orgPath, region: row.orgRegion },
      supplierId: row.supplierId,
    },
  };
}

export async function getCurrentUser(request: Request): Promise<Actor | null> {
  return (await getSessionState(request))?.actor ?? null;
}

/** A new session for a sign-in; the session the browser came with (if any) ends, so a planted id is worthless. */
export async function createUserSession(request: Request, userId: number, membershipId: number, role: Role, redirectTo: string | null) {
  const previous = await readSessionId(request);
  const id = crypto.randomBytes(32).toString("base64url");
  const now = Date.now();
  const userAgent = (request.headers.get("User-Agent") ?? "").slice(0, 200);
  await transaction(async (c) => {
    if (previous) await run(c, q.deleteFrom("Session").where("id", "=", previous));
    await run(
      c,
      q.insertInto("Session").values({ id, userId, membershipId, expiresAt: instant(now + SESSION_DAYS * 86400_000), createdAt: instant(now), userAgent }),
    );
    await run(
      c,
      q
        .updateTable("User")
        .set({ lastSignInAt: instant(now) })
        .where("id", "=", userId),
    );
  });
  return redirect(safeRedirect(redirectTo, homePathFor(role)), {
    headers: { "Set-Cookie": await cookieFor(request).serialize(id) },
  });
}

export async function destroyUserSession(request: Request) {
  const sessionId = await readSessionId(request);
  if (sessionId) await write(() => db.session.deleteMany({ where: { id: sessionId } }));
  return redirect("/", { headers: { "Set-Cookie": await cookieFor(request).serialize("", { maxAge: 0 }) } });
}

/**
 * Only same-site paths: an open redirect after sign-in would hand the session to a phishing page. Browsers drop
 * tabs and newlines and read "\\" as "/", so "/\t/evil.example" or "/\\evil.example" would leave the site: anything
 * but printable ASCII is refused outright, and what is left must resolve to our own origin.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string" || to.length > 2000) return fallback;
  if (!/^\/[\x21-\x7e]*$/.test(to) || to.startsWith("//") || to.includes("\\")) return fallback;
  const base = "http://bangfu.invalid";
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return url.pathname + url.search + url.hash;
}
