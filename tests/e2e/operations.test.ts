// The built server as an operator and an attacker meet it: body limits, proxies and HTTPS, health endpoints, JSON
// logs, graceful stop with requests in flight, SIGKILL under concurrent order submissions, and a backup taken under
// write load that restores to a verified database. Each server here runs on its own copy of the seeded e2e database.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE } from "./browser";
import { CACHE, freshDataDir, startServer, stopServers } from "./own-server";

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode ? resolve(child.exitCode) : child.on("exit", (code) => resolve(code))));
}

async function signIn(base: string, username: string) {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ username, password: "bangfu2026" }),
  });
  expect(response.status).toBe(302);
  return (response.headers.get("set-cookie") ?? "").split(";")[0];
}

let orderSequence = 0;
/** One order submission as a browser would post it; the order id when the server acknowledged it. */
async function submitOrder(base: string, cookie: string): Promise<number | null> {
  const token = `ops-${process.pid}-${++orderSequence}-${Math.random().toString(36).slice(2, 10)}`;
  const body = new URLSearchParams({
    intent: "submit",
    token,
    mode: "quantities",
    occasion: "UNION_ACTIVITY",
    recipient1: "王芳",
    phone1: "13800000000",
    address1: "商州区北新街 1 号",
    productCode: "P00002",
    quantity: "5",
  });
  try {
    const response = await fetch(`${base}/union/orders/new`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    const match = /\/union\/orders\/(\d+)$/.exec(response.headers.get("location") ?? "");
    return response.status === 302 && match ? Number(match[1]) : null;
  } catch {
    return null; // the connection died with the server: not acknowledged
  }
}

beforeAll(() => {
  fs.rmSync(CACHE, { recursive: true, force: true });
  fs.mkdirSync(CACHE, { recursive: true });
});

afterAll(() => {
  stopServers();
});

describe("limits and transport", () => {
  /** Declares `declared` bytes but writes only 64 KB of them: the answer must not wait for the rest. */
  function postDeclaring(pathname: string, contentType: string, declared: number) {
    const url = new URL(BASE);
    return new Promise<number>((resolve, reject) => {
      const request = http.request({
        host: url.hostname,
        port: url.port,
        path: pathname,
        method: "POST",
        agent: false,
        headers: { "Content-Type": contentType, "Content-Length": String(declared) },
      });
      request.on("response", (response) => resolve(response.statusCode ?? 0));
      request.on("error", reject);
      request.write(Buffer.alloc(64 * 1024, "a"));
    });
  }

  it("refuses a 50 MB anonymous sign-in post with 413 before the body is sent", async () => {
    expect(await postDeclaring("/login", "application/x-www-form-urlencoded", 50 * 1024 * 1024)).toBe(413);
  });

  it("refuses an upload over 6 MB with 413 and a JSON body with 415", async () => {
    expect(await postDeclaring("/supplier/products/1/photos", "multipart/form-data; boundary=x", 7 * 1024 * 1024)).toBe(413);
    const json = await fetch(`${BASE}/login`, { method: "POST", headers: { "Content-Type": "application/json", Origin: BASE }, body: "{}" });
    expect(json.status).toBe(415);
  });

  it("answers /healthz and /readyz, and marks authenticated pages no-store", async () => {
    expect(await (await fetch(`${BASE}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${BASE}/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).status).toBe("ready");
    const cookie = await signIn(BASE, "hospital.buyer");
    const page = await fetch(`${BASE}/union`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves a long Chinese page without a single NUL byte", async () => {
    const bytes = Buffer.from(await (await fetch(`${BASE}/products?lang=zh-CN`)).arrayBuffer());
    expect(bytes.length).toBeGreaterThan(20_000);
    expect(bytes.includes(0)).toBe(false);
  });

  it("ignores forwarded headers from an untrusted peer, and honours them from a TRUST_PROXY one", async () => {
    const forwarded = {
      "X-Forwarded-Proto": "https",
      "X-Forwarded-Host": "bangfu.example",
      "X-Forwarded-For": "203.0.113.5",
      Origin: "https://bangfu.example",
      "Content-Type": "application/x-www-form-urlencoded",
    };
    const body = new URLSearchParams({ username: "tea.coop", password: "bangfu2026" });
    // The e2e server trusts no proxy: a browser origin of https://bangfu.example is cross-site to it.
    expect((await fetch(`${BASE}/login`, { method: "POST", redirect: "manual", headers: forwarded, body })).status).toBe(403);
    const proxied = await startServer(freshDataDir("proxy"), { TRUST_PROXY: "loopback" });
    const response = await fetch(`${proxied.base}/login`, { method: "POST", redirect: "manual", headers: forwarded, body });
    expect(response.status).toBe(302);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^__Host-bangfu_session=/);
    expect(cookie).toMatch(/Secure/);
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    // The access log shows the forwarded client address and never the password or the cookie.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = proxied.log
      .join("")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.some((l) => l.msg === "request" && l.path === "/login" && l.ip === "203.0.113.5" && typeof l.reqId === "string")).toBe(true);
    expect(proxied.log.join("")).not.toContain("bangfu2026");
    proxied.child.kill("SIGTERM");
    expect(await exited(proxied.child)).toBe(0);
  });
});

describe("a database locked by another process", () => {
  it("keeps serving pages, answers writes with a 503 page and Retry-After; and a forged X-Forwarded-For changes nothing", async () => {
    const dataDir = freshDataDir("busy");
    const server = await startServer(dataDir, { WRITE_WAIT_MS: "500" });
    const cookie = await signIn(server.base, "hospital.buyer");
    const other = new Database(path.join(dataDir, "bangfu.db"));
    other.exec("BEGIN IMMEDIATE");
    try {
      const orderStarted = Date.now();
      const pending = fetch(`${server.base}/union/orders/new`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookie, Origin: server.base, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          intent: "submit",
          token: "busy-order-0001",
          mode: "quantities",
          occasion: "UNION_ACTIVITY",
          recipient1: "王芳",
          phone1: "13800000000",
          address1: "商州区",
          productCode: "P00002",
          quantity: "5",
        }),
      });
      const readStarted = Date.now();
      const page = await fetch(`${server.base}/products`);
      expect(page.status).toBe(200);
      expect(Date.now() - readStarted).toBeLessThan(2_000);
      const response = await pending;
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(await response.text()).toContain("系统正忙");
      expect(Date.now() - orderStarted).toBeLessThan(5_000);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect(await submitOrder(server.base, cookie)).toBeGreaterThan(0);
    // No TRUST_PROXY here: a rotating X-Forwarded-For does not make five failures look like five clients.
    const attempt = (i: number) =>
      fetch(`${server.base}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: server.base, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": `203.0.113.${i}` },
        body: new URLSearchParams({ username: "walnut.coop", password: "wrong-password" }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt(i)).status).toBe(400);
    expect((await attempt(99)).status).toBe(429);
    server.child.kill("SIGTERM");
    await exited(server.child);
  });
});

describe("starting", () => {
  it("npm start's prestart serves an existing build and migrated database without rebuilding", () => {
    const dataDir = freshDataDir("prestart");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      BUILD_DIR: path.join(CACHE, "build"),
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, "bangfu.db")}`,
      NODE_ENV: "production",
    };
    const first = spawnSync(process.execPath, ["scripts/prestart.mjs"], { env, encoding: "utf8" });
    expect(first.status, first.stderr).toBe(0);
    const started = Date.now();
    const second = spawnSync(process.execPath, ["scripts/prestart.mjs"], { env, encoding: "utf8" });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain("all migrations applied");
    expect(second.stdout).toContain("the build is up to date");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("stopping", () => {
  it("on SIGTERM stops accepting, finishes the requests in flight, closes the database and exits 0", async () => {
    const server = await startServer(freshDataDir("sigterm"));
    const url = new URL(server.base);
    const body = new URLSearchParams({ username: "hospital.buyer", password: "bangfu2026" }).toString();
    await signIn(server.base, "hospital.buyer"); // warm: the requests below must be accepted, not queued in the backlog
    // Five sign-ins in flight: headers sent, bodies half written when the signal arrives.
    const requests = Array.from({ length: 5 }, () => {
      const request = http.request({
        host: url.hostname,
        port: url.port,
        path: "/login",
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(body.length), Origin: server.base },
      });
      const response = new Promise<number>((resolve, reject) => {
        request.on("response", (r) => {
          r.resume();
          r.on("end", () => resolve(r.statusCode ?? 0));
        });
        request.on("error", reject);
      });
      request.write(body.slice(0, 10));
      return { request, response };
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    server.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A new connection is refused while the old ones finish.
    const fresh = await new Promise<string>((resolve) => {
      http
        .get(`${server.base}/healthz`, { agent: false }, (r) => resolve(`answered ${r.statusCode}`))
        .on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
    });
    expect(fresh).toBe("ECONNREFUSED");
    for (const { request } of requests) request.end(body.slice(10));
    expect(await Promise.all(requests.map((r) => r.response))).toEqual([302, 302, 302, 302, 302]);
    expect(await exited(server.child)).toBe(0);
    expect(server.log.join("")).toContain('"msg":"stopped"');
  });

  it("keeps every acknowledged order across SIGKILLs under concurrent submissions", async () => {
    const dataDir = freshDataDir("sigkill");
    const acknowledged: number[] = [];
    for (let round = 0; round < 2; round++) {
      const server = await startServer(dataDir);
      const cookies = await Promise.all(["hospital.buyer", "school.buyer"].map((u) => signIn(server.base, u)));
      let killed = false;
      const clients = Array.from({ length: 8 }, async (_, i) => {
        while (!killed) {
          const id = await submitOrder(server.base, cookies[i % cookies.length]);
          if (id) acknowledged.push(id);
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 400 + round * 150));
      server.child.kill("SIGKILL");
      killed = true;
      await exited(server.child);
      await Promise.all(clients);
    }
    expect(acknowledged.length).toBeGreaterThan(0);
    const db = new Database(path.join(dataDir, "bangfu.db"));
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const present = new Set((db.prepare(`SELECT "id" FROM "Order"`).all() as Array<{ id: number }>).map((r) => r.id));
    db.close();
    expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);
    const verify = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/report-verify.ts"], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: `file:${path.join(dataDir, "bangfu.db")}` },
      encoding: "utf8",
    });
    expect(verify.stdout).toContain("0 differences");
  });
});

describe("backup and restore", () => {
  it("takes a backup under write load that restores to a database passing integrity_check and report:verify", async () => {
    const dataDir = freshDataDir("backup-source");
    const server = await startServer(dataDir);
    const cookie = await signIn(server.base, "hospital.buyer");
    let stop = false;
    const acknowledged: number[] = [];
    const load = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const id = await submitOrder(server.base, cookie);
        if (id) acknowledged.push(id);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = acknowledged.length;
    const backupDir = path.join(CACHE, "backups");
    const backup = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ["scripts/backup.mjs", backupDir], {
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: `file:${path.join(dataDir, "bangfu.db")}` },
      });
      let out = "";
      child.stdout.on("data", (d) => (out += String(d)));
      child.stderr.on("data", (d) => (out += String(d)));
      child.on("exit", (code) => resolve({ code, out }));
    });
    const during = acknowledged.length - before;
    stop = true;
    await Promise.all(load);
    server.child.kill("SIGTERM");
    await exited(server.child);
    expect(backup.code, backup.out).toBe(0);
    expect(during).toBeGreaterThan(0); // the app kept taking orders while the backup ran
    const archive = JSON.parse(backup.out.trim().split("\n").pop() ?? "{}").file as string;

    const restoredDir = path.join(CACHE, "restored");
    fs.rmSync(restoredDir, { recursive: true, force: true });
    const env = { ...process.env, DATA_DIR: restoredDir, DATABASE_URL: `file:${path.join(restoredDir, "bangfu.db")}` };
    const restore = spawnSync(process.execPath, ["scripts/restore.mjs", archive], { env, encoding: "utf8" });
    expect(restore.status, restore.stderr).toBe(0);
    const db = new Database(path.join(restoredDir, "bangfu.db"));
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const restoredOrders = new Set((db.prepare(`SELECT "id" FROM "Order"`).all() as Array<{ id: number }>).map((r) => r.id));
    db.close();
    // Everything acknowledged before the backup started is in it.
    expect(acknowledged.slice(0, before).filter((id) => !restoredOrders.has(id))).toEqual([]);
    const verify = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/report-verify.ts"], { env, encoding: "utf8" });
    expect(verify.stdout).toContain("0 differences");
    // A restored database serves.
    const restored = await startServer(restoredDir);
    expect((await fetch(`${restored.base}/readyz`)).status).toBe(200);
    restored.child.kill("SIGTERM");
    await exited(restored.child);
  });
});
