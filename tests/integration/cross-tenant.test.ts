// Cross-tenant walk: every loader and action in app/routes (discovered, so later routes are walked too), as every
// kind of user from outside one union, with that union's order, sub-order, product and organisation ids. Nothing
// of it may show (its canary text never appears in any answer), its ids answer 403/404 (or the sign-in redirect),
// and no action writes a row.
import { rawSqlite } from "~/utils/sql.server";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { sqlite, transaction } from "~/utils/db.server";
import { BASE_URL, cookieFor, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown>;
interface RouteModule {
  file: string;
  path: string;
  params: string[];
  loader?: Handler;
  action?: Handler;
  intents: string[];
}

const CANARY = "CANARY-7f3a";
// Outsiders to the school union (商州第一中学工会) whose order carries the canary: another union's buyer and
// approver, a partner union, a cooperative not in the order, a county leader of another county, and anonymous.
const OUTSIDERS = [null, "hospital.buyer", "hospital.chair", "nanjing.buyer", "tea.coop", "ln.leader"] as const;

const ROUTES_DIR = path.resolve("app/routes");
const routes: RouteModule[] = [];
const foreign: Record<string, string> = {};
const cookies = new Map<string, string>();
let writes: () => number;

beforeAll(async () => {
  await seedDemoBase();
  const one = <T>(sql: string, ...args: unknown[]) => sqlite.prepare(sql).get(...args) as T;
  const school = one<{ id: number }>(`SELECT m."orgId" AS id FROM "Membership" m JOIN "User" u ON u."id" = m."userId" WHERE u."username" = 'school.buyer'`);
  const fungus = one<{ id: number }>(
    `SELECT p."id" FROM "Product" p JOIN "Supplier" s ON s."id" = p."supplierId" JOIN "Membership" m ON m."orgId" = s."orgId" JOIN "User" u ON u."id" = m."userId" WHERE u."username" = 'fungus.coop' LIMIT 1`,
  );
  const { orderId } = await insertOrder({
    unionId: school.id,
    createdAt: new Date(),
    status: "PLACED",
    paidAt: new Date(),
    lines: [{ productId: fungus.id, quantity: 4, certified: true }],
  });
  await transaction(async (c) => {
    rawSqlite(c).prepare(`UPDATE "Order" SET "note" = ? WHERE "id" = ?`).run(`${CANARY} note`, orderId);
    rawSqlite(c).prepare(`UPDATE "SubOrder" SET "trackingNo" = ?, "carrier" = ? WHERE "orderId" = ?`).run(`${CANARY}-track`, `${CANARY}-carrier`, orderId);
    rawSqlite(c)
      .prepare(`INSERT INTO "OrderAddress" ("orderId","label","recipient","phone","address") VALUES (?,?,?,?,?)`)
      .run(orderId, "1", `${CANARY} 收货人`, "13900000000", `${CANARY} 地址`);
  });
  const subOrder = one<{ id: number }>(`SELECT "id" FROM "SubOrder" WHERE "orderId" = ?`, orderId);
  Object.assign(foreign, { orderId: String(orderId), subOrderId: String(subOrder.id), productId: String(fungus.id), orgId: String(school.id) });
  for (const user of OUTSIDERS) if (user) cookies.set(user, await cookieFor(user));

  for (const file of fs.readdirSync(ROUTES_DIR).sort()) {
    if (!/\.tsx?$/.test(file)) continue;
    const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
    const mod = (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as { loader?: Handler; action?: Handler };
    const segments = file
      .replace(/\.tsx?$/, "")
      .split(".")
      .filter((s) => s !== "_index" && !s.startsWith("_"));
    const intents = [...new Set([...source.matchAll(/case "(\w+)"|z\.literal\("(\w+)"\)|value="(\w+)"/g)].map((m) => m[1] ?? m[2] ?? m[3]))];
    routes.push({
      file,
      path: "/" + segments.map((s) => s.replace(/^\$/, ":").replace(/[[\]]/g, "")).join("/"),
      params: segments.filter((s) => s.startsWith("$")).map((s) => s.slice(1)),
      loader: mod.loader,
      action: mod.action,
      intents: intents.length ? intents : ["x"],
    });
  }

  const tables = sqlite
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'`)
    .all() as Array<{ name: string; sql: string }>;
  const virtual = tables.filter((t) => /CREATE VIRTUAL/i.test(t.sql)).map((t) => t.name);
  sqlite.exec(`CREATE TABLE "_walk_writes" ("n" INTEGER)`);
  for (const { name } of tables) {
    if (virtual.includes(name) || virtual.some((v) => name.startsWith(`${v}_`)) || ["LoginThrottle", "Session"].includes(name)) continue;
    for (const event of ["INSERT", "UPDATE", "DELETE"])
      sqlite.exec(`CREATE TRIGGER "_walk_${name}_${event}" AFTER ${event} ON "${name}" BEGIN INSERT INTO "_walk_writes" VALUES (1); END`);
  }
  const count = sqlite.prepare(`SELECT COUNT(*) AS n FROM "_walk_writes"`);
  writes = () => (count.get() as { n: number }).n;
}, 60_000);

/** Sign-out and sign-in (walked too) end the session they came with: sign in again for the next route. */
async function liveCookie(user: string) {
  const id = (await import("~/utils/session.server")).sessionCookie.parse(cookies.get(user) ?? "");
  const alive = sqlite.prepare(`SELECT 1 FROM "Session" WHERE "id" = ?`).get(await id);
  if (!alive) cookies.set(user, await cookieFor(user));
  return cookies.get(user);
}

async function answer(run: () => Promise<unknown>): Promise<{ status: number; text: string }> {
  try {
    const result = await run();
    if (result instanceof Response) return { status: result.status, text: await result.text() };
    return { status: 200, text: JSON.stringify(result) ?? "" };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text() };
    throw thrown;
  }
}

/** A foreign id of this kind must not open: the supplier workspace's products are private, the catalog's are not. */
function mustBeRefused(route: RouteModule, param: string) {
  if (param === "productId") return route.path.startsWith("/supplier");
  return ["orderId", "subOrderId", "orgId"].includes(param);
}

describe("cross-tenant walk over every route", () => {
  it("finds the routes with ids to walk", () => {
    expect(routes.filter((r) => r.params.length).map((r) => r.file)).toEqual(
      expect.arrayContaining(["union.orders.$orderId._index.tsx", "supplier.orders.$subOrderId._index.tsx", "reports.$orgId._index.tsx"]),
    );
  });

  it("never shows another union's data to an outsider, nor opens its ids, nor lets an action write", async () => {
    const problems: string[] = [];
    let walked = 0;
    for (const route of routes) {
      const params = Object.fromEntries(route.params.map((name) => [name, foreign[name] ?? "1"]));
      const url = `${BASE_URL}${route.path.replace(/:(\w+)/g, (_, name: string) => params[name])}`;
      for (const user of OUTSIDERS) {
        const cookie = user ? await liveCookie(user) : undefined;
        const who = `${route.file} as ${user ?? "anonymous"}`;
        if (route.loader) {
          for (const query of ["", "?format=csv&table=orders", `?orgId=${foreign.orgId}&orderId=${foreign.orderId}`]) {
            const { status, text } = await answer(() =>
              route.loader!({ request: new Request(url + query, { headers: cookie ? { Cookie: cookie } : {} }), params, context: {} }),
            );
            walked++;
            if (process.env.WALK_DEBUG && route.params.length) console.log(who, query, status, text.slice(0, 150));
            if (text.includes(CANARY)) problems.push(`${who} GET${query}: shows the canary`);
            if (status < 300 && route.params.some((p) => mustBeRefused(route, p))) problems.push(`${who} GET${query}: ${status}`);
          }
        }
        if (route.action) {
          for (const intent of route.intents) {
            const before = writes();
            const body = new URLSearchParams({
              intent,
              reason: "x",
              note: "x",
              carrier: "x",
              trackingNo: "x",
              result: "accepted",
              rating: "5",
              subOrderId: foreign.subOrderId,
              orderId: foreign.orderId,
              productId: foreign.productId,
              certificateId: "1",
              delta: "1",
            });
            const { status, text } = await answer(() =>
              route.action!({
                request: new Request(url, { method: "POST", body, headers: cookie ? { Cookie: cookie } : {} }),
                params,
                context: { clientIp: "198.51.100.9" },
              }),
            );
            walked++;
            if (text.includes(CANARY)) problems.push(`${who} POST ${intent}: shows the canary`);
            if (route.params.some((p) => mustBeRefused(route, p)) && writes() > before)
              problems.push(`${who} POST ${intent}: wrote ${writes() - before} rows (${status})`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(walked).toBeGreaterThan(200);
  }, 120_000);
});
