// The submission guarantees, measured: no oversell under 200 concurrent submissions, one order per form token,
// prices from the database only, and no double-spent budget. Engine-neutral: it runs on SQLite and on PostgreSQL
// (vitest.postgres-app.config.ts); tests/postgres-app/two-processes.test.ts re-proves the first two from two processes.
import { beforeAll, describe, expect, it } from "vitest";
import { action as submitAction } from "~/routes/union.orders.new";
import { db, write } from "~/utils/db.server";
import { blockBudgetWithRoom, cookieFor, formRequest, orderForm, responseOf, seedDemoBase } from "../support/fixtures";

let cookie: string;
let productId: number;

beforeAll(async () => {
  await seedDemoBase();
  cookie = await cookieFor("school.buyer");
  productId = (await db.product.findFirstOrThrow({ where: { active: true, minOrderQty: { lte: 5 }, supplier: { tradeRole: "PRODUCER" } } })).id;
  await write(() => db.product.update({ where: { id: productId }, data: { stock: 50, minOrderQty: 1, priceFen: 10000 } }));
});

const fields = (token: string, quantity = "1", extra: Record<string, string> = {}) => orderForm(productId, token, quantity, extra);
const submit = (f: Record<string, string>, who = cookie) =>
  responseOf(() => submitAction({ request: formRequest("/union/orders/new", f, who), params: {}, context: {} }));

describe("order submission under load", () => {
  it("sells exactly the 50 in stock to 200 concurrent buyers; the rest get 409 and a message", async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => submit(fields(`concurrent-${String(i).padStart(4, "0")}`))));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 302)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(150);
    expect(statuses.some((s) => s >= 500)).toBe(false);
    const refused = responses.find((r) => r.status === 409)!;
    expect(JSON.stringify(await refused.json())).toContain("库存不足");
    expect((await db.product.findUniqueOrThrow({ where: { id: productId } })).stock).toBe(0);
    expect(await db.orderLine.aggregate({ where: { productId, order: { idempotencyKey: { contains: "concurrent-" } } }, _sum: { quantity: true } })).toEqual({
      _sum: { quantity: 50 },
    });
  });

  it("makes one order from 20 concurrent posts of the same form, and refuses the token with another payload", async () => {
    await write(() => db.product.update({ where: { id: productId }, data: { stock: 100 } }));
    const responses = await Promise.all(Array.from({ length: 20 }, () => submit(fields("same-token-0001", "2"))));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([302]));
    expect(new Set(responses.map((r) => r.headers.get("Location"))).size).toBe(1);
    expect(await db.order.count({ where: { idempotencyKey: { endsWith: ":same-token-0001" } } })).toBe(1);
    expect((await db.product.findUniqueOrThrow({ where: { id: productId } })).stock).toBe(98);
    const reused = await submit(fields("same-token-0001", "3"));
    expect(reused.status).toBe(409);
    expect(JSON.stringify(await reused.json())).toContain("已经提交过另一份订单");
    expect((await db.product.findUniqueOrThrow({ where: { id: productId } })).stock).toBe(98);
  });

  it("prices from the database: a tampered price field changes nothing", async () => {
    const response = await submit(fields("tampered-0001", "3", { price: "0.01", unitPriceFen: "1", totalFen: "1", amountFen: "1" }));
    expect(response.status).toBe(302);
    const order = await db.order.findFirstOrThrow({ where: { idempotencyKey: { endsWith: ":tampered-0001" } }, include: { lines: true } });
    expect(Number(order.totalFen)).toBe(30000);
    expect(order.lines[0].unitPriceFen).toBe(10000);
  });

  it("does not let concurrent orders double-spend a budget that blocks overspending", async () => {
    const school = await db.organization.findUniqueOrThrow({ where: { code: "SZ-02" } });
    const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
    await write(() => db.product.update({ where: { id: productId }, data: { stock: 10000 } }));
    // Room for exactly three more ¥1,000 orders.
    await blockBudgetWithRoom(school.id, year, 300000n);
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(fields(`budget-${String(i).padStart(4, "0")}`, "10"))));
    expect(responses.filter((r) => r.status === 302)).toHaveLength(3);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(7);
    expect(JSON.stringify(await responses.find((r) => r.status === 409)!.json())).toContain("超出福利费预算余额");
  });

  it("answers a malformed form with 400 and messages, saving nothing", async () => {
    const before = await db.order.count();
    for (const bad of [
      fields("malformed-0001", "abc"),
      { ...fields("malformed-0002"), occasion: "BIRTHDAY" },
      { ...fields("malformed-0003"), recipient1: "" },
      { intent: "submit", token: "x" },
    ]) {
      const response = await submit(bad);
      expect(response.status).toBe(400);
    }
    expect(await db.order.count()).toBe(before);
  });
});

describe("product codes in the order form", () => {
  it("accepts catalog codes and names an unknown one", async () => {
    const product = await db.product.findUniqueOrThrow({ where: { id: productId } });
    await write(() => db.product.update({ where: { id: productId }, data: { stock: 100 } }));
    // The budget test above left this union blocked at its limit.
    await write(() => db.welfareBudget.updateMany({ data: { blockOverBudget: false } }));
    const { productId: _id, ...rest } = fields("codes-0001", "2");
    const ok = await submit({ ...rest, productCode: product.code.toLowerCase() });
    expect(ok.status).toBe(302);
    const unknown = await submit({ ...rest, token: "codes-0002", productCode: "P99999" });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain("P99999");
  });
});
