import { beforeAll, describe, expect, it } from "vitest";
import { action as financeAction, loader as financeLoader } from "~/routes/finance._index";
import { action as payAction, loader as payLoader } from "~/routes/union.orders.$orderId.payment";
import { loader as settlementsCsvLoader } from "~/routes/finance.settlements[.csv]";
import { loader as supplierSettlementsLoader } from "~/routes/supplier.settlements";
import { verifyReportAggregates } from "~/models/welfare/report-verify.server";
import { db, sqlite, writeSql } from "~/utils/db.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";

let buyer: string;
let finance: string;
let unionId: number;
const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());

beforeAll(async () => {
  await seedDemoBase();
  buyer = await cookieFor("hospital.buyer");
  finance = await cookieFor("finance");
  unionId = (await db.organization.findUniqueOrThrow({ where: { code: "SZ-01" } })).id;
});

async function placedOrder(quantity: number) {
  const { orderId } = await insertOrder({ unionId, createdAt: new Date(), status: "PLACED", lines: [{ productId: 1, quantity, certified: true }] });
  const request = await responseOf(() => payAction({ request: formRequest(`/union/orders/${orderId}/payment`, {}, buyer), params: { orderId: String(orderId) }, context: {} }));
  expect(request.status).toBe(302);
  const panel = await (await responseOf(() => payLoader({ request: getRequest(`/union/orders/${orderId}/payment`, buyer), params: { orderId: String(orderId) }, context: {} }))).json();
  const pending = panel.panel.payments.find((p: { status: string }) => p.status === "PENDING");
  return { orderId, reference: pending.referenceCode as string, amountFen: pending.amountFen as number };
}

const record = (fields: Record<string, string>) => responseOf(() => financeAction({ request: formRequest("/finance", { intent: "record", receivedOn: today, payerName: "商州人民医院工会", ...fields }, finance), params: {}, context: {} }));
const p = async () => Number((await db.procurementTotal.findUnique({ where: { orgId_year: { orgId: unionId, year } } }))?.certifiedFen ?? 0);
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;

describe("bank transfer", () => {
  it("shows the payee and a check-digit reference, and marks the order paid on an exact transfer, adding to P", async () => {
    const { orderId, reference, amountFen } = await placedOrder(10);
    expect(reference).toMatch(/^BF\d{9}$/);
    const before = await p();
    const response = await record({ amount: yuan(amountFen), bankReference: "ICBC-0001", referenceCode: reference.toLowerCase() });
    expect(await response.json()).toMatchObject({ outcome: "MATCHED" });
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order.paymentStatus).toBe("PAID");
    expect(await p()).toBe(before + amountFen);
    expect(verifyReportAggregates(sqlite).differences).toEqual([]);
    expect(await db.auditLog.count({ where: { action: "bankTransfer.matched" } })).toBe(1);
  });

  it("flags short, over and unknown transfers without touching the order, and refuses a duplicate bank reference", async () => {
    const { orderId, reference, amountFen } = await placedOrder(5);
    expect(await (await record({ amount: yuan(amountFen - 1), bankReference: "ICBC-0002", referenceCode: reference })).json()).toMatchObject({ outcome: "SHORT" });
    expect(await (await record({ amount: yuan(amountFen + 100), bankReference: "ICBC-0003", referenceCode: reference })).json()).toMatchObject({ outcome: "OVER" });
    expect(await (await record({ amount: "100", bankReference: "ICBC-0004", referenceCode: "BF999" })).json()).toMatchObject({ outcome: "UNMATCHED" });
    const duplicate = await record({ amount: yuan(amountFen), bankReference: "ICBC-0002", referenceCode: reference });
    expect(duplicate.status).toBe(409);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("UNPAID");
    const overview = await (await responseOf(() => financeLoader({ request: getRequest("/finance", finance), params: {}, context: {} }))).json();
    expect(overview.overview.flagged.map((f: { status: string }) => f.status).sort()).toEqual(["OVER", "SHORT", "UNMATCHED"]);
    expect(overview.overview.pending.some((x: { referenceCode: string }) => x.referenceCode === reference)).toBe(true);
  });

  it("answers bad input with messages, and refuses everyone but finance", async () => {
    const bad = await record({ amount: "12.345", bankReference: "", referenceCode: "BF1" });
    expect(bad.status).toBe(400);
    const notFinance = await responseOf(() => financeAction({ request: formRequest("/finance", { intent: "record", amount: "1", receivedOn: today, bankReference: "X", referenceCode: "BF1" }, buyer), params: {}, context: {} }));
    expect(notFinance.status).toBe(403);
  });

  it("hides another union's payment page", async () => {
    const { orderId } = await placedOrder(5);
    const other = await cookieFor("school.buyer");
    const response = await responseOf(() => payLoader({ request: getRequest(`/union/orders/${orderId}/payment`, other), params: { orderId: String(orderId) }, context: {} }));
    expect(response.status).toBe(404);
  });
});

describe("settlement", () => {
  it("owes suppliers for received parts of paid orders, settles them, and exports the ledger", async () => {
    const { orderId, reference, amountFen } = await placedOrder(20);
    await record({ amount: yuan(amountFen), bankReference: "ICBC-0100", referenceCode: reference });
    await writeSql((c) => c.prepare(`UPDATE "SubOrder" SET "status" = 'RECEIVED', "receivedAt" = ? WHERE "orderId" = ?`).run(Date.now(), orderId));
    const tea = await cookieFor("tea.coop");
    const ledger = await (await responseOf(() => supplierSettlementsLoader({ request: getRequest("/supplier/settlements", tea), params: {}, context: {} }))).json();
    expect(ledger.ledger.open.map((r: { owedFen: number }) => r.owedFen)).toContain(amountFen);
    const supplier = await db.subOrder.findFirstOrThrow({ where: { orderId } });
    const settle = await responseOf(() => financeAction({ request: formRequest("/finance", { intent: "settle", supplierId: String(supplier.supplierId), reference: "JS-2026-11-001" }, finance), params: {}, context: {} }));
    expect(settle.status).toBe(200);
    expect((await db.subOrder.findFirstOrThrow({ where: { orderId } })).settlementId).not.toBeNull();
    const csv = await (await responseOf(() => settlementsCsvLoader({ request: getRequest("/finance/settlements.csv", finance), params: {}, context: {} }))).text();
    expect(csv).toContain("JS-2026-11-001");
    expect(csv).toContain(yuan(amountFen));
  });
});
