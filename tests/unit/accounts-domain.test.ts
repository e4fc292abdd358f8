import { describe, expect, it } from "vitest";
import { auditScopePath, canAdministerOrg, canAdministerUser, canResetPasswordOf } from "~/domain/account-admin";
import { auditKindOf, describeDetail, detailText } from "~/domain/audit-entry";
import { passwordProblem } from "~/domain/password-policy";
import type { Role } from "~/domain/roles";

const actor = (role: Role, path: string) => ({ role, org: { id: 0, name: "", kind: "", path, region: null } });

describe("password rule", () => {
  const common = (p: string) => p === "1234567890";
  it("checks length first, then the username, then the list", () => {
    expect(passwordProblem("123456789", "u", common)).toBe("tooShort");
    expect(passwordProblem("x".repeat(201), "u", common)).toBe("tooLong");
    expect(passwordProblem("Hospital.Buyer", "hospital.buyer", common)).toBe("sameAsUsername");
    expect(passwordProblem("1234567890", "u", common)).toBe("common");
    expect(passwordProblem("bangfu2026", "hospital.buyer", common)).toBeNull();
  });
});

describe("who administers whom", () => {
  it("admin everything, leaders their subtree, chairs only their own union's users for resets", () => {
    expect(canAdministerOrg(actor("ADMIN", "/1/"), "/2/9/30/")).toBe(true);
    expect(canAdministerOrg(actor("LEADER", "/2/9/"), "/2/9/30/")).toBe(true);
    expect(canAdministerOrg(actor("LEADER", "/2/9/"), "/2/10/31/")).toBe(false);
    expect(canAdministerOrg(actor("APPROVER", "/2/9/30/"), "/2/9/30/")).toBe(false);
    expect(canAdministerUser(actor("LEADER", "/2/9/"), ["/2/9/30/", "/2/10/"])).toBe(false);
    expect(canAdministerUser(actor("LEADER", "/2/9/"), [])).toBe(false);
    expect(canResetPasswordOf(actor("APPROVER", "/2/9/30/"), ["/2/9/30/"])).toBe(true);
    expect(canResetPasswordOf(actor("APPROVER", "/2/9/30/"), ["/2/9/30/", "/2/9/31/"])).toBe(false);
    expect(canResetPasswordOf(actor("BUYER", "/2/9/30/"), ["/2/9/30/"])).toBe(false);
    expect(auditScopePath(actor("ADMIN", "/1/"))).toBeNull();
    expect(auditScopePath(actor("APPROVER", "/2/9/30/"))).toBe("/2/9/30/");
  });
});

describe("readable audit entries", () => {
  it("turns before/after into changed fields only, formats fen, keeps the other facts", () => {
    const items = describeDetail(
      JSON.stringify({ before: { name: "A", approvalThresholdFen: 100 }, after: { name: "B", approvalThresholdFen: 100 }, username: "u" }),
      "en",
    );
    expect(items).toEqual([
      { field: "name", before: "A", after: "B" },
      { field: "username", value: "u" },
    ]);
    expect(describeDetail(JSON.stringify({ totalFen: "12345" }), "en")).toEqual([{ field: "totalFen", value: "¥123.45" }]);
    expect(describeDetail("not json", "en")).toEqual([{ field: "detail", value: "not json" }]);
    expect(detailText(items, (f) => f.toUpperCase())).toBe("NAME: A → B; USERNAME: u");
    expect(auditKindOf("organization.move")).toBe("organization");
  });
});
