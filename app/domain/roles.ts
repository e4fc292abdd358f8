// Roles and organisation kinds (shared/docs/domain.md, "Who uses it").

export const ROLES = ["BUYER", "APPROVER", "SUPPLIER", "LEADER", "FINANCE", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export const ORG_KINDS = ["PLATFORM", "FEDERATION", "COUNTY", "GRASSROOTS", "PARTNER_GROUP", "PARTNER_UNION", "SUPPLIER"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Roles that act for a union (buyer and approver share the union's pages). */
export function isUnionRole(role: Role): boolean {
  return role === "BUYER" || role === "APPROVER";
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Where each role lands after signing in. */
export function homePathFor(role: Role): string {
  switch (role) {
    case "BUYER":
    case "APPROVER":
      return "/union";
    case "SUPPLIER":
      return "/supplier";
    case "LEADER":
      return "/reports";
    case "FINANCE":
      return "/finance";
    case "ADMIN":
      return "/admin";
  }
}

/** Where an organisation of each kind may sit in the tree; null means it is a root. */
export function allowedParentKinds(kind: OrgKind): readonly OrgKind[] | null {
  switch (kind) {
    case "COUNTY":
      return ["FEDERATION"];
    case "GRASSROOTS":
      return ["COUNTY", "FEDERATION"];
    case "PARTNER_GROUP":
      return ["FEDERATION"];
    case "PARTNER_UNION":
      return ["PARTNER_GROUP"];
    case "PLATFORM":
    case "FEDERATION":
    case "SUPPLIER":
      return null;
  }
}

/** Which roles make sense in an organisation of each kind. */
export function rolesForOrgKind(kind: string): readonly Role[] {
  switch (kind) {
    case "GRASSROOTS":
    case "PARTNER_UNION":
      return ["BUYER", "APPROVER"];
    case "SUPPLIER":
      return ["SUPPLIER"];
    case "FEDERATION":
    case "COUNTY":
    case "PARTNER_GROUP":
      return ["LEADER"];
    case "PLATFORM":
      return ["FINANCE", "ADMIN"];
    default:
      return [];
  }
}
