// npm run bench [-- --scale province | --postgres] — measures the product against its own floor, in one run so that ratios
// hold on a noisy machine, and fails when a budget is missed (docs/performance.md). Builds into .builds/bench,
// generates (once, cached under data/bench/) a city database (5,000 unions, 10,000 products, 1M lines), a
// 50,000-union database (1M lines; with --scale province the full 10M-line one) and a 10k-line one for the order
// race, starts the production server on each, and measures with autocannon. Ports: BENCH_PORT (default 3300)
// and the next two. --scale province also reports the province database's file size, report:verify time and
// backup time.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import pg from "pg";
import { generate } from "./generate-data";
import { all, one, q } from "../app/utils/sql.server";

/** Prisma's record of applied migrations, which the generated table types do not describe. */
const withMigrations = q.withTables<{ _prisma_migrations: { checksum: string; finished_at: number | null } }>();

const BUILD_DIR = ".builds/bench";
const PROVINCE_SCALE = process.argv.includes("--scale") && process.argv[process.argv.indexOf("--scale") + 1] === "province";
const LARGE = path.resolve("data/bench/large.db");
const SMALL = path.resolve("data/bench/small.db");
const MANY_UNITS = path.resolve(PROVINCE_SCALE ? "data/bench/province.db" : "data/bench/units-50k.db");
const MANY_UNITS_LINES = PROVINCE_SCALE ? 10_000_000 : 1_000_000;
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 10;
const PORT = Number(process.env.BENCH_PORT ?? 3300);

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ratio?: number;
  note?: string;
}

/** Generates the database once; regenerates when its size or schema (the migrations applied) changed. */
async function ensureDatabase(file: string, lines: number, unions = 5000): Promise<number | null> {
  // Prisma records each applied migration's sha256: a database made before a migration changed is regenerated.
  const migrations = new Set(
    fs
      .readdirSync("prisma/migrations")
      .filter((d) => /^\d/.test(d))
      .map((d) =>
        crypto
          .createHash("sha256")
          .update(fs.readFileSync(`prisma/migrations/${d}/migration.sql`))
          .digest("hex"),
      ),
  );
  if (fs.existsSync(file)) {
    const db = new Database(file, { readonly: true });
    const n = one(
      db,
      q.selectFrom("OrderLine").select((eb) => eb.fn.countAll<number>().as("n")),
    ).n;
    const u = one(
      db,
      q
        .selectFrom("Organization")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("kind", "in", ["GRASSROOTS", "PARTNER_UNION"]),
    ).n;
    const applied = all(db, withMigrations.selectFrom("_prisma_migrations").select("checksum").where("finished_at", "is not", null)).map((r) => r.checksum);
    db.close();
    if (n === lines && u >= unions && applied.length === migrations.size && applied.every((c) => migrations.has(c))) return null;
  }
  console.log(`generating ${file} (${unions} unions, ${lines} lines)…`);
  const result = await generate({ unions, products: 10000, lines, out: file, seed: 7 });
  console.log(`  ${result.orders} orders, ${result.lines} lines in ${result.seconds.toFixed(1)}s`);
  return result.seconds;
}

async function startServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  // Another server already answering here would be measured instead of ours: refuse (set BENCH_PORT).
  if (
    await fetch(`http://127.0.0.1:${port}/login`).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${port} is in use; set BENCH_PORT`);
  const dataDir = path.resolve(`data/bench/run-${port}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, ["server.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      BUILD_DIR,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      // One secret for every process, as a deployment of several processes must have: a session made on one is valid on all.
      SESSION_SECRET: process.env.SESSION_SECRET ?? "bench-session-secret-0123456789abcdef",
      BENCH_ROUTES: "1",
      SECURE_COOKIES: "false",
      PORT: String(port),
      HOST: "127.0.0.1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/login`)).ok) return child;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error(`server on ${port} did not start`);
}

async function login(port: number, username: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/login`, {
    method: "POST",
    body: new URLSearchParams({ username, password: "bangfu2026" }),
    redirect: "manual",
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (response.status !== 302 || !cookie) throw new Error(`login ${username} failed: ${response.status}`);
  return cookie;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const WARM_REQUESTS = 100;

interface Target {
  name: string;
  url: string;
  cookie?: string;
}

/**
 * Measures every target in ROUNDS round-robin slices of DURATION / ROUNDS seconds, so that load from other work on a
 * shared machine falls on all of them alike and the ratios measured in one run hold. req/s is total requests over
 * total time; p50 and p99 are the medians of the slices' percentiles.
 */
async function measureAll(targets: Target[]): Promise<Row[]> {
  const slices = new Map<string, Array<{ requests: number; seconds: number; p50: number; p99: number }>>();
  const failures = new Map<string, string>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of targets) {
      const result = await autocannon({
        url: t.url,
        connections: CONNECTIONS,
        duration: Math.max(1, DURATION / ROUNDS),
        headers: t.cookie ? { cookie: t.cookie } : {},
      });
      // A slice with failures, or that answered nothing (every request slower than the slice, or timed out), is a
      // failed measurement, not a zero: the row carries the reason and every budget on it fails (a 0 ms median
      // must not pass a "≤ 1.2×" budget).
      if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0 || result.requests.total === 0)
        failures.set(
          t.name,
          `${result.requests.total} answered, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts in a ${result.duration.toFixed(0)} s slice`,
        );
      // Requests still in flight when the slice ended would be served during the next target's slice: wait until
      // the server answers a trivial request, so each slice measures only its own route.
      await fetch(new URL("/healthz", t.url)).then((r) => r.arrayBuffer());
      slices.set(t.name, [
        ...(slices.get(t.name) ?? []),
        { requests: result.requests.total, seconds: result.duration, p50: result.latency.p50, p99: result.latency.p99 },
      ]);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return targets.map((t) => {
    const list = slices.get(t.name)!;
    const row = {
      name: t.name,
      rps: list.reduce((s, x) => s + x.requests, 0) / list.reduce((s, x) => s + x.seconds, 0),
      p50: median(list.map((x) => x.p50)),
      p99: median(list.map((x) => x.p99)),
      note: failures.get(t.name),
    };
    console.log(`  ${row.name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms${row.note ? ` — FAILED: ${row.note}` : ""}`);
    return row;
  });
}

/** How the order race reads and sets the stock it races for, on the engine the servers run on. */
interface RaceDatabase {
  setStock(productId: number, stock: number): Promise<void>;
  unitsOrdered(productId: number): Promise<number>;
  stockLeft(productId: number): Promise<number>;
  close(): Promise<void>;
}

function sqliteRace(file: string): RaceDatabase {
  const db = new Database(file);
  return {
    async setStock(productId, stock) {
      db.prepare(`UPDATE "Product" SET "stock" = ?, "minOrderQty" = 1, "active" = 1, "listingState" = 'LIVE' WHERE "id" = ?`).run(stock, productId);
    },
    async unitsOrdered(productId) {
      return Number(
        one(
          db,
          q
            .selectFrom("OrderLine")
            .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("quantity"), eb.lit(0)).as("q"))
            .where("productId", "=", productId),
        ).q,
      );
    },
    async stockLeft(productId) {
      return one(db, q.selectFrom("Product").select("stock").where("id", "=", productId)).stock;
    },
    async close() {
      db.close();
    },
  };
}

async function postgresRace(url: string): Promise<RaceDatabase> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async setStock(productId, stock) {
      await client.query(`UPDATE "Product" SET "stock" = $1, "minOrderQty" = 1, "active" = TRUE, "listingState" = 'LIVE' WHERE "id" = $2`, [stock, productId]);
    },
    async unitsOrdered(productId) {
      return Number((await client.query(`SELECT COALESCE(SUM("quantity"), 0) AS q FROM "OrderLine" WHERE "productId" = $1`, [productId])).rows[0].q);
    },
    async stockLeft(productId) {
      return Number((await client.query(`SELECT "stock" FROM "Product" WHERE "id" = $1`, [productId])).rows[0].stock);
    },
    async close() {
      await client.end();
    },
  };
}

/**
 * 50 concurrent buyers racing for `stock` units, spread over the app processes listening on `ports` (one cookie:
 * sessions live in the database, and every process has the same secret): accepted orders per second, and the
 * oversell check.
 */
async function submitOrders(ports: number[], db: RaceDatabase, requests: number, stock: number) {
  const cookie = await login(ports[0], "hospital.buyer");
  const productId = 2;
  await db.setStock(productId, stock);
  const before = await db.unitsOrdered(productId);
  let next = 0;
  const counts: Record<number, number> = {};
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 50 }, async (_, buyer) => {
      const port = ports[buyer % ports.length];
      while (next < requests) {
        const i = next++;
        const body = new URLSearchParams({
          intent: "submit",
          token: `bench-${Date.now()}-${i}`,
          mode: "quantities",
          occasion: "UNION_ACTIVITY",
          productId: String(productId),
          quantity: "1",
          recipient1: "工会办公室",
          phone1: "0914-2000000",
          address1: "商州区北新街 1 号",
        });
        // A reused keep-alive socket can be reset by the server; the token makes a retry safe (same order, or 409).
        let response: Response | null = null;
        for (let attempt = 0; attempt < 3 && !response; attempt++) {
          // ?_data= asks Remix for the action's data (204 + X-Remix-Redirect, or 409 JSON) instead of a rendered page.
          response = await fetch(`http://127.0.0.1:${port}/union/orders/new?_data=routes%2Funion.orders.new`, {
            method: "POST",
            body,
            headers: { cookie },
            redirect: "manual",
          }).catch(() => null);
        }
        const status = response?.status ?? 0;
        counts[status] = (counts[status] ?? 0) + 1;
        await response?.arrayBuffer();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const stockLeft = await db.stockLeft(productId);
  const ordered = (await db.unitsOrdered(productId)) - before;
  const accepted = counts[204] ?? 0;
  return {
    accepted,
    refused: counts[409] ?? 0,
    other: requests - accepted - (counts[409] ?? 0),
    seconds,
    ordersPerSecond: accepted / seconds,
    oversold: stockLeft < 0 || ordered > stock || ordered !== accepted,
    stockLeft,
  };
}

/** First-load JavaScript per page: the entry, root and the route's chunks with their imports, gzipped. */
function firstLoadJs() {
  const dir = path.join(BUILD_DIR, "public/build");
  const manifestFile = fs.readdirSync(dir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!manifestFile) throw new Error("no manifest");
  const text = fs.readFileSync(path.join(dir, manifestFile), "utf8");
  const manifest = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as {
    entry: { module: string; imports: string[] };
    routes: Record<string, { id: string; parentId?: string; module: string; imports?: string[]; hasLoader: boolean; hasDefaultExport?: boolean }>;
  };
  const gz = new Map<string, number>();
  const size = (url: string) => {
    if (!gz.has(url)) gz.set(url, zlib.gzipSync(fs.readFileSync(path.join(dir, url.replace(/^\/build\//, "")))).length);
    return gz.get(url)!;
  };
  const pages: Array<{ route: string; bytes: number }> = [];
  for (const route of Object.values(manifest.routes)) {
    if (route.id === "root" || route.hasDefaultExport === false) continue;
    const files = new Set<string>([manifest.entry.module, ...manifest.entry.imports]);
    for (let r: (typeof manifest.routes)[string] | undefined = route; r; r = r.parentId ? manifest.routes[r.parentId] : undefined) {
      files.add(r.module);
      for (const i of r.imports ?? []) files.add(i);
    }
    pages.push({ route: route.id, bytes: [...files].reduce((s, f) => s + size(f), 0) });
  }
  return pages.sort((a, b) => b.bytes - a.bytes);
}

/** What a province-scale database costs: file size, report:verify time, and an online backup's time and size. */
function provinceCosts(file: string) {
  const bytes = ["", "-wal"].reduce((sum, suffix) => sum + (fs.existsSync(file + suffix) ? fs.statSync(file + suffix).size : 0), 0);
  const verify = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/report-verify.ts"], {
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    encoding: "utf8",
  });
  const verifySeconds = Number(/in ([\d.]+)s/.exec(verify.stdout)?.[1] ?? NaN);
  const backupFile = `${file}.backup`;
  fs.rmSync(backupFile, { force: true });
  const started = performance.now();
  const source = new Database(file, { readonly: true });
  return source.backup(backupFile).then(() => {
    const backupSeconds = (performance.now() - started) / 1000;
    source.close();
    const backupBytes = fs.statSync(backupFile).size;
    fs.rmSync(backupFile, { force: true });
    return {
      bytes,
      verifySeconds,
      verifyOk: verify.status === 0,
      verifyOutput: verify.stdout.trim().split("\n").slice(-2).join(" "),
      backupSeconds,
      backupBytes,
    };
  });
}

/** The production build the bench's servers run, in its own directory (BUILD_DIR). */
function buildForBench() {
  console.log("building…");
  const build = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], {
    env: { ...process.env, BUILD_DIR, NODE_ENV: "production" },
    stdio: "inherit",
  });
  if (build.status !== 0) throw new Error("build failed");
}

async function main() {
  buildForBench();
  await ensureDatabase(SMALL, 10_000);
  await ensureDatabase(LARGE, 1_000_000);
  const generatedSeconds = await ensureDatabase(MANY_UNITS, MANY_UNITS_LINES, 50_000);

  const [largePort, smallPort, manyPort] = [PORT, PORT + 1, PORT + 2];
  // The order race writes 1,500 orders for one union: it runs on a fresh copy, so every run starts from the same
  // generated state (on the cached file itself each run would start with the previous runs' orders).
  const raceDb = path.resolve("data/bench/race.db");
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(raceDb + suffix, { force: true });
  fs.copyFileSync(SMALL, raceDb);
  const large = await startServer(`file:${LARGE}`, largePort);
  const small = await startServer(`file:${raceDb}`, smallPort);
  const many = await startServer(`file:${MANY_UNITS}`, manyPort);
  const rows: Row[] = [];
  let orders: Awaited<ReturnType<typeof submitOrders>>;
  const manyLabel = PROVINCE_SCALE ? "50,000 units, 10M lines" : "50,000 units, 1M lines";
  try {
    const url = (port: number, p: string) => `http://127.0.0.1:${port}${p}`;
    const countyId = (file: string) => one(new Database(file, { readonly: true }), q.selectFrom("Organization").select("id").where("code", "=", "SZ")).id;
    const [city, county, cityMany, countyMany] = [
      await login(largePort, "city.leader"),
      await login(largePort, "sz.leader"),
      await login(manyPort, "city.leader"),
      await login(manyPort, "sz.leader"),
    ];
    // Every measured route is warmed alike before the first slice: V8 optimises a server's code as it runs, and a
    // server that answered only a handful of requests (the 50,000-unit one) would start its slices colder than the
    // one that had served every other route, which showed as a 50,000/5,000 median ratio of up to 1.25× in runs
    // where the same two pages, warmed alike, differ by 1.07–1.10×.
    const warm = async (u: string, cookie?: string) => {
      for (let i = 0; i < WARM_REQUESTS; i++) await (await fetch(u, { headers: cookie ? { cookie } : {} })).arrayBuffer();
    };
    const targets = [
      { name: "floor: catalog markup from constants", url: url(largePort, "/bench/floor") },
      { name: "catalog search + filters (10k products)", url: url(largePort, `/products?q=${encodeURIComponent("核桃")}&category=WALNUT&sort=price_asc`) },
      { name: "product page", url: url(largePort, "/products/2") },
      { name: "city dashboard, 5,000 units, 1M lines", url: url(largePort, "/reports"), cookie: city },
      { name: "county dashboard, 5,000 units, 1M lines", url: url(largePort, `/reports/${countyId(LARGE)}`), cookie: county },
      { name: `city dashboard, ${manyLabel}`, url: url(manyPort, "/reports"), cookie: cityMany },
      { name: `county dashboard, ${manyLabel}`, url: url(manyPort, `/reports/${countyId(MANY_UNITS)}`), cookie: countyMany },
    ];
    for (const t of targets) await warm(t.url, t.cookie);
    rows.push(...(await measureAll(targets)));
    const floor = rows[0];
    for (const r of rows) r.ratio = r.rps / floor.rps;
    // Against the 10k-line database, so the cached large ones stay as generated.
    const race = sqliteRace(raceDb);
    orders = await submitOrders([smallPort], race, 2000, 1500);
    await race.close();
  } finally {
    large.kill();
    small.kill();
    many.kill();
  }

  const js = firstLoadJs();
  const [, catalog, product, city5k, county5k, city50k, county50k] = rows;
  const scaled = (many: Row, few: Row) => `${(many.p50 / Math.max(few.p50, 1)).toFixed(2)}× (${many.p50} ms vs ${few.p50} ms)`;
  // A budget holds only on real measurements: a route that answered nothing (0 req/s) or a ratio that is not a
  // finite number fails, whichever side of the comparison it is on.
  const measured = (...list: Row[]) => list.every((r) => !r.note && r.rps > 0 && r.p50 > 0 && Number.isFinite(r.ratio));
  const atLeast = (r: Row, share: number) => measured(rows[0], r) && r.ratio! >= share;
  const scales = (many: Row, few: Row) => measured(many, few) && many.p50 <= 1.2 * few.p50;
  const budgets = [
    { budget: "catalog search ≥ 0.8× floor req/s", value: `${catalog.ratio!.toFixed(2)}×`, ok: atLeast(catalog, 0.8) },
    { budget: "product page ≥ 0.8× floor req/s", value: `${product.ratio!.toFixed(2)}×`, ok: atLeast(product, 0.8) },
    { budget: "city dashboard ≥ 0.5× floor req/s (5,000 units)", value: `${city5k.ratio!.toFixed(2)}×`, ok: atLeast(city5k, 0.5) },
    { budget: "county dashboard ≥ 0.5× floor req/s (5,000 units)", value: `${county5k.ratio!.toFixed(2)}×`, ok: atLeast(county5k, 0.5) },
    { budget: `city dashboard median at 50,000 units ≤ 1.2× at 5,000`, value: scaled(city50k, city5k), ok: scales(city50k, city5k) },
    {
      budget: `county dashboard median at 50,000 units ≤ 1.2× at 5,000`,
      value: scaled(county50k, county5k),
      ok: scales(county50k, county5k),
    },
    {
      budget: "order submission ≥ 300 orders/s, zero oversell (concurrency 50)",
      value: `${orders.ordersPerSecond.toFixed(0)} orders/s; ${orders.accepted} accepted, ${orders.refused} × 409, ${orders.other} other, stock left ${orders.stockLeft}`,
      ok: orders.accepted > 0 && orders.ordersPerSecond >= 300 && !orders.oversold && orders.other === 0,
    },
    {
      budget: "first-load JS ≤ 110 KB gzip on every page",
      value: `largest ${(js[0].bytes / 1024).toFixed(1)} KB (${js[0].route})`,
      ok: js.length > 0 && js[0].bytes > 0 && js[0].bytes <= 110 * 1024,
    },
  ];
  const costs = PROVINCE_SCALE ? await provinceCosts(MANY_UNITS) : null;

  const lines = [
    "| measurement | req/s | p50 ms | p99 ms | ratio to floor |",
    "|---|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.name}${r.note ? ` (FAILED: ${r.note})` : ""} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.ratio!.toFixed(2)} |`),
    "",
    "| budget | measured | ok |",
    "|---|---|---|",
    ...budgets.map((b) => `| ${b.budget} | ${b.value} | ${b.ok ? "yes" : "NO"} |`),
    "",
    "| page (first-load JS, gzip) | KB |",
    "|---|---:|",
    ...js.slice(0, 8).map((p) => `| ${p.route} | ${(p.bytes / 1024).toFixed(1)} |`),
    ...(costs
      ? [
          "",
          "| province database (50,000 units, 10M lines) | measured |",
          "|---|---|",
          ...(generatedSeconds != null ? [`| npm run generate-data | ${generatedSeconds.toFixed(0)} s |`] : []),
          `| file size | ${(costs.bytes / 2 ** 30).toFixed(2)} GiB |`,
          `| npm run report:verify | ${costs.verifySeconds.toFixed(0)} s, ${costs.verifyOk ? "0 differences" : "DIFFERENCES"} |`,
          `| online backup (better-sqlite3 backup API) | ${costs.backupSeconds.toFixed(0)} s, ${(costs.backupBytes / 2 ** 30).toFixed(2)} GiB |`,
        ]
      : []),
  ];
  console.log(lines.join("\n"));
  fs.mkdirSync("bench-results", { recursive: true });
  fs.writeFileSync(
    PROVINCE_SCALE ? "bench-results/province.json" : "bench-results/latest.json",
    JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        rounds: ROUNDS,
        scale: PROVINCE_SCALE ? "province" : "default",
        loadAverage: os.loadavg(),
        durationSeconds: DURATION,
        connections: CONNECTIONS,
        rows,
        orders,
        budgets,
        costs,
        firstLoadJs: js,
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(PROVINCE_SCALE ? "bench-results/province.md" : "bench-results/latest.md", lines.join("\n") + "\n");
  if (budgets.some((b) => !b.ok) || (costs && !costs.verifyOk)) {
    console.error("A performance budget was missed.");
    process.exit(1);
  }
}

/**
 * npm run bench -- --postgres: the same product on PostgreSQL (docs/decisions/0200-async-data-layer.md), in one run:
 * a throwaway server (scripts/pg-test-server.mjs) holding a db:copy of the 5,000-unit bench city (10k lines;
 * dashboards read kept figures, so their cost does not depend on the number of lines), the floor and the pages
 * against one app process, then the order race against one process and against two processes sharing the database.
 * Reports; the SQLite budgets are not applied (docs/performance.md compares the two).
 */
async function postgresMain() {
  buildForBench();
  await ensureDatabase(SMALL, 10_000);
  const { startTestPostgres } = await import("./pg-test-server.mjs");
  const postgres = await startTestPostgres();
  const servers: ChildProcess[] = [];
  try {
    const copyStarted = performance.now();
    const copy = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/db-copy.ts", "--from", `file:${SMALL}`, "--to", postgres.url], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (copy.status !== 0) throw new Error("db:copy failed");
    console.log(`copied the bench city into PostgreSQL in ${((performance.now() - copyStarted) / 1000).toFixed(0)} s`);
    const [first, second] = [PORT + 10, PORT + 11];
    servers.push(await startServer(postgres.url, first));
    const url = (p: string) => `http://127.0.0.1:${first}${p}`;
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    const county = Number((await client.query(`SELECT "id" FROM "Organization" WHERE "code" = 'SZ'`)).rows[0].id);
    await client.end();
    const [city, countyCookie] = [await login(first, "city.leader"), await login(first, "sz.leader")];
    const targets = [
      { name: "floor: catalog markup from constants", url: url("/bench/floor") },
      { name: "catalog search + filters (10k products)", url: url(`/products?q=${encodeURIComponent("核桃")}&category=WALNUT&sort=price_asc`) },
      { name: "product page", url: url("/products/2") },
      { name: "city dashboard, 5,000 units", url: url("/reports"), cookie: city },
      { name: "county dashboard, 5,000 units", url: url(`/reports/${county}`), cookie: countyCookie },
    ];
    for (const t of targets)
      for (let i = 0; i < WARM_REQUESTS; i++) await (await fetch(t.url, { headers: t.cookie ? { cookie: t.cookie } : {} })).arrayBuffer();
    const rows = await measureAll(targets);
    for (const r of rows) r.ratio = r.rps / rows[0].rps;
    const race = await postgresRace(postgres.url);
    const single = await submitOrders([first], race, 2000, 1500);
    servers.push(await startServer(postgres.url, second));
    const pair = await submitOrders([first, second], race, 2000, 1500);
    await race.close();
    const orderRow = (label: string, o: typeof single) =>
      `| ${label} | ${o.ordersPerSecond.toFixed(0)} orders/s; ${o.accepted} accepted, ${o.refused} × 409, ${o.other} other, stock left ${o.stockLeft}${o.oversold ? " — OVERSOLD" : ""} |`;
    const lines = [
      "PostgreSQL (throwaway server on this machine), one app process:",
      "",
      "| measurement | req/s | p50 ms | p99 ms | ratio to floor |",
      "|---|---:|---:|---:|---:|",
      ...rows.map((r) => `| ${r.name}${r.note ? ` (FAILED: ${r.note})` : ""} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.ratio!.toFixed(2)} |`),
      "",
      "| order race (2,000 submissions, 1,500 in stock, concurrency 50) | measured |",
      "|---|---|",
      orderRow("one app process", single),
      orderRow("two app processes, one database", pair),
    ];
    console.log(lines.join("\n"));
    fs.mkdirSync("bench-results", { recursive: true });
    fs.writeFileSync(
      "bench-results/postgres.json",
      JSON.stringify({ measuredAt: new Date().toISOString(), loadAverage: os.loadavg(), rows, orders: { single, pair } }, null, 2),
    );
    fs.writeFileSync("bench-results/postgres.md", lines.join("\n") + "\n");
    if ([single, pair].some((o) => o.oversold || o.other > 0 || o.accepted !== 1500)) {
      console.error("The order race on PostgreSQL oversold or failed requests.");
      process.exitCode = 1;
    }
  } finally {
    for (const server of servers) server.kill();
    postgres.stop();
  }
}

await (process.argv.includes("--postgres") ? postgresMain() : main());
