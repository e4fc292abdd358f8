// Cross-tenant walk: every loader and action in app/routes (discovered, so later routes are walked too), as every
// kind of user from outside one union, with that union's order, sub-order, product and organisation ids. Nothing
// of it may show (its canary text never appears in any answer), its ids answer 403/404 (or the sign-in redirect),
// and no action writes a row.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { reader, transaction } from "~/utils/db.server";
import { first, one, q, run } from "~/utils/sql.server";
import { BASE_URL, cookieFor, orgIdOf, productIdsOf, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";
import { applicationTables, countRowWrites } from "../support/row-writes";

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
let writes: () => Promise<number>;

beforeAll(async () => {
  await seedDemoBase();
  const schoolId = await orgIdOf("school.buyer");
  const [fungusId] = await productIdsOf("fungus.coop");
  const { orderId } = await insertOrder({
    unionId: schoolId,
    createdAt: new Date(),
    status: "PLACED",
    paidAt: new Date(),
    lines: [{ productId: fungusId, quantity: 4, certified: true }],
  });
  await transaction(async (c) => {
    await run(
      c,
      q
        .updateTable("Order")
        .set({ note: `${CANARY} note` })
        .where("id", "=", orderId),
    );
    await run(
      c,
      q
        .updateTable("SubOrder")
        .set({ trackingNo: `${CANARY}-track`, carrier: `${CANARY}-carrier` })
        .where("orderId", "=", orderId),
    );
    await run(c, q.insertInto("OrderAddress").values({ orderId, label: "1", recipient: `${CANARY} 收货人`, phone: "13900000000", address: `${CANARY} 地址` }));
  });
  const subOrder = await one(reader, q.selectFrom("SubOrder").select("id").where("orderId", "=", orderId));
  Object.assign(foreign, { orderId: String(orderId), subOrderId: String(subOrder.id), productId: String(fungusId), orgId: String(schoolId) });
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

  writes = await countRowWrites((await applicationTables()).filter((name) => !["LoginThrottle", "Session"].includes(name)));
}, 60_000);

/** Sign-out and sign-in (walked too) end the session they came with: sign in again for the next route. */
async function liveCookie(user: string) {
  const id = (await import("~/utils/session.server")).sessionCookie.parse(cookies.get(user) ?? "");
  const alive = await first(
    reader,
    q
      .selectFrom("Session")
      .select("id")
      .where("id", "=", String(await id)),
  );
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
            const before = await writes();
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
            const wrote = (await writes()) - before;
            if (route.params.some((p) => mustBeRefused(route, p)) && wrote > 0) problems.push(`${who} POST ${intent}: wrote ${wrote} rows (${status})`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(walked).toBeGreaterThan(200);
  }, 120_000);
});
