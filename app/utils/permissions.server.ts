import { redirect } from "@remix-run/node";
import type { Role } from "~/domain/roles";
import { isInSubtree, type Actor, type SupplierActor } from "~/domain/actor";
import { getCurrentUser } from "./session.server";

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403 });
}

export function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

export async function requireUser(request: Request): Promise<Actor> {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** The one-line guard: the signed-in user with one of these roles, or 403. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<Actor> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) forbidden();
  return user;
}

/** A cooperative's user with its supplier record, or 403. */
export async function requireSupplier(request: Request): Promise<SupplierActor> {
  const user = await requireRole(request, "SUPPLIER");
  const { supplierId } = user;
  if (supplierId == null) forbidden();
  return { ...user, supplierId };
}

/** 404 when the organisation does not exist, 403 when it lies outside the actor's subtree. */
export function requireInSubtree(user: Pick<Actor, "org">, orgPath: string | null | undefined): void {
  if (!orgPath) notFound();
  if (!isInSubtree(user, orgPath)) forbidden();
}
