// npm run generate-data -- [--unions 5000] [--products 10000] [--lines 1000000] [--out data/generated.db] [--seed 7]
// npm run generate-data -- --to postgresql://user@host:5432/db [--unions …] [--products …] [--lines …] [--seed …]
// A deterministic city-scale dataset in a separate database file (never the demo one), written through the same
// migrations and CHECK constraints as the app. The report aggregates are accumulated with the app's own pure ledger
// rules (ledgerDeltas / reportingOrgIds), so `npm run report:verify` can prove them independently from the lines.
// With --to (or, without --to and --out, when DATABASE_URL names PostgreSQL) the same dataset fills an EMPTY
// PostgreSQL database: generated into a temporary SQLite file, then copied and verified by db:copy's copyDatabase,
// and the file deleted (docs/decisions/0210-generate-data-on-postgres.md).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawn, spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import type { NotNull } from "kysely";
import { startOfChinaDay } from "../app/domain/china-time";
import { validCertificateAt } from "../app/domain/certification";
import { linePrice } from "../app/domain/pricing";
import { ledgerDeltas, reportingOrgIds, type LedgerLine } from "../app/domain/procurement-ledger";
import { listingsWithOrigin } from "../app/models/catalog/listing-source.server";
import { insertOrder } from "../app/models/orders/order-insert.server";
import { rebuildProductSearchIndex } from "../app/models/catalog/product-search-index.server";
import { rebuildReportNodes } from "../app/models/welfare/procurement-ledger.server";
import { demoPasswordHash, seedBase } from "../prisma/seed";
import { mulberry32, PRODUCT_TEMPLATES, SEED_TODAY } from "../prisma/seed-data";
import { engine, engineOf } from "../app/utils/engine.server";
import { all, q, sqliteConnection, withStatementCache } from "../app/utils/sql.server";
import { assertTargetEmpty, copyDatabase, CopyRefused, summary, type CopyReport } from "./db-copy";

/** SQLite's own catalog, read once to drop and rebuild the order tables' indexes around the bulk insert. */
const withSqliteMaster = q.withTables<{ sqlite_master: { type: string; name: string; tbl_name: string; sql: string | null } }>();

export interface GenerateOptions {
  unions: number;
  products: number;
  lines: number;
  out: string;
  seed: number;
}

export type DatasetOptions = Omit<GenerateOptions, "out">;

/** Where the dataset goes: a SQLite file (`--out`), or an empty PostgreSQL database (`--to`, or DATABASE_URL). */
type Target = { kind: "sqlite"; out: string } | { kind: "postgres"; to: string };

function parseArgs(argv: string[], databaseUrl: string | undefined): DatasetOptions & { target: Target } {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : undefined;
  };
  const out = get("out");
  const to = get("to");
  if (out && to) throw new UsageError("give --out (a SQLite file) or --to (a PostgreSQL database), not both");
  if (to && engineOf(to) !== "postgres") throw new UsageError(`--to takes a postgresql:// URL, not ${to} (a SQLite file is --out)`);
  const target: Target = to
    ? { kind: "postgres", to }
    : !out && databaseUrl && engineOf(databaseUrl) === "postgres"
      ? { kind: "postgres", to: databaseUrl }
      : { kind: "sqlite", out: path.resolve(out ?? "data/generated.db") };
  const options = {
    unions: Number(get("unions") ?? "5000"),
    products: Number(get("products") ?? "10000"),
    lines: Number(get("lines") ?? "1000000"),
    seed: Number(get("seed") ?? "7"),
  };
  for (const [name, value] of Object.entries(options)) {
    if (!Number.isSafeInteger(value) || value < 0) throw new UsageError(`--${name} takes a whole number, not ${get(name)}`);
  }
  return { ...options, target };
}

class UsageError extends Error {}

/**
 * Writes the dataset into a new SQLite file. The app's writers it calls compile for the engine DATABASE_URL names, so
 * this runs only in a process on SQLite; generateInChild runs it from anywhere.
 */
export async function generate(options: GenerateOptions) {
  const started = performance.now();
  if (path.resolve(options.out) === path.resolve("data/bangfu.db")) throw new Error("Refusing to overwrite the demo database data/bangfu.db");
  if (engine !== "sqlite") {
    throw new Error("generate() writes a SQLite file and must run on the SQLite engine (DATABASE_URL names PostgreSQL): use generateInChild");
  }
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(options.out + suffix, { force: true });
  const migrate = spawnSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${options.out}` },
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`migrate deploy failed: ${migrate.stderr}`);

  // Every statement prepared once: the app's writers build the same few statements for every order.
  const c = withStatementCache(new Database(options.out));
  // A throwaway file until it is complete: no journal, a large page cache, and (below) the order tables' indexes
  // built once after the bulk insert instead of row by row — what lets 10M lines finish in minutes.
  c.pragma("journal_mode = OFF");
  c.pragma("synchronous = OFF");
  c.pragma("cache_size = -524288");
  c.pragma("temp_store = MEMORY");
  c.pragma("foreign_keys = ON");
  // The app's writers (seedBase, insertOrder, the rebuilds) answer promises; on this connection every statement is
  // still synchronous, so a transaction around them holds nothing else.
  const conn = sqliteConnection(c);
  const rand = mulberry32(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const passwordHash = await demoPasswordHash();
  const now = startOfChinaDay(SEED_TODAY).getTime() + 10 * 3600_000;
  const day = 86400_000;

  // 1. The demo base (so every demo login works), then more unions and products up to the requested numbers.
  const base = await inTransaction(c, () => seedBase(conn, passwordHash));
  await inTransaction(c, async () => {
    // Every county has a region (its name for grouping), which the new unions are named after.
    const counties = all(
      c,
      q
        .selectFrom("Organization")
        .select(["id", "path", "region", "code"])
        .where("kind", "=", "COUNTY")
        .where("region", "is not", null)
        .$narrowType<{ region: NotNull }>()
        .orderBy("id"),
    );
    const insertOrg = c.prepare(
      `INSERT INTO "Organization" ("kind","name","code","parentId","path","region","contactName","contactPhone","approvalThresholdFen","createdAt") VALUES ('GRASSROOTS',?,?,?,?,?,?,?,5000000,?)`,
    );
    const setPath = c.prepare(`UPDATE "Organization" SET "path" = ? WHERE "id" = ?`);
    const insertBudget = c.prepare(`INSERT INTO "WelfareBudget" ("orgId","year","budgetFen","headcount","blockOverBudget","updatedAt") VALUES (?,?,?,?,0,?)`);
    const kinds = ["医院", "中学", "小学", "卫生院", "税务所", "供电所", "邮政支局", "农商银行网点", "镇政府", "派出所", "企业"];
    for (let i = base.unions.length; i < options.unions; i++) {
      const county = counties[i % counties.length];
      const id = Number(
        insertOrg.run(
          `${county.region.replace(/[区县]$/, "")}第${i + 1}${pick(kinds)}工会`,
          `${county.code}-G${i + 1}`,
          county.id,
          "/",
          county.region,
          `联系人${i + 1}`,
          `139${String(10000000 + i)}`,
          now - 400 * day,
        ).lastInsertRowid,
      );
      setPath.run(`${county.path}${id}/`, id);
      const headcount = 20 + Math.floor(rand() * 600);
      const perMemberFen = (800 + Math.floor(rand() * 1400)) * 100;
      for (const year of [2025, 2026]) insertBudget.run(id, year, headcount * perMemberFen, headcount, now - 300 * day);
    }
    const suppliers = all(
      c,
      q.selectFrom("Supplier as s").leftJoin("SupplierVillage as sv", "sv.supplierId", "s.id").select(["s.id", "s.tradeRole", "sv.villageId"]),
    );
    const templates = Object.entries(PRODUCT_TEMPLATES).flatMap(([category, list]) => list.map((t) => ({ category, t })));
    const insertProduct = c.prepare(
      `INSERT INTO "Product" ("supplierId","code","title","description","category","unit","priceFen","marketPriceFen","stock","minOrderQty","leadTimeDays","shelfLifeDays","originVillageId","active","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,1,3,?,?,1,?,?)`,
    );
    const insertTier = c.prepare(`INSERT INTO "ProductTierPrice" ("productId","minQty","priceFen") VALUES (?,?,?)`);
    const insertCert = c.prepare(
      `INSERT INTO "Certificate" ("productId","number","level","issuer","validFrom","validTo","status","reviewedAt","submittedAt") VALUES (?,?,'COUNTY','县乡村振兴局',?,?,'APPROVED',?,?)`,
    );
    for (let i = base.productCount; i < options.products; i++) {
      const { category, t } = templates[i % templates.length];
      const s = suppliers[i % suppliers.length];
      const priceFen = Math.round(t[2] * 100 * (0.9 + rand() * 0.3));
      const created = now - Math.floor(rand() * 400) * day;
      const id = Number(
        insertProduct.run(
          s.id,
          `G${String(i + 1).padStart(6, "0")}`,
          `${t[0]} ${i + 1}号`,
          `${t[0]}，扶贫产业直供。`,
          category,
          t[1],
          priceFen,
          t[3] == null ? null : Math.round(t[3] * 100),
          100000,
          t[4],
          s.villageId,
          created,
          created,
        ).lastInsertRowid,
      );
      insertTier.run(id, 100, Math.round(priceFen * 0.95));
      if (s.tradeRole === "PRODUCER") {
        const expired = i % 9 === 0;
        insertCert.run(
          id,
          `G-${i + 1}`,
          expired ? now - 1100 * day : now - 700 * day,
          expired ? now - 30 * day : now + 400 * day,
          now - 700 * day,
          now - 720 * day,
        );
      }
    }
    await rebuildProductSearchIndex(conn);
  });

  // 2. Orders spread over 2025 and 2026 up to the seed's "today", ~4 lines each, in realistic states.
  const bulkIndexes = all(
    c,
    withSqliteMaster
      .selectFrom("sqlite_master")
      .select(["name", "sql"])
      .where("type", "=", "index")
      .where("sql", "is not", null)
      .where("tbl_name", "in", ["Order", "SubOrder", "OrderLine", "Payment", "Refund", "RefundLine"])
      // Kept: insertOrder reads each order's sub-orders and lines back by orderId; without these a scan per order
      // made the load quadratic.
      .where("name", "not in", ["SubOrder_orderId_supplierId_key", "OrderLine_orderId_idx"])
      .$narrowType<{ sql: NotNull }>(),
  );
  for (const index of bulkIndexes) c.exec(`DROP INDEX "${index.name}"`);
  const unions = all(c, q.selectFrom("Organization").select(["id", "path"]).where("kind", "in", ["GRASSROOTS", "PARTNER_UNION"]).orderBy("id"));
  const kinds = new Map(all(c, q.selectFrom("Organization").select(["id", "kind"])).map((r) => [r.id, r.kind]));
  const reporting = new Map(unions.map((u) => [u.id, reportingOrgIds(u.path.split("/").filter(Boolean).map(Number), kinds)]));
  const products = all(
    c,
    listingsWithOrigin()
      .select((eb) => [
        "p.id",
        "p.code",
        "p.title",
        "p.unit",
        "p.category",
        "p.priceFen",
        "p.supplierId",
        "s.tradeRole",
        eb.fn.coalesce("v.county", "s.county").as("county"),
        "p.originVillageId",
        "v.name as villageName",
      ])
      .where("p.active", "=", 1)
      .orderBy("p.id"),
  );
  const tiers = new Map<number, Array<{ minQty: number; priceFen: number }>>();
  for (const t of all(c, q.selectFrom("ProductTierPrice").select(["productId", "minQty", "priceFen"]))) {
    tiers.set(t.productId, [...(tiers.get(t.productId) ?? []), t]);
  }
  const certificates = new Map<number, Array<{ status: string; validFrom: Date; validTo: Date; number: string }>>();
  for (const cert of all(c, q.selectFrom("Certificate").select(["productId", "status", "validFrom", "validTo", "number"]))) {
    certificates.set(cert.productId, [
      ...(certificates.get(cert.productId) ?? []),
      { ...cert, validFrom: new Date(cert.validFrom), validTo: new Date(cert.validTo) },
    ]);
  }
  const bySupplier = new Map<number, typeof products>();
  for (const p of products) bySupplier.set(p.supplierId, [...(bySupplier.get(p.supplierId) ?? []), p]);
  const supplierIds = [...bySupplier.keys()];

  const insertPayment = c.prepare(
    `INSERT INTO "Payment" ("orderId","provider","status","amountFen","referenceCode","idempotencyKey","createdAt","succeededAt") VALUES (?,'BANK_TRANSFER',?,?,?,?,?,?)`,
  );
  const insertRefund = c.prepare(
    `INSERT INTO "Refund" ("orderId","paymentId","amountFen","status","reason","idempotencyKey","createdAt","succeededAt") VALUES (?,?,?,'SUCCEEDED','订单取消',?,?,?)`,
  );
  const insertRefundLine = c.prepare(`INSERT INTO "RefundLine" ("refundId","orderLineId","amountFen") VALUES (?,?,?)`);
  const totals = new Map<string, { orgId: number; year: number; certifiedFen: number; otherPlatformFen: number; paidLineCount: number }>();
  // Breakdowns: one slot per (org, year, dimension, key) in typed arrays — millions of them at province scale, where
  // an object per slot would not fit in the heap.
  const slots = new Map<string, number>();
  let slotFen = new Float64Array(1 << 20);
  let slotLines = new Int32Array(1 << 20);
  const addBreakdown = (k: string, fen: number, lineCount: number) => {
    let i = slots.get(k);
    if (i === undefined) {
      i = slots.size;
      slots.set(k, i);
      if (i >= slotFen.length) {
        const fenGrown = new Float64Array(slotFen.length * 2);
        fenGrown.set(slotFen);
        slotFen = fenGrown;
        const linesGrown = new Int32Array(slotLines.length * 2);
        linesGrown.set(slotLines);
        slotLines = linesGrown;
      }
    }
    slotFen[i] += fen;
    slotLines[i] += lineCount;
  };
  const accumulate = (deltas: ReturnType<typeof ledgerDeltas>) => {
    for (const d of deltas.totals) {
      const k = `${d.orgId}|${d.year}`;
      const row = totals.get(k) ?? { orgId: d.orgId, year: d.year, certifiedFen: 0, otherPlatformFen: 0, paidLineCount: 0 };
      row.certifiedFen += d.certifiedFen;
      row.otherPlatformFen += d.otherPlatformFen;
      row.paidLineCount += d.paidLineCount;
      totals.set(k, row);
    }
    for (const d of deltas.breakdowns) addBreakdown(`${d.orgId}|${d.year}|${d.dimension}|${d.key}`, d.certifiedFen, d.lineCount);
  };
  const start = startOfChinaDay("2025-01-02").getTime();
  const span = now - 5 * day - start;
  const occasions = ["SPRING_FESTIVAL", "DRAGON_BOAT", "MID_AUTUMN", "NATIONAL_DAY", "UNION_ACTIVITY", "CONDOLENCE"];
  let lines = 0;
  let orderNo = 0;
  const BATCH = 20_000;
  while (lines < options.lines) {
    await inTransaction(c, async () => {
      for (let n = 0; n < BATCH && lines < options.lines; n++) {
        orderNo++;
        const union = unions[Math.floor(rand() * unions.length)];
        const createdAt = start + Math.floor(rand() * span);
        const roll = rand();
        const fate = roll < 0.86 ? "COMPLETED" : roll < 0.9 ? "REFUNDED" : roll < 0.94 ? "PLACED_UNPAID" : roll < 0.97 ? "PENDING_APPROVAL" : "CANCELLED";
        const paid = fate === "COMPLETED" || fate === "REFUNDED";
        const paidAt = paid ? Math.min(createdAt + (1 + Math.floor(rand() * 10)) * day, now - day) : null;
        const wanted = Math.min(options.lines - lines, 2 + Math.floor(rand() * 5));
        const suppliersHere = [pick(supplierIds), pick(supplierIds)];
        const chosen = Array.from({ length: wanted }, (_, i) => pick(bySupplier.get(suppliersHere[i % 2])!));
        const unique = [...new Map(chosen.map((p) => [p.id, p])).values()];
        const priced = unique.map((p) => {
          const quantity = 5 + Math.floor(rand() * 200);
          const { unitPriceFen, amountFen } = linePrice(p.priceFen, tiers.get(p.id) ?? [], quantity);
          const cert = validCertificateAt(certificates.get(p.id) ?? [], new Date(createdAt));
          return { p, quantity, unitPriceFen, amountFen, cert };
        });
        const status =
          fate === "COMPLETED" ? "COMPLETED" : fate === "PLACED_UNPAID" ? "PLACED" : fate === "PENDING_APPROVAL" ? "PENDING_APPROVAL" : "CANCELLED";
        const subStatus = status === "COMPLETED" ? "RECEIVED" : status === "CANCELLED" ? "CANCELLED" : "PENDING";
        // Generated orders carry no delivery addresses: nothing in the benchmark reads them, and they would double the rows.
        const inserted = await insertOrder(conn, {
          unionId: union.id,
          createdById: 1,
          occasion: pick(occasions),
          headcount: null,
          status,
          paymentStatus: fate === "REFUNDED" ? "REFUNDED" : paid ? "PAID" : "UNPAID",
          idempotencyKey: `gen-${orderNo}`,
          payloadHash: "gen",
          note: "",
          paidAt,
          cancelledAt: status === "CANCELLED" ? createdAt + 2 * day : null,
          createdAt,
          addresses: [],
          lines: priced.map((l) => ({
            productId: l.p.id,
            productCode: l.p.code,
            productTitle: l.p.title,
            unit: l.p.unit,
            category: l.p.category,
            unitPriceFen: l.unitPriceFen,
            quantity: l.quantity,
            amountFen: l.amountFen,
            certifiedOnOrderDate: l.cert != null,
            certificateNumber: l.cert?.number ?? null,
            supplierId: l.p.supplierId,
            supplierTradeRole: l.p.tradeRole,
            originCounty: l.p.county,
            originVillageId: l.p.originVillageId,
            originVillageName: l.p.villageName,
            householdsBenefited: 0,
          })),
          subOrderState: () => ({ status: subStatus }),
        });
        const { orderId, totalFen } = inserted;
        const lineIds = inserted.subOrders.flatMap((so) => so.lines.map((l) => ({ id: l.lineId, amountFen: l.amountFen })));
        lines += priced.length;
        if (!paid || paidAt == null) {
          if (fate === "PLACED_UNPAID") insertPayment.run(orderId, "PENDING", totalFen, `GBF${orderNo}`, `gen-pay-${orderNo}`, createdAt, null);
          continue;
        }
        const paymentId = Number(insertPayment.run(orderId, "SUCCEEDED", totalFen, `GBF${orderNo}`, `gen-pay-${orderNo}`, createdAt, paidAt).lastInsertRowid);
        const ledgerLines: LedgerLine[] = priced.map((l) => ({
          amountFen: l.amountFen,
          certifiedOnOrderDate: l.cert != null,
          category: l.p.category,
          originCounty: l.p.county,
          originVillageId: l.p.originVillageId,
          supplierId: l.p.supplierId,
          supplierTradeRole: l.p.tradeRole,
        }));
        // Accumulated for the union itself; its ancestors get the sums at the end (the same reportingOrgIds rule).
        const orgIds = [union.id];
        accumulate(ledgerDeltas(ledgerLines, new Date(paidAt), 1, orgIds));
        if (fate === "REFUNDED") {
          const refundId = Number(insertRefund.run(orderId, paymentId, totalFen, `gen-refund-${orderNo}`, paidAt + day, paidAt + day).lastInsertRowid);
          for (const l of lineIds) insertRefundLine.run(refundId, l.id, l.amountFen);
          accumulate(ledgerDeltas(ledgerLines, new Date(paidAt), -1, orgIds));
        }
      }
    });
  }
  for (const unionTotals of [...totals.values()]) {
    for (const orgId of reporting.get(unionTotals.orgId)!.slice(1)) {
      accumulate({ totals: [{ ...unionTotals, orgId }], breakdowns: [] });
    }
  }
  // The slots so far are the unions' own; a Map iterates in insertion order, so stop before the ancestors' ones.
  const unionSlots = slots.size;
  for (const [k, i] of slots) {
    if (i >= unionSlots) break;
    const cut = k.indexOf("|");
    for (const orgId of reporting.get(Number(k.slice(0, cut)))!.slice(1)) addBreakdown(`${orgId}${k.slice(cut)}`, slotFen[i], slotLines[i]);
  }
  await inTransaction(c, async () => {
    const t = c.prepare(
      `INSERT INTO "ProcurementTotal" ("orgId","year","certifiedFen","otherPlatformFen","paidLineCount") VALUES (?,?,?,?,?)
       ON CONFLICT("orgId","year") DO UPDATE SET "certifiedFen" = excluded."certifiedFen", "otherPlatformFen" = excluded."otherPlatformFen", "paidLineCount" = excluded."paidLineCount"`,
    );
    for (const r of totals.values()) t.run(r.orgId, r.year, r.certifiedFen, r.otherPlatformFen, r.paidLineCount);
    const b = c.prepare(`INSERT INTO "ProcurementBreakdown" ("orgId","year","dimension","key","certifiedFen","lineCount") VALUES (?,?,?,?,?,?)`);
    for (const [k, i] of slots) {
      const [orgId, year, dimension, key] = k.split("|");
      b.run(Number(orgId), Number(year), dimension, key, slotFen[i], slotLines[i]);
    }
    // B, off-platform spending, unit counts, registered units and standings of every node, in bulk.
    await rebuildReportNodes(conn);
  });
  for (const index of bulkIndexes) c.exec(index.sql);
  c.pragma("journal_mode = WAL");
  c.pragma("synchronous = NORMAL");
  c.pragma("analysis_limit = 2000");
  c.exec("ANALYZE");
  c.close();
  return { seconds: (performance.now() - started) / 1000, unions: unions.length, products: products.length, lines, orders: orderNo };
}

/** A transaction on the generator's own connection around work that awaits the app's writers. */
async function inTransaction<T>(c: Database.Database, fn: () => Promise<T>): Promise<T> {
  c.exec("BEGIN");
  try {
    const result = await fn();
    c.exec("COMMIT");
    return result;
  } catch (error) {
    if (c.inTransaction) c.exec("ROLLBACK");
    throw error;
  }
}

const SCRIPT = fileURLToPath(import.meta.url);
const TSX = fileURLToPath(new URL("../node_modules/tsx/dist/cli.mjs", import.meta.url));

/**
 * generate() in a child process whose DATABASE_URL names the SQLite file, so the app's writers compile for SQLite
 * whatever engine this process runs on. Resolves when the file is complete; each line the child prints goes to log.
 */
export function generateInChild(options: GenerateOptions, log: (line: string) => void = () => undefined): Promise<void> {
  const args = ["--unions", options.unions, "--products", options.products, "--lines", options.lines, "--seed", options.seed, "--out", options.out];
  const child = spawn(process.execPath, [TSX, SCRIPT, ...args.map(String)], {
    env: { ...process.env, DATABASE_URL: `file:${options.out}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let pending = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) log(line);
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (pending) log(pending);
      if (code === 0) resolve();
      else reject(new Error(`generating ${options.out} failed (exit ${code}):\n${stderr.trim()}`));
    });
  });
}

export interface PostgresGenerateResult {
  generateSeconds: number;
  copy: CopyReport;
  seconds: number;
}

/**
 * The dataset in an EMPTY PostgreSQL database (docs/decisions/0210-generate-data-on-postgres.md): the target is
 * checked first (CopyRefused, nothing written, before minutes of generating), the dataset generated into a temporary
 * SQLite file, copied by db:copy's copyDatabase (which migrates the target, checks again under its lock, copies in
 * one transaction, and commits only with 0 differences: checksums, sequences, the report figures recomputed on
 * PostgreSQL), and the file deleted whatever happened.
 */
export async function generateToPostgres(options: DatasetOptions & { to: string; log?: (line: string) => void }): Promise<PostgresGenerateResult> {
  const { to, log = () => undefined, ...dataset } = options;
  const started = performance.now();
  await assertTargetEmpty(to);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bangfu-generate-"));
  try {
    const out = path.join(dir, "generated.db");
    await generateInChild({ ...dataset, out }, log);
    const generateSeconds = (performance.now() - started) / 1000;
    const copy = await copyDatabase({ from: `file:${out}`, to, log });
    return { generateSeconds, copy, seconds: (performance.now() - started) / 1000 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(process.argv.slice(2), process.env.DATABASE_URL);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}
Usage: npm run generate-data -- [--unions 5000] [--products 10000] [--lines 1000000] [--seed 7] [--out data/generated.db]
       npm run generate-data -- --to postgresql://user@host:5432/db [--unions …] [--products …] [--lines …] [--seed …]`);
    process.exit(2);
  }
  const { target, ...dataset } = options;
  if (target.kind === "sqlite") {
    const out = target.out;
    if (engine === "sqlite") {
      const result = await generate({ ...dataset, out });
      console.log(
        `${out}: ${result.unions} unions, ${result.products} products, ${result.orders} orders, ${result.lines} order lines in ${result.seconds.toFixed(1)}s`,
      );
    } else {
      await generateInChild({ ...dataset, out }, (line) => console.log(line));
    }
    return;
  }
  const where = new URL(target.to);
  console.log(`generating into PostgreSQL ${where.host}${where.pathname} (an empty database; db:copy verifies it)…`);
  try {
    const result = await generateToPostgres({ ...dataset, to: target.to, log: (line) => console.log(line) });
    for (const line of summary(result.copy)) console.log(line);
    console.log(
      `generated in ${result.generateSeconds.toFixed(1)}s, copied and verified in ${(result.copy.copySeconds + result.copy.verifySeconds).toFixed(1)}s; ${result.seconds.toFixed(1)}s in all`,
    );
    process.exit(result.copy.differences === 0 ? 0 : 1);
  } catch (error) {
    if (!(error instanceof CopyRefused)) throw error;
    console.error(`generate-data --to fills only an empty database. ${error.message}`);
    process.exit(3);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
