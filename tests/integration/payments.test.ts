import { beforeAll, describe, expect, it } from "vitest";
import { action as financeAction, loader as financeLoader } from "~/routes/finance._index";
import { action as payAction, loader as payLoader } from "~/routes/union.orders.$orderId.payment";
import { loader as settlementsCsvLoader } from "~/routes/finance.settlements[.csv]";
import { loader as supplierSettlementsLoader } from "~/routes/supplier.settlements";
import { action as orderAction, loader as orderLoader } from "~/routes/union.orders.$orderId._index";
import { verifyReportAggregates } from "~/models/welfare/report-verify.server";
import { db, reader, transaction } from "~/utils/db.server";
import { instant, q, run } from "~/utils/sql.server";
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
  const request = await responseOf(() =>
    payAction({ request: formRequest(`/union/orders/${orderId}/payment`, {}, buyer), params: { orderId: String(orderId) }, context: {} }),
  );
  expect(request.status).toBe(302);
  const panel = await (
    await responseOf(() => payLoader({ request: getRequest(`/union/orders/${orderId}/payment`, buyer), params: { orderId: String(orderId) }, context: {} }))
  ).json();
  const pending = panel.panel.payments.find((p: { status: string }) => p.status === "PENDING");
  return { orderId, reference: pending.referenceCode as string, amountFen: pending.amountFen as number };
}

const record = (fields: Record<string, string>) =>
  responseOf(() =>
    financeAction({
      request: formRequest("/finance", { intent: "record", receivedOn: today, payerName: "商州人民医院工会", ...fields }, finance),
      params: {},
      context: {},
    }),
  );
const p = async () => Number((await db.procurementTotal.findUnique({ where: { orgId_year: { orgId: unionId, year } } }))?.certifiedFen ?? 0);
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;

const panelOf = async (orderId: number) =>
  (
    await (
      await responseOf(() => payLoader({ request: getRequest(`/union/orders/${orderId}/payment`, buyer), params: { orderId: String(orderId) }, context: {} }))
    ).json()
  ).panel;
const financeData = async () => (await responseOf(() => financeLoader({ request: getRequest("/finance", finance), params: {}, context: {} }))).json();
const act = (fields: Record<string, string>) => responseOf(() => financeAction({ request: formRequest("/finance", fields, finance), params: {}, context: {} }));
const codeOf = async (orderId: number) => (await db.order.findUniqueOrThrow({ where: { id: orderId } })).code;

describe("bank transfer", () => {
  it("shows the payee and a fixed-length check-character reference, and marks the order paid on an exact transfer, adding to P", async () => {
    const { orderId, reference, amountFen } = await placedOrder(10);
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const before = await p();
    const response = await record({ amount: yuan(amountFen), bankReference: "ICBC-0001", referenceCode: reference.toLowerCase().replace("-", " ") });
    expect(await response.json()).toMatchObject({ transfer: { outcome: "PAID", leftFen: 0 } });
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order.paymentStatus).toBe("PAID");
    expect(await p()).toBe(before + amountFen);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
    expect(await db.auditLog.count({ where: { action: "bankTransfer.applied", entityId: String(orderId) } })).toBe(1);
  });

  it("adds two partial transfers up: the order clears exactly once, on the day the balance was reached, and P counts once", async () => {
    const { orderId, reference, amountFen } = await placedOrder(40);
    const before = await p();
    const first = Math.floor(amountFen * 0.9);
    const r1 = await (await record({ amount: yuan(first), bankReference: "ICBC-P1", referenceCode: reference, receivedOn: "2026-01-05" })).json();
    expect(r1.transfer).toMatchObject({ outcome: "PARTIAL", missingFen: amountFen - first });
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("UNPAID");
    expect(await p()).toBe(before);
    // The union sees what arrived and what is missing.
    const partly = await panelOf(orderId);
    expect(partly.balance).toEqual({ dueFen: amountFen, receivedFen: first, missingFen: amountFen - first });
    expect(partly.transfers).toHaveLength(1);
    const financeView = await financeData();
    expect(financeView.overview.pending.find((x: { referenceCode: string }) => x.referenceCode === reference)).toMatchObject({
      receivedFen: first,
      missingFen: amountFen - first,
    });

    const r2 = await (await record({ amount: yuan(amountFen - first), bankReference: "ICBC-P2", referenceCode: reference, receivedOn: today })).json();
    expect(r2.transfer).toMatchObject({ outcome: "PAID", leftFen: 0 });
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order.paymentStatus).toBe("PAID");
    expect(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(order.paidAt!)).toBe(today);
    expect(await p()).toBe(before + amountFen);
    expect(await db.auditLog.count({ where: { action: "payment.succeeded", entityId: String(orderId) } })).toBe(1);
    // A third transfer for a paid order is not kept silently: it waits for finance to hold or return it.
    const r3 = await (await record({ amount: "10.00", bankReference: "ICBC-P3", referenceCode: reference })).json();
    expect(r3.transfer).toMatchObject({ outcome: "UNMATCHED", leftFen: 1000 });
    expect(await p()).toBe(before + amountFen);
    const paid = await panelOf(orderId);
    expect(paid.balance).toMatchObject({ receivedFen: amountFen, missingFen: 0 });
    expect(paid.transfers).toHaveLength(2);
    expect(paid.extra).toEqual([expect.objectContaining({ status: "OPEN", leftFen: 1000 })]);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });

  it("holds an overpayment, and returns it later, each step audited", async () => {
    const { orderId, reference, amountFen } = await placedOrder(6);
    const result = await (await record({ amount: yuan(amountFen + 9_900), bankReference: "ICBC-OVER", referenceCode: reference })).json();
    expect(result.transfer).toMatchObject({ outcome: "PAID", leftFen: 9_900 });
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("PAID");
    const transfer = await db.bankTransfer.findUniqueOrThrow({ where: { bankReference: "ICBC-OVER" } });
    expect(transfer.status).toBe("OPEN");
    expect((await act({ intent: "hold", transferId: String(transfer.id), note: "" })).status).toBe(400);
    expect((await act({ intent: "hold", transferId: String(transfer.id), note: "工会要求抵下一单" })).status).toBe(200);
    expect((await db.bankTransfer.findUniqueOrThrow({ where: { id: transfer.id } })).status).toBe("HELD");
    expect((await panelOf(orderId)).extra).toEqual([expect.objectContaining({ status: "HELD", leftFen: 9_900 })]);
    const open = (await financeData()).transfers.find((x: { id: number }) => x.id === transfer.id);
    expect(open).toMatchObject({ status: "HELD", leftFen: 9_900 });
    expect((await act({ intent: "return", transferId: String(transfer.id), note: "退款流水 ICBC-R-01" })).status).toBe(200);
    const returned = await db.bankTransfer.findUniqueOrThrow({ where: { id: transfer.id } });
    expect(returned).toMatchObject({ status: "RETURNED" });
    expect(Number(returned.returnedFen)).toBe(9_900);
    expect(
      await db.auditLog.count({
        where: { entityType: "BankTransfer", entityId: String(transfer.id), action: { in: ["bankTransfer.hold", "bankTransfer.return"] } },
      }),
    ).toBe(2);
  });

  it("applies an unmatched transfer across two orders, refusing more than an order misses", async () => {
    const a = await placedOrder(3);
    const b = await placedOrder(4);
    const [codeA, codeB] = [await codeOf(a.orderId), await codeOf(b.orderId)];
    const before = await p();
    const r = await (await record({ amount: yuan(a.amountFen + b.amountFen), bankReference: "ICBC-SPLIT", referenceCode: "合并付款" })).json();
    expect(r.transfer).toMatchObject({ outcome: "UNMATCHED" });
    const transfer = await db.bankTransfer.findUniqueOrThrow({ where: { bankReference: "ICBC-SPLIT" } });
    const tooMuch = await act({ intent: "apply", transferId: String(transfer.id), orderCode: codeA, amount: yuan(a.amountFen + 1) });
    expect(tooMuch.status).toBe(400);
    expect(JSON.stringify(await tooMuch.json())).toContain("尚缺");
    expect((await act({ intent: "apply", transferId: String(transfer.id), orderCode: "BF1999-000000", amount: "1" })).status).toBe(400);
    expect((await act({ intent: "apply", transferId: String(transfer.id), orderCode: codeA, amount: yuan(a.amountFen) })).status).toBe(200);
    expect((await act({ intent: "apply", transferId: String(transfer.id), orderCode: codeB.toLowerCase(), amount: yuan(b.amountFen) })).status).toBe(200);
    expect((await db.order.findMany({ where: { id: { in: [a.orderId, b.orderId] } } })).map((o) => o.paymentStatus)).toEqual(["PAID", "PAID"]);
    expect((await db.bankTransfer.findUniqueOrThrow({ where: { id: transfer.id } })).status).toBe("APPLIED");
    expect(await p()).toBe(before + a.amountFen + b.amountFen);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });

  it("gives money received toward an order back to finance when the order is cancelled", async () => {
    const { orderId, reference, amountFen } = await placedOrder(5);
    await record({ amount: yuan(amountFen - 100), bankReference: "ICBC-CANCEL", referenceCode: reference });
    const cancel = await responseOf(() =>
      orderAction({
        request: formRequest(`/union/orders/${orderId}`, { intent: "cancel", reason: "活动取消" }, buyer),
        params: { orderId: String(orderId) },
        context: {},
      }),
    );
    expect(cancel.status).toBe(302);
    const transfer = await db.bankTransfer.findUniqueOrThrow({ where: { bankReference: "ICBC-CANCEL" } });
    expect(transfer.status).toBe("OPEN");
    expect(await db.transferAllocation.count({ where: { orderId } })).toBe(0);
    expect((await financeData()).transfers.find((x: { id: number }) => x.id === transfer.id)).toMatchObject({ leftFen: amountFen - 100 });
  });

  it("duplicates and bad input change nothing; only finance may record", async () => {
    const { orderId, reference, amountFen } = await placedOrder(5);
    await record({ amount: yuan(amountFen - 1), bankReference: "ICBC-0002", referenceCode: reference });
    const duplicate = await record({ amount: yuan(amountFen), bankReference: "ICBC-0002", referenceCode: reference });
    expect(duplicate.status).toBe(409);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("UNPAID");
    const bad = await record({ amount: "12.345", bankReference: "", referenceCode: "BF1" });
    expect(bad.status).toBe(400);
    const notFinance = await responseOf(() =>
      financeAction({
        request: formRequest("/finance", { intent: "record", amount: "1", receivedOn: today, bankReference: "X", referenceCode: "BF1" }, buyer),
        params: {},
        context: {},
      }),
    );
    expect(notFinance.status).toBe(403);
  });

  it("hides another union's payment page", async () => {
    const { orderId } = await placedOrder(5);
    const other = await cookieFor("school.buyer");
    const response = await responseOf(() =>
      payLoader({ request: getRequest(`/union/orders/${orderId}/payment`, other), params: { orderId: String(orderId) }, context: {} }),
    );
    expect(response.status).toBe(404);
  });

  it("offers the pay button only when the order can be paid", async () => {
    const unpaid = await placedOrder(2);
    const show = async (orderId: number) =>
      (
        await (
          await responseOf(() => orderLoader({ request: getRequest(`/union/orders/${orderId}`, buyer), params: { orderId: String(orderId) }, context: {} }))
        ).json()
      ).order.payable;
    expect(await show(unpaid.orderId)).toBe(true);
    await record({ amount: yuan(unpaid.amountFen), bankReference: "ICBC-BTN", referenceCode: unpaid.reference });
    expect(await show(unpaid.orderId)).toBe(false);
    const { orderId: waiting } = await insertOrder({
      unionId,
      createdAt: new Date(),
      status: "PENDING_APPROVAL",
      lines: [{ productId: 1, quantity: 1, certified: true }],
    });
    expect(await show(waiting)).toBe(false);
  });
});

describe("settlement", () => {
  it("owes suppliers for received parts of paid orders, settles them, and exports the ledger", async () => {
    const { orderId, reference, amountFen } = await placedOrder(20);
    await record({ amount: yuan(amountFen), bankReference: "ICBC-0100", referenceCode: reference });
    await transaction(async (c) =>
      run(
        c,
        q
          .updateTable("SubOrder")
          .set({ status: "RECEIVED", receivedAt: instant(Date.now()) })
          .where("orderId", "=", orderId),
      ),
    );
    const tea = await cookieFor("tea.coop");
    const ledger = await (
      await responseOf(() => supplierSettlementsLoader({ request: getRequest("/supplier/settlements", tea), params: {}, context: {} }))
    ).json();
    expect(ledger.ledger.open.map((r: { owedFen: number }) => r.owedFen)).toContain(amountFen);
    const supplier = await db.subOrder.findFirstOrThrow({ where: { orderId } });
    const settle = await responseOf(() =>
      financeAction({
        request: formRequest("/finance", { intent: "settle", supplierId: String(supplier.supplierId), reference: "JS-2026-11-001" }, finance),
        params: {},
        context: {},
      }),
    );
    expect(settle.status).toBe(200);
    expect((await db.subOrder.findFirstOrThrow({ where: { orderId } })).settlementId).not.toBeNull();
    const csv = await (
      await responseOf(() => settlementsCsvLoader({ request: getRequest("/finance/settlements.csv", finance), params: {}, context: {} }))
    ).text();
    expect(csv).toContain("JS-2026-11-001");
    expect(csv).toContain(yuan(amountFen));
  });
});
