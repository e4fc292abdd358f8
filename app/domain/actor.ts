// Who is acting: the one shape every guard returns and every model takes. Scope is decided by the organisation's
// materialised path, so "may this actor see that organisation" is one predicate used by guards and by the UI alike.
import type { Role } from "./roles";

export interface ActorOrg {
  id: number;
  name: string;
  kind: string;
  path: string;
  region: string | null;
}

export interface Actor {
  userId: number;
  username: string;
  name: string;
  role: Role;
  membershipId: number;
  org: ActorOrg;
  /** The supplier record of a cooperative's organisation; null for every other organisation */
  supplierId: number | null;
}

/** A cooperative's user acting for its supplier record (what requireSupplier returns). */
export type SupplierActor = Actor & { supplierId: number };

/** Whether an organisation (by its path) lies in the actor's subtree, the actor's own organisation included. */
export function isInSubtree(actor: { org: Pick<ActorOrg, "path"> }, orgPath: string): boolean {
  return orgPath.startsWith(actor.org.path);
}
