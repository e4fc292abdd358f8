// Who may administer which accounts and organisations. One set of predicates shared by the guards in
// app/models and by the pages that decide which buttons to show.
import { isInSubtree, type Actor } from "./actor";

type Who = Pick<Actor, "role" | "org">;

/** Admin: everything. Leaders: their own subtree. Everyone else: nothing. */
export function canAdministerOrg(actor: Who, orgPath: string): boolean {
  if (actor.role === "ADMIN") return true;
  return actor.role === "LEADER" && isInSubtree(actor, orgPath);
}

/**
 * Whose users the actor sees: admin everyone, leaders their subtree, a chair its own union. The SQL form is
 * `visibleOrgs` in models/access/user-admin.server.ts.
 */
export function canSeeUsersOf(actor: Who, orgPath: string): boolean {
  if (actor.role === "ADMIN") return true;
  return actor.role === "LEADER" ? isInSubtree(actor, orgPath) : orgPath === actor.org.path;
}

/** Users are administered when every organisation they belong to is administered by the actor. */
export function canAdministerUser(actor: Who, membershipOrgPaths: string[]): boolean {
  if (actor.role === "ADMIN") return true;
  return membershipOrgPaths.length > 0 && membershipOrgPaths.every((path) => canAdministerOrg(actor, path));
}

/**
 * A password reset may also come from the user's own union's chair (approver), for users who belong only to that
 * union.
 */
export function canResetPasswordOf(actor: Who, membershipOrgPaths: string[]): boolean {
  if (canAdministerUser(actor, membershipOrgPaths)) return true;
  return actor.role === "APPROVER" && membershipOrgPaths.length > 0 && membershipOrgPaths.every((path) => path === actor.org.path);
}

/** Roles that may open the account-administration pages at all (each row is then checked). */
export const ACCOUNT_ADMIN_ROLES = ["ADMIN", "LEADER", "APPROVER"] as const;
/** Roles that may read the audit trail: the union's chair for the audit committee, leaders, admin. */
export const AUDIT_READER_ROLES = ["ADMIN", "LEADER", "APPROVER"] as const;

/** Where an actor's audit scope starts: null means everything (admin). */
export function auditScopePath(actor: Who): string | null {
  return actor.role === "ADMIN" ? null : actor.org.path;
}
