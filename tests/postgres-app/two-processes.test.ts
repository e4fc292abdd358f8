// The concurrency guarantees of issue 19 re-proved on PostgreSQL with TWO app processes at once sharing one database
// (docs/decisions/0190-two-engines.md): each case hands work to two child processes (tests/support/app-child.ts),
// which load the app on this file's database and start together, each running its half of the work concurrently;
// nothing in one process's memory can keep them apart, only the database can. This process sets up and checks.
import { spawn } from "node:child_process";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as payAction, loader as payLoader } from "~/routes/union.orders.$orderId.payment";
import { verifyReportAggregates } from "~/models/welfare/report-verify.server";
import { engine } from "~/utils/engine.server";
import { db, reader, write } from "~/utils/db.server";
import { blockBudgetWithRoom, cookieFor, formRequest, getRequest, orderForm, responseOf, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";
import type { ChildAnswer, ChildJob } from "../support/app-child";

type AppProcess = { ask: (job: ChildJob) => Promise<ChildAnswer>; stop: () => Promise<void> };

/** Starts tests/support/app-child.ts on this file's database (DATABASE_URL, inherited) and waits for its "ready". */
async function appProcess(): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/app-child.ts"], {
    // What is proved here is who wins, not how fast: on a loaded 2-core machine the default 4 s retry window can run
    // out and answer 503 (a correct refusal, but then fewer than the stock would sell), so the children wait longer.
    env: { ...process.env, WRITE_WAIT_MS: "30000" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = readline.createInterface({ input: child.stdout });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`app-child exited with ${code}`));
      child.once("exit", exited);
      lines.once("line", (line) => {
        child.off("exit", exited);
        resolve(line);
      });
    });
  const first = await next();
  if (first !== "ready") throw new Error(`app-child said ${first} instead of ready`);
  return {
    ask: async (job) => {
      child.stdin.write(`${JSON.stringify(job)}\n`);
      return JSON.parse(await next()) as ChildAnswer;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode != null) return resolve();
        child.once("exit", () => resolve());
        child.stdin.end();
      }),
  };
}

let one: AppProcess;
let two: AppProcess;
/** Hands each process its job at the same moment; both run at once. */
const both = (a: ChildJob, b: ChildJob) => Promise.all([one.ask(a), two.ask(b)]);
const statuses = (answers: ChildAnswer) => answers.map((a) => a.status);
const count = (values: number[], wanted: number) => values.filter((v) => v === wanted).length;

let schoolCookie: string;
let productId: number;
const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());

beforeAll(async () => {
  expect(engine).toBe("postgres");
  await seedDemoBase();
  schoolCookie = await cookieFor("school.buyer");
  productId = (await db.product.findFirstOrThrow({ where: { active: true, minOrderQty: { lte: 5 }, supplier: { tradeRole: "PRODUCER" } } })).id;
  await write(() => db.product.update({ where: { id: productId }, data: { stock: 50, minOrderQty: 1, priceFen: 10000 } }));
  [one, two] = await Promise.all([appProcess(), appProcess()]);
});

afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
});

const forms = (prefix: string, n: number, quantity = "1") =>
  Array.from({ length: n }, (_, i) => orderForm(productId, `${prefix}-${String(i).padStart(4, "0")}`, quantity));

describe("two app processes on one PostgreSQL database", () => {
  it("sells exactly the 50 in stock to 200 concurrent submissions, 100 from each process", async () => {
    const started = Date.now();
    const [a, b] = await both(
      { kind: "submit", cookie: schoolCookie, forms: forms("proc1", 100) },
      { kind: "submit", cookie: schoolCookie, forms: forms("proc2", 100) },
    );
    console.info(
      `200 submissions from two processes: ${Date.now() - started} ms; orders from process 1: ${count(statuses(a), 302)}, 2: ${count(statuses(b), 302)}`,
    );
    const all = [...statuses(a), ...statuses(b)];
    expect(all.filter((s) => s >= 500)).toEqual([]);
    expect(count(all, 302)).toBe(50);
    expect(count(all, 409)).toBe(150);
    expect(count(statuses(a), 302)).toBeGreaterThan(0);
    expect(count(statuses(b), 302)).toBeGreaterThan(0);
    expect([...a, ...b].find((r) => r.status === 409)!.body).toContain("库存不足");
    expect((await db.product.findUniqueOrThrow({ where: { id: productId } })).stock).toBe(0);
    expect(await db.order.count({ where: { idempotencyKey: { contains: ":proc" } } })).toBe(50);
    expect(await db.orderLine.aggregate({ where: { productId, order: { idempotencyKey: { contains: ":proc" } } }, _sum: { quantity: true } })).toEqual({
      _sum: { quantity: 50 },
    });
  });

  it("makes one order of one form token posted 10 times by each process at once", async () => {
    await write(() => db.product.update({ where: { id: productId }, data: { stock: 100 } }));
    const same = Array.from({ length: 10 }, () => orderForm(productId, "same-token-0001", "2"));
    const [a, b] = await both({ kind: "submit", cookie: schoolCookie, forms: same }, { kind: "submit", cookie: schoolCookie, forms: same });
    expect(new Set(statuses([...a, ...b]))).toEqual(new Set([302]));
    expect(new Set([...a, ...b].map((r) => r.location)).size).toBe(1);
    const orders = await db.order.findMany({ where: { idempotencyKey: { endsWith: ":same-token-0001" } } });
    expect(orders).toHaveLength(1);
    expect(a[0].location).toBe(`/union/orders/${orders[0].id}`);
    expect((await db.product.findUniqueOrThrow({ where: { id: productId } })).stock).toBe(98);
  });

  it("does not double-spend a blocking budget: room for 3 orders, 5 submissions from each process", async () => {
    const school = await db.organization.findUniqueOrThrow({ where: { code: "SZ-02" } });
    const budget = await db.welfareBudget.findUniqueOrThrow({ where: { orgId_year: { orgId: school.id, year } } });
    await write(() => db.product.update({ where: { id: productId }, data: { stock: 10000 } }));
    const committed = await db.order.aggregate({ where: { unionId: school.id, status: { notIn: ["REJECTED", "CANCELLED"] } }, _sum: { totalFen: true } });
    // Room for exactly three more ¥1,000 orders.
    await blockBudgetWithRoom(school.id, year, 300000n);
    const [a, b] = await both(
      { kind: "submit", cookie: schoolCookie, forms: forms("budget1", 5, "10") },
      { kind: "submit", cookie: schoolCookie, forms: forms("budget2", 5, "10") },
    );
    const all = statuses([...a, ...b]);
    expect(count(all, 302)).toBe(3);
    expect(count(all, 409)).toBe(7);
    expect([...a, ...b].find((r) => r.status === 409)!.body).toContain("超出福利费预算余额");
    expect(await db.order.count({ where: { idempotencyKey: { contains: ":budget" } } })).toBe(3);
    const after = await db.order.aggregate({ where: { unionId: school.id, status: { notIn: ["REJECTED", "CANCELLED"] } }, _sum: { totalFen: true } });
    expect(after._sum.totalFen).toBe((committed._sum.totalFen ?? 0n) + 300000n);
    // The budget as it was: the report aggregates (checked below) were built from it.
    await write(() => db.welfareBudget.update({ where: { id: budget.id }, data: { budgetFen: budget.budgetFen, blockOverBudget: budget.blockOverBudget } }));
  });

  it("keeps every acknowledged write while the other process's transactions fail in between", async () => {
    // A counter both processes' transactions write: another product's stock.
    const counter = (await db.product.findFirstOrThrow({ where: { id: { not: productId } } })).id;
    await write(() => db.product.update({ where: { id: counter }, data: { stock: 0 } }));
    const [failing, kept] = await both(
      { kind: "transactions", productId: counter, count: 100, action: "test.failing", tag: "A", fail: true },
      { kind: "transactions", productId: counter, count: 100, action: "test.kept", tag: "B", fail: false },
    );
    // Every failing transaction failed with its own error (not the database's), every plain one was acknowledged.
    expect(failing.map((r) => r.error)).toEqual(Array.from({ length: 100 }, (_, i) => `Error: undo A-${i}`));
    expect(kept.filter((r) => r.status !== 200)).toEqual([]);
    const rows = await db.auditLog.findMany({ where: { action: { in: ["test.failing", "test.kept"] } }, select: { action: true, entityId: true } });
    expect(rows.filter((r) => r.action === "test.failing")).toEqual([]);
    expect(rows.map((r) => r.entityId).sort()).toEqual(kept.map((r) => r.outcome).sort());
    expect((await db.product.findUniqueOrThrow({ where: { id: counter } })).stock).toBe(100);
  });

  describe("payments and refunds", () => {
    let buyer: string;
    let unionId: number;
    let financeUserId: number;
    const paid: Array<{ orderId: number; reference: string; amountFen: number }> = [];
    const p = async () => Number((await db.procurementTotal.findUnique({ where: { orgId_year: { orgId: unionId, year } } }))?.certifiedFen ?? 0);
    /** What P must be, from the orders themselves: the certified amount of the union's paid (unrefunded) lines. */
    const certifiedOfPaidLines = async () =>
      Number(
        (
          await db.orderLine.aggregate({
            where: { certifiedOnOrderDate: true, order: { unionId, paymentStatus: "PAID" } },
            _sum: { amountFen: true },
          })
        )._sum.amountFen ?? 0,
      );

    beforeAll(async () => {
      buyer = await cookieFor("hospital.buyer");
      unionId = (await db.organization.findUniqueOrThrow({ where: { code: "SZ-01" } })).id;
      financeUserId = (await db.user.findUniqueOrThrow({ where: { username: "finance" } })).id;
      for (let i = 0; i < 20; i++) {
        const { orderId } = await insertOrder({
          unionId,
          createdAt: new Date(),
          status: "PLACED",
          lines: [{ productId: 1, quantity: 1 + (i % 4), certified: true }],
        });
        // The union asks to pay by bank transfer, through the payment page, and reads its reference code there.
        const requested = await responseOf(() =>
          payAction({ request: formRequest(`/union/orders/${orderId}/payment`, {}, buyer), params: { orderId: String(orderId) }, context: {} }),
        );
        expect(requested.status).toBe(302);
        const panel = await (
          await responseOf(() =>
            payLoader({ request: getRequest(`/union/orders/${orderId}/payment`, buyer), params: { orderId: String(orderId) }, context: {} }),
          )
        ).json();
        const pending = panel.panel.payments.find((x: { status: string }) => x.status === "PENDING");
        paid.push({ orderId, reference: pending.referenceCode, amountFen: pending.amountFen });
      }
    });

    it("keeps P exact when both processes record transfers at once, and refuses a bank reference recorded twice", async () => {
      const before = await p();
      const transfer = (o: (typeof paid)[number], i: number) => ({
        amountFen: o.amountFen,
        receivedOn: today,
        bankReference: `ICBC-PROC-${i}`,
        referenceCode: o.reference,
        payerName: "商州人民医院工会",
      });
      const transfers = paid.map(transfer);
      // Each process records its half, and both record the first two (the same bank references).
      const [a, b] = await both(
        { kind: "transfers", financeUserId, transfers: transfers.slice(0, 10) },
        { kind: "transfers", financeUserId, transfers: [...transfers.slice(0, 2), ...transfers.slice(10)] },
      );
      expect([...a, ...b].filter((r) => r.status !== 200)).toEqual([]);
      for (const i of [0, 1]) expect([a[i].outcome, b[i].outcome].sort()).toEqual(["PAID", "duplicate"]);
      expect([...a.slice(2), ...b.slice(2)].map((r) => r.outcome)).toEqual(Array.from({ length: 18 }, () => "PAID"));
      expect(await db.bankTransfer.count({ where: { bankReference: { startsWith: "ICBC-PROC-" } } })).toBe(20);
      for (const o of paid) {
        const allocated = await db.transferAllocation.aggregate({ where: { orderId: o.orderId }, _sum: { amountFen: true } });
        expect(Number(allocated._sum.amountFen)).toBe(o.amountFen);
        expect((await db.order.findUniqueOrThrow({ where: { id: o.orderId } })).paymentStatus).toBe("PAID");
      }
      const total = paid.reduce((s, o) => s + o.amountFen, 0);
      expect(await p()).toBe(before + total);
      expect(await p()).toBe(await certifiedOfPaidLines());
      expect((await verifyReportAggregates(reader)).differences).toEqual([]);
    });

    it("keeps P exact when both processes cancel the same paid orders at once: one refund each", async () => {
      const before = await p();
      const cancelled = paid.slice(0, 8);
      const ids = cancelled.map((o) => o.orderId);
      const [a, b] = await both({ kind: "cancel", cookie: buyer, orderIds: ids }, { kind: "cancel", cookie: buyer, orderIds: [...ids].reverse() });
      expect(statuses([...a, ...b]).filter((s) => s >= 500)).toEqual([]);
      // Each order cancelled once; the other process's try finds it cancelled already.
      for (let i = 0; i < ids.length; i++) expect([a[i].status, b[ids.length - 1 - i].status].sort()).toEqual([302, 409]);
      for (const o of cancelled) {
        const refunds = await db.refund.findMany({ where: { orderId: o.orderId } });
        expect(refunds.map((r) => [r.status, Number(r.amountFen)])).toEqual([["SUCCEEDED", o.amountFen]]);
        expect((await db.order.findUniqueOrThrow({ where: { id: o.orderId } })).paymentStatus).toBe("REFUNDED");
      }
      expect(await p()).toBe(before - cancelled.reduce((s, o) => s + o.amountFen, 0));
      expect(await p()).toBe(await certifiedOfPaidLines());
      expect((await verifyReportAggregates(reader)).differences).toEqual([]);
    });
  });
});
