// Property: whatever body reaches whatever action as whichever role, the answer is never 5xx, and a refused
// request (4xx) writes nothing. Actions are discovered from app/routes, so a route added later is fuzzed too; field
// names and intents are read from the app's own source. Fixed seed here; FUZZ_RUNS=20000 for a long run.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { reader } from "~/utils/db.server";
import { all, instant, one, q } from "~/utils/sql.server";
import { BASE_URL, cookieFor, orgIdOf, productIdsOf, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";
import { applicationTables, countRowWrites } from "../support/row-writes";

const RUNS = Number(process.env.FUZZ_RUNS ?? 600);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);

type Action = (args: ActionFunctionArgs) => Promise<unknown>;
type Route = { file: string; path: string; params: string[]; action: Action; users: string[]; names: string[]; intents: string[] };

const ROUTES_DIR = path.resolve("app/routes");

/** "union.orders.$orderId._index.tsx" → "/union/orders/:orderId" with params ["orderId"]. */
function routePath(file: string) {
  const segments = file
    .replace(/\.tsx?$/, "")
    .split(".")
    .filter((s) => s !== "_index" && !s.startsWith("_"));
  const params = segments.filter((s) => s.startsWith("$")).map((s) => s.slice(1));
  return { path: "/" + segments.map((s) => s.replace(/^\$/, ":").replace(/[[\]]/g, "")).join("/"), params };
}

async function discoverActions(): Promise<Route[]> {
  const routes: Route[] = [];
  for (const file of fs.readdirSync(ROUTES_DIR).sort()) {
    if (!/\.tsx?$/.test(file) || /\.test\./.test(file)) continue;
    const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
    if (!/export (async )?function action|export const action/.test(source)) continue;
    const mod = (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as { action?: Action };
    if (!mod.action) continue;
    // The roles its guard admits, so most runs get past the guard; the others still run as everyone else.
    const roles = [
      ...[...source.matchAll(/requireRole\(request((?:, "[A-Z]+")+)\)/g)].flatMap((m) => [...m[1].matchAll(/"([A-Z]+)"/g)].map((r) => r[1])),
      ...(/requireSupplier\(request\)/.test(source) ? ["SUPPLIER"] : []),
    ];
    const users = [...new Set(roles)].flatMap((role) => USER_FOR_ROLE[role] ?? []);
    // Its field names: its own source and the app modules it imports (schemas, form components).
    const imported = [...source.matchAll(/from "~\/((?:utils|components)\/[\w./-]+)"/g)]
      .map((m) => path.resolve("app", m[1]))
      .flatMap((base) => [`${base}.ts`, `${base}.tsx`].filter((f) => fs.existsSync(f)));
    const names = [...new Set([source, ...imported.map((f) => fs.readFileSync(f, "utf8"))].flatMap(fieldNames))];
    const intents = [...new Set([source, ...imported.map((f) => fs.readFileSync(f, "utf8"))].flatMap(literalValues))];
    routes.push({ file, ...routePath(file), action: mod.action, users, names: names.length ? names : ["intent"], intents: intents.length ? intents : ["x"] });
  }
  return routes;
}

const USER_FOR_ROLE: Record<string, string[]> = {
  BUYER: ["hospital.buyer"],
  APPROVER: ["hospital.chair"],
  SUPPLIER: ["tea.coop"],
  LEADER: ["city.leader", "sz.leader"],
  FINANCE: ["finance"],
  ADMIN: ["admin"],
};

function fieldNames(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/name="([A-Za-z][\w]*)"/g)) names.add(m[1]);
  for (const m of source.matchAll(/\bfields\.([A-Za-z]\w*)/g)) names.add(m[1]);
  for (const m of source.matchAll(/(?:formData|form)\.get(?:All)?\("(\w+)"\)/g)) names.add(m[1]);
  for (const m of source.matchAll(
    /^\s+([a-z]\w*): (?:z\.|text\(|optional\(|yuan|whole|textField|optionalTextField|idField|intField|dateField|amountField|choiceField|percentField|passwordField|date\b)/gm,
  ))
    names.add(m[1]);
  return [...names];
}

function literalValues(source: string): string[] {
  const values = new Set<string>();
  for (const m of source.matchAll(/case "(\w+)"|z\.literal\("(\w+)"\)|value="(\w+)"/g)) values.add(m[1] ?? m[2] ?? m[3]);
  for (const m of source.matchAll(/z\.enum\(\[([^\]]+)\]/g)) for (const v of m[1].matchAll(/"(\w+)"/g)) values.add(v[1]);
  // Constant lists such as categories and occasions: `["a", "b"] as const`.
  for (const m of source.matchAll(/\[((?:\s*"[^"]{1,20}",?)+)\s*\] as const/g)) for (const v of m[1].matchAll(/"([^"]+)"/g)) values.add(v[1]);
  return [...values];
}

/** Field names and literal values the app itself uses: form inputs, schema keys, intents, enum members. */
function vocabulary() {
  const names = new Set<string>(["intent", "redirectTo", "to", "token"]);
  const literals = new Set<string>();
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? (e.name === "generated" ? [] : files(path.join(dir, e.name))) : [path.join(dir, e.name)]));
  for (const file of files(path.resolve("app")).filter((f) => /\.tsx?$/.test(f))) {
    const source = fs.readFileSync(file, "utf8");
    for (const name of fieldNames(source)) names.add(name);
    for (const literal of literalValues(source)) literals.add(literal);
  }
  return { names: [...names].sort(), literals: [...literals].sort() };
}

const HOSTILE = [
  "",
  " ",
  "0",
  "-1",
  "1",
  "2",
  "3",
  "42",
  "1e20",
  "1e3",
  "0x10",
  "1.5",
  "NaN",
  "Infinity",
  "9007199254740993",
  "2147483648",
  "9999999999999.99",
  "¥9,999,999,999,999.99",
  "１２３",
  "１２．５",
  "2026-13-45",
  "0000-01-01",
  "9999-12-31",
  "2026-02-31",
  "2026-02-28",
  "2026-11-29",
  "/%09/evil.example",
  "/\t/evil.example",
  "//evil.example",
  "/\\evil.example",
  "/\u3000/x",
  "/ok\r\nX: y",
  "a\u0000b",
  "\u202eevil",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "名".repeat(300),
  "x".repeat(5000),
  "on",
  "true",
  "zh-CN",
  "en",
  "FESTIVAL",
  "APPROVED",
  "REJECTED",
  "accepted",
  "complaint",
  "pack",
  "quantities",
  "preview",
  "submit",
  "tok-abcdefgh",
  "箱",
  "茶叶",
  "GRASSROOTS",
  "SUPPLIER",
  "BUYER",
  "COOPERATIVE",
  "PRODUCER",
];

const ROLES = [null, "hospital.buyer", "hospital.chair", "tea.coop", "city.leader", "sz.leader", "finance", "admin", "nanjing.buyer"] as const;

let routes: Route[] = [];
let vocab: { names: string[]; literals: string[] };
const cookies = new Map<string, string>();
let writeCounter: () => Promise<number>;
let knownIds: string[] = [];

beforeAll(async () => {
  await seedDemoBase();
  routes = await discoverActions();
  vocab = vocabulary();
  for (const user of ROLES) if (user) cookies.set(user, await cookieFor(user));
  // A few orders of the hospital union with the tea cooperative, in several states, so order routes get past 404.
  const unionId = await orgIdOf("hospital.buyer");
  const products = (await productIdsOf("tea.coop", 2)).map((id) => ({ id }));
  for (const status of ["PLACED", "PENDING_APPROVAL", "COMPLETED"] as const) {
    await insertOrder({
      unionId,
      createdAt: new Date(),
      status,
      paidAt: status === "COMPLETED" ? new Date() : null,
      lines: products.map((p) => ({ productId: p.id, quantity: 3, certified: true })),
    });
  }
  const orders = await all(reader, q.selectFrom("Order").select("id").orderBy("id"));
  const subOrders = await all(reader, q.selectFrom("SubOrder").select("id").orderBy("id"));
  knownIds = [...new Set([...orders, ...subOrders, ...products].map((r) => String(r.id)).concat("1", "2"))];
  // Every write to an application table leaves a mark, whichever connection made it (login failures excepted:
  // recording them is the point of a refused sign-in).
  writeCounter = await countRowWrites((await applicationTables()).filter((name) => name !== "LoginThrottle"));
}, 60_000);

const sessionCount = async () =>
  (
    await one(
      reader,
      q
        .selectFrom("Session")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("expiresAt", ">", instant(Date.now())),
    )
  ).n;
let knownSessions = -1;

/** Sign-out and sign-in end the session they came with; later runs as that user need a live one again. */
async function liveCookie(user: string) {
  if ((await sessionCount()) !== knownSessions) {
    for (const name of ROLES) if (name) cookies.set(name, await cookieFor(name));
    knownSessions = await sessionCount();
  }
  return cookies.get(user);
}

type Body =
  | { kind: "urlencoded" | "multipart"; fields: Array<[string, string]> }
  | { kind: "json" | "text" | "none" | "badMultipart" | "garbage"; fields: Array<[string, string]> };

function buildRequest(url: string, body: Body, cookie: string | undefined) {
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  let payload: BodyInit | undefined;
  switch (body.kind) {
    case "urlencoded":
      payload = new URLSearchParams(body.fields);
      break;
    case "multipart": {
      const form = new FormData();
      for (const [k, v] of body.fields) form.append(k, v);
      // A file where a text field is expected, and bytes that are not the image they claim to be.
      form.append("photo", new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], "x.png", { type: "image/png" }));
      payload = form;
      break;
    }
    case "json":
      headers.set("Content-Type", "application/json");
      payload = JSON.stringify(Object.fromEntries(body.fields));
      break;
    case "text":
      headers.set("Content-Type", "text/plain");
      payload = body.fields.map(([k, v]) => `${k}=${v}`).join("\n");
      break;
    case "badMultipart":
      headers.set("Content-Type", "multipart/form-data; boundary=XYZ");
      payload = `--XYZ\r\nContent-Disposition: form-data; name="intent"\r\n\r\n${body.fields[0]?.[1] ?? ""}\r\n--XY`;
      break;
    case "garbage":
      headers.set("Content-Type", "application/x-www-form-urlencoded");
      payload = "%%%&&==&%E0%A4%A=" + body.fields.map(([k, v]) => `${k}=${v}`).join("&");
      break;
    case "none":
      break;
  }
  return new Request(`${BASE_URL}${url}`, { method: "POST", headers, body: payload });
}

describe("every action under generated input", () => {
  it("discovers the actions from app/routes", () => {
    expect(routes.map((r) => r.file)).toEqual(
      expect.arrayContaining(["login.tsx", "union.orders.new.tsx", "union.budget.tsx", "finance._index.tsx", "admin._index.tsx"]),
    );
    expect(vocab.names).toEqual(expect.arrayContaining(["intent", "amount", "spentOn", "receivedOn", "validFrom", "productId", "quantity"]));
  });

  it("never answers 5xx and writes nothing when it refuses", async () => {
    const value = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
      { weight: 3, arbitrary: fc.constantFrom(...vocab.literals) },
      { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
      { weight: 2, arbitrary: fc.integer({ min: -5, max: 200 }).map(String) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 13 }), fc.integer({ min: 0, max: 32 }))
          .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
      },
      { weight: 1, arbitrary: fc.tuple(fc.nat(99_999_999_999_999), fc.nat(99)).map(([yuan, fen]) => `${yuan}.${String(fen).padStart(2, "0")}`) },
    );
    const anyField = fc.tuple(fc.constantFrom(...vocab.names), value);
    const bodyKind = fc.constantFrom(
      "urlencoded",
      "urlencoded",
      "urlencoded",
      "urlencoded",
      "multipart",
      "json",
      "text",
      "none",
      "badMultipart",
      "garbage",
    ) as fc.Arbitrary<Body["kind"]>;
    const param = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...knownIds) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) });
    const idValue = fc.constantFrom(...knownIds);
    const failures: string[] = [];
    const statuses = new Map<string, number>();
    await fc
      .assert(
        fc.asyncProperty(
          fc.nat(routes.length - 1).chain((routeIndex) => {
            const route = routes[routeIndex];
            const user = route.users.length
              ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...route.users) }, { weight: 1, arbitrary: fc.constantFrom(...ROLES) })
              : fc.constantFrom(...ROLES);
            // Mostly the route's own fields (often all of them), valued adversarially or with real ids.
            const ownField = fc.tuple(
              fc.constantFrom(...route.names),
              fc.oneof({ weight: 5, arbitrary: value }, { weight: 2, arbitrary: fc.constantFrom(...route.intents) }, { weight: 1, arbitrary: idValue }),
            );
            const fields = fc
              .tuple(fc.uniqueArray(ownField, { maxLength: route.names.length, selector: ([k]) => k }), fc.array(anyField, { maxLength: 3 }))
              .map(([own, extra]) => [...own, ...extra]);
            const intent = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...route.intents) }, { weight: 1, arbitrary: fc.constantFrom(...vocab.literals) });
            return fc.tuple(fc.constant(routeIndex), user, fc.tuple(intent, fields));
          }),
          bodyKind,
          fc.array(param, { minLength: 3, maxLength: 3 }),
          async ([routeIndex, user, [intent, fields]], kind, paramValues) => {
            const route = routes[routeIndex];
            const params = Object.fromEntries(route.params.map((name, i) => [name, paramValues[i]]));
            const url = route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
            const request = buildRequest(url, { kind, fields: [["intent", intent], ...fields] }, user ? await liveCookie(user) : undefined);
            const before = await writeCounter();
            let status: number;
            try {
              const result = await route.action({ request, params, context: { clientIp: "198.51.100.7" } });
              status = result instanceof Response ? result.status : 200;
            } catch (thrown) {
              if (!(thrown instanceof Response)) {
                failures.push(`${route.file} as ${user ?? "anonymous"} (${kind}): ${(thrown as Error)?.stack?.split("\n").slice(0, 3).join(" | ")}`);
                return false;
              }
              status = thrown.status;
            }
            const key = `${route.file} ${status}`;
            statuses.set(key, (statuses.get(key) ?? 0) + 1);
            if (status >= 500) failures.push(`${route.file} as ${user ?? "anonymous"} (${kind}) → ${status}`);
            const wrote = (await writeCounter()) - before;
            if (status >= 400 && wrote > 0) failures.push(`${route.file} as ${user ?? "anonymous"} (${kind}) → ${status} but wrote ${wrote} rows`);
            return status < 500 && !(status >= 400 && wrote > 0);
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      )
      .catch((error) => {
        throw new Error(`${failures.slice(0, 5).join("\n")}\n${(error as Error).message.slice(0, 2000)}`);
      });
    if (process.env.FUZZ_VERBOSE)
      console.log(
        [...statuses]
          .sort()
          .map(([k, n]) => `${k}: ${n}`)
          .join("\n"),
      );
    // The run must reach past the guards: some generated bodies are accepted, most are refused as invalid.
    expect([...statuses.keys()].some((k) => / (200|302)$/.test(k))).toBe(true);
    expect([...statuses.keys()].some((k) => / 400$/.test(k))).toBe(true);
  }, 600_000);

  it("refuses a JSON, text/plain or type-less body and a malformed upload on every action without a 5xx", async () => {
    const cookie = cookies.get("hospital.buyer");
    for (const route of routes) {
      if (route.file.startsWith("webhooks.")) continue;
      const params = Object.fromEntries(route.params.map((name) => [name, "1"]));
      const url = route.path.replace(/:(\w+)/g, "1");
      for (const kind of ["json", "text", "none", "badMultipart"] as const) {
        let status: number;
        try {
          const result = await route.action({ request: buildRequest(url, { kind, fields: [["intent", "x"]] }, cookie), params, context: {} });
          status = result instanceof Response ? result.status : 200;
        } catch (thrown) {
          if (!(thrown instanceof Response)) throw new Error(`${route.file} ${kind}: ${String(thrown)}`);
          status = thrown.status;
        }
        expect(status, `${route.file} ${kind}`).toBeLessThan(500);
      }
    }
  });
});
