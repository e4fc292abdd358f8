import { beforeAll, describe, expect, it } from "vitest";
import { action as loginAction } from "~/routes/login";
import { loader as adminLoader } from "~/routes/admin._index";
import { loader as unionLoader } from "~/routes/union._index";
import { loader as reportsLoader } from "~/routes/reports._index";
import { db } from "~/utils/db.server";
import { clientKey } from "~/utils/forms.server";
import { safeRedirect } from "~/utils/session.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";

beforeAll(async () => {
  await seedDemoBase();
});

function login(username: string, password: string, client = "10.0.0.1", extra: Record<string, string> = {}, cookie?: string) {
  const request = formRequest("/login", { username, password, ...extra }, cookie);
  return responseOf(() => loginAction({ request, params: {}, context: { clientIp: client } }));
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

  it("refuses a client after 5 failures on one account, even with the right password, while the owner elsewhere signs in", async () => {
    for (let i = 0; i < 5; i++) expect((await login("school.buyer", "wrong", "203.0.113.9")).status).toBe(400);
    const blocked = await login("school.buyer", "bangfu2026", "203.0.113.9");
    expect(blocked.status).toBe(429);
    expect(JSON.stringify(await blocked.json())).toContain("15 分钟");
    // The stranger's failures only slow the account down; its owner, from another address, still gets in.
    const started = Date.now();
    expect((await login("school.buyer", "bangfu2026", "198.51.100.20")).status).toBe(302);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it("cannot be turned into a lock-out by failures spread over many addresses", async () => {
    for (let i = 0; i < 7; i++) expect((await login("hospital.chair", "wrong", `192.0.2.${i}`)).status).toBe(400);
    expect((await login("hospital.chair", "bangfu2026", "198.51.100.21")).status).toBe(302);
  });

  it("refuses one client after 20 failures over unrelated names, and only that client", async () => {
    for (let i = 0; i < 20; i++) expect((await login(`nobody${i}`, "wrong", "203.0.113.50")).status).toBe(400);
    expect((await login("nanjing.buyer", "bangfu2026", "203.0.113.50")).status).toBe(429);
    expect((await login("nanjing.buyer", "bangfu2026", "203.0.113.51")).status).toBe(302);
  });

  it("keys an IPv6 client by its /64, so rotating the interface id does not reset the count", () => {
    expect(clientKey({ clientIp: "2001:db8:1:2:aaaa::1" })).toBe(clientKey({ clientIp: "2001:db8:1:2:bbbb:cccc:dddd:eeee" }));
    expect(clientKey({ clientIp: "::ffff:198.51.100.3" })).toBe("198.51.100.3");
    expect(clientKey({})).toBe("unknown");
  });

  it("ignores X-Forwarded-For: the client is whoever server.js says it is", async () => {
    for (let i = 0; i < 5; i++) {
      const request = formRequest("/login", { username: "fungus.coop", password: "wrong" });
      request.headers.set("x-forwarded-for", `10.9.9.${i}`);
      await responseOf(() => loginAction({ request, params: {}, context: { clientIp: "203.0.113.77" } }));
    }
    expect((await login("fungus.coop", "bangfu2026", "203.0.113.77")).status).toBe(429);
  });

  it("ignores off-site and malformed redirects after sign-in (the known bypass forms), without a 500", async () => {
    const bypasses = [
      "//evil.example/x",
      "/\\evil.example",
      "/\t/evil.example",
      "/%09/evil.example".replace("%09", "\t"),
      "/\n/evil.example",
      "/\r/evil.example",
      "/\u3000/evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "/\\/evil.example",
      "\\\\evil.example",
      " /x",
      "/x\r\nSet-Cookie: a=b",
    ];
    for (const redirectTo of bypasses) {
      const response = await login("tea.coop", "bangfu2026", "198.51.100.30", { redirectTo });
      expect(response.status, JSON.stringify(redirectTo)).toBe(302);
      expect(response.headers.get("Location"), JSON.stringify(redirectTo)).toBe("/supplier");
    }
    const kept = await login("tea.coop", "bangfu2026", "198.51.100.30", { redirectTo: "/supplier/products?q=%E8%8C%B6#top" });
    expect(kept.headers.get("Location")).toBe("/supplier/products?q=%E8%8C%B6#top");
    for (const to of bypasses) expect(safeRedirect(to, "/home")).toBe("/home");
  });

  it("keeps the language switch's redirect on the site too", async () => {
    const { action: langAction } = await import("~/routes/lang");
    for (const redirectTo of ["/\t/evil.example", "//evil.example", "/\u3000/x", "/x\r\nSet-Cookie: a=b", "https://evil.example"]) {
      const response = await responseOf(() => langAction({ request: formRequest("/lang", { to: "en", redirectTo }), params: {}, context: {} }));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/");
    }
  });

  it("rotates the session on sign-in: the session the browser came with ends", async () => {
    const planted = await cookieFor("tea.coop");
    const response = await login("tea.coop", "bangfu2026", "198.51.100.31", {}, planted);
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).not.toContain(planted.split("=")[1]);
    const old = await responseOf(() => unionLoader({ request: getRequest("/union", planted), params: {}, context: {} }));
    expect(old.status).toBe(302);
    expect(old.headers.get("Location")).toMatch(/^\/login/);
  });

  it("uses a Secure __Host- cookie when the request came over HTTPS", async () => {
    const request = new Request("https://bangfu.example/login", {
      method: "POST",
      body: new URLSearchParams({ username: "tea.coop", password: "bangfu2026" }),
    });
    const response = await responseOf(() => loginAction({ request, params: {}, context: { clientIp: "198.51.100.32" } }));
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^__Host-bangfu_session=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
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
    for (const [loader, path] of [
      [adminLoader, "/admin?_data=routes%2Fadmin._index"],
      [reportsLoader, "/reports?_data=routes%2Freports._index"],
    ] as const) {
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
