import { beforeAll, describe, expect, it } from "vitest";
import { action as loginAction } from "~/routes/login";
import { loader as adminLoader } from "~/routes/admin._index";
import { loader as unionLoader } from "~/routes/union._index";
import { loader as reportsLoader } from "~/routes/reports._index";
import { db } from "~/utils/db.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";

beforeAll(async () => {
  await seedDemoBase();
});

function login(username: string, password: string, client = "10.0.0.1") {
  const request = formRequest("/login", { username, password });
  request.headers.set("x-forwarded-for", client);
  return responseOf(() => loginAction({ request, params: {}, context: {} }));
}

describe("sign-in", () => {
  it("signs a demo user in with an HttpOnly, SameSite=Lax session cookie and lands on the role's home", async () => {
    const response = await login("hospital.buyer", "bangfu2026");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/union");
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^bangfu_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("answers a wrong password with a message and status 400, never naming which part was wrong", async () => {
    const response = await login("hospital.buyer", "nope", "10.0.0.2");
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("用户名或密码不正确");
  });

  it("answers a malformed form with field errors, not a 500", async () => {
    const response = await responseOf(() => loginAction({ request: formRequest("/login", {}), params: {}, context: {} }));
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("请填写此项");
  });

  it("rate-limits a username after 5 failures, even with the right password", async () => {
    for (let i = 0; i < 5; i++) expect((await login("school.buyer", "wrong", `10.1.0.${i}`)).status).toBe(400);
    const blocked = await login("school.buyer", "bangfu2026", "10.1.0.99");
    expect(blocked.status).toBe(429);
    expect(JSON.stringify(await blocked.json())).toContain("15 分钟");
  });

  it("ignores an off-site redirect after sign-in", async () => {
    const request = formRequest("/login", { username: "tea.coop", password: "bangfu2026", redirectTo: "//evil.example/x" });
    const response = await responseOf(() => loginAction({ request, params: {}, context: {} }));
    expect(response.headers.get("Location")).toBe("/supplier");
  });
});

describe("guards", () => {
  it("sends an anonymous visitor to the login page", async () => {
    const response = await responseOf(() => unionLoader({ request: getRequest("/union"), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Funion");
  });

  it("refuses a buyer the admin and report loaders with 403, also when called as ?_data=", async () => {
    const cookie = await cookieFor("hospital.buyer");
    for (const [loader, path] of [[adminLoader, "/admin?_data=routes%2Fadmin._index"], [reportsLoader, "/reports?_data=routes%2Freports._index"]] as const) {
      const response = await responseOf(() => loader({ request: getRequest(path, cookie), params: {}, context: {} }));
      expect(response.status).toBe(403);
    }
  });

  it("lets the admin see organisations and users", async () => {
    const cookie = await cookieFor("admin");
    const response = await responseOf(() => adminLoader({ request: getRequest("/admin", cookie), params: {}, context: {} }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.users.length).toBe(await db.user.count());
  });

  it("treats an expired session as signed out", async () => {
    const cookie = await cookieFor("hospital.buyer");
    const { write } = await import("~/utils/db.server");
    await write(() => db.session.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } }));
    const response = await responseOf(() => unionLoader({ request: getRequest("/union", cookie), params: {}, context: {} }));
    expect(response.status).toBe(302);
  });
});
