import { beforeAll, describe, expect, it } from "vitest";
import { action } from "~/routes/admin._index";
import { action as loginAction } from "~/routes/login";
import { db } from "~/utils/db.server";
import { cookieFor, formRequest, responseOf, seedDemoBase } from "../support/fixtures";

let adminCookie: string;
beforeAll(async () => {
  await seedDemoBase();
  adminCookie = await cookieFor("admin");
});

const post = (fields: Record<string, string>, cookie = adminCookie) =>
  responseOf(() => action({ request: formRequest("/admin", fields, cookie), params: {}, context: {} }));

describe("admin onboarding", () => {
  it("creates a grassroots union under a county, with its path, and audits it", async () => {
    const county = await db.organization.findFirstOrThrow({ where: { kind: "COUNTY", region: "柞水县" } });
    const response = await post({ intent: "createOrganization", kind: "GRASSROOTS", name: "柞水县中医院工会", code: "ZS-99", parentId: String(county.id) });
    expect(response.status).toBe(302);
    const created = await db.organization.findUniqueOrThrow({ where: { code: "ZS-99" } });
    expect(created.path).toBe(`${county.path}${created.id}/`);
    expect(await db.auditLog.count({ where: { action: "organization.create", entityId: String(created.id) } })).toBe(1);
  });

  it("creates a user who can then sign in with the given password", async () => {
    const union = await db.organization.findUniqueOrThrow({ where: { code: "ZS-01" } });
    expect(
      (await post({ intent: "createUser", username: "zs.buyer", name: "柞水 经办人", password: "s3cret-pass", orgId: String(union.id), role: "BUYER" })).status,
    ).toBe(302);
    const login = await responseOf(() =>
      loginAction({ request: formRequest("/login", { username: "zs.buyer", password: "s3cret-pass" }), params: {}, context: {} }),
    );
    expect(login.status).toBe(302);
    expect(login.headers.get("Location")).toBe("/union");
  });

  it("refuses bad input with messages and saves nothing", async () => {
    const before = [await db.organization.count(), await db.user.count()];
    const union = await db.organization.findUniqueOrThrow({ where: { code: "ZS-01" } });
    const cases: Array<[Record<string, string>, string]> = [
      [{ intent: "createUser", username: "x", name: "", password: "short", orgId: "abc", role: "KING" }, "密码至少 10 位"],
      [{ intent: "createUser", username: "hospital.buyer", name: "重复", password: "long-enough", orgId: String(union.id), role: "BUYER" }, "用户名已被使用"],
      [
        { intent: "createUser", username: "wrong.role", name: "角色", password: "long-enough", orgId: String(union.id), role: "LEADER" },
        "该机构不能设置此角色",
      ],
      [{ intent: "createOrganization", kind: "COUNTY", name: "无上级", code: "XX-1" }, "上级机构与机构类型不匹配"],
      [{ intent: "createOrganization", kind: "SUPPLIER", name: "缺类型", code: "SUP-X" }, "请填写此项"],
      [{ intent: "createOrganization", kind: "GRASSROOTS", name: "重复代码", code: "ZS-01", parentId: String(union.parentId) }, "机构代码已被使用"],
    ];
    for (const [fields, message] of cases) {
      const response = await post(fields);
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(message);
    }
    expect([await db.organization.count(), await db.user.count()]).toEqual(before);
  });

  it("refuses everyone but the admin", async () => {
    const response = await post(
      { intent: "createUser", username: "sneaky", name: "x", password: "long-enough", orgId: "1", role: "ADMIN" },
      await cookieFor("city.leader"),
    );
    expect(response.status).toBe(403);
    expect(await db.user.findUnique({ where: { username: "sneaky" } })).toBeNull();
  });
});
