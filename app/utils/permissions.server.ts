import { redirect } from "@remix-run/node";
import type { Role } from "~/domain/roles";
import { isInSubtree, type Actor } from "~/domain/actor";
import { getSessionState } from "./session.server";

/** Throws a Response; one shared error boundary renders it in the user's language. */
export function invariantResponse(condition: unknown, message: string, status = 400): asserts condition {
  if (!condition) throw new Response(message, { status });
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403 });
}

export function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

/** Where a user signed in with a temporary password must go before anything else. */
export const FORCED_PASSWORD_CHANGE_PATH = "/account/password";

export async function requireUser(request: Request): Promise<Actor> {
  const state = await getSessionState(request);
  const url = new URL(request.url);
  if (!state) throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  if (state.mustChangePassword && url.pathname !== FORCED_PASSWORD_CHANGE_PATH) throw redirect(FORCED_PASSWORD_CHANGE_PATH);
  return state.actor;
}

/** The one-line guard: the signed-in user with one of these roles, or 403. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<Actor> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) forbidden();
  return user;
}

/** 404 when the organisation does not exist, 403 when it lies outside the actor's subtree. */
export function requireInSubtree(user: Pick<Actor, "org">, orgPath: string | null | undefined): void {
  if (!orgPath) notFound();
  if (!isInSubtree(user, orgPath)) forbidden();
}
