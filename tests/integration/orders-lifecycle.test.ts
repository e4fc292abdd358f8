import { beforeAll, describe, expect, it } from "vitest";
import { action as submitAction } from "~/routes/union.orders.new";
import { action as approvalsAction } from "~/routes/union.approvals";
import { action as orderAction, loader as orderLoader } from "~/routes/union.orders.$orderId._index";
import { action as subOrderAction, loader as subOrderLoader } from "~/routes/supplier.orders.$subOrderId._index";
import { verifyReportAggregates } from "~/models/welfare/report-verify.server";
import { db, reader, transaction, write } from "~/utils/db.server";
import { q, run } from "~/utils/sql.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { payOrder } from "../support/paid-orders";

let buyer: string;
let chair: string;
let teaProduct: { id: number; stock: number };
let honeyProduct: { id: number; stock: number };
let sequence = 0;

beforeAll(async () => {
  await seedDemoBase();
  buyer = await cookieFor("hospital.buyer");
  chair = await cookieFor("hospital.chair");
  const productOf = async (username: string) => {
    const user = await db.user.findUniqueOrThrow({ where: { username }, include: { memberships: true } });
    const p = await db.product.findFirstOrThrow({ where: { active: true, supplier: { orgId: user.memberships[0].orgId } }, orderBy: { id: "asc" } });
    await write(() => db.product.update({ where: { id: p.id }, data: { stock: 5000, minOrderQty: 1 } }));
    return { id: p.id, stock: 5000 };
  };
  teaProduct = await productOf("tea.coop");
  honeyProduct = await productOf("honey.coop");
});

async function place(perPerson: [number, number], headcount = "320") {
  sequence++;
  const response = await responseOf(() =>
    submitAction({
      request: formRequest(
        "/union/orders/new",
        {
          intent: "submit",
          token: `lifecycle-${String(sequence).padStart(4, "0")}`,
          mode: "pack",
          occasion: "MID_AUTUMN",
          headcount,
          productId: [String(teaProduct.id), String(honeyProduct.id)],
          quantity: perPerson.map(String),
          recipient1: "医院工会",
          phone1: "0914-2000000",
          address1: "商州区医院路 1 号",
        },
        buyer,
      ),
      params: {},
      context: {},
    }),
  );
  expect(response.status).toBe(302);
  return Number(response.headers.get("Location")!.split("/").pop());
}

const orderPost = (orderId: number, fields: Record<string, string>, who = buyer) =>
  responseOf(() => orderAction({ request: formRequest(`/union/orders/${orderId}`, fields, who), params: { orderId: String(orderId) }, context: {} }));
const stockOf = async (id: number) => (await db.product.findUniqueOrThrow({ where: { id } })).stock;

describe("order lifecycle", () => {
  it("needs the chair's approval above the threshold, and the buyer cannot approve their own order", async () => {
    const orderId = await place([1, 1]);
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order.status).toBe("PENDING_APPROVAL");
    expect(await db.subOrder.count({ where: { orderId } })).toBe(2);
    const own = await db.user.findUniqueOrThrow({ where: { username: "hospital.buyer" }, include: { memberships: true } });
    // The buyer has no approver role at all; make them one to prove the different-person rule itself.
    await transaction((c) => run(c, q.updateTable("Membership").set({ role: "APPROVER" }).where("id", "=", own.memberships[0].id)));
    const self = await responseOf(() =>
      approvalsAction({ request: formRequest("/union/approvals", { orderId: String(orderId), intent: "approve" }, buyer), params: {}, context: {} }),
    );
    expect(self.status).toBe(403);
    await transaction((c) => run(c, q.updateTable("Membership").set({ role: "BUYER" }).where("id", "=", own.memberships[0].id)));
    const approved = await responseOf(() =>
      approvalsAction({ request: formRequest("/union/approvals", { orderId: String(orderId), intent: "approve" }, chair), params: {}, context: {} }),
    );
    expect(approved.status).toBe(302);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PLACED");
    expect(await db.auditLog.count({ where: { action: "order.approve", entityId: String(orderId) } })).toBe(1);
  });

  it("returns stock on rejection, and requires a reason", async () => {
    const before = await stockOf(teaProduct.id);
    const orderId = await place([1, 1]);
    expect(await stockOf(teaProduct.id)).toBe(before - 320);
    const noReason = await responseOf(() =>
      approvalsAction({ request: formRequest("/union/approvals", { orderId: String(orderId), intent: "reject" }, chair), params: {}, context: {} }),
    );
    expect(noReason.status).toBe(400);
    const rejected = await responseOf(() =>
      approvalsAction({
        request: formRequest("/union/approvals", { orderId: String(orderId), intent: "reject", reason: "预算另有安排" }, chair),
        params: {},
        context: {},
      }),
    );
    expect(rejected.status).toBe(302);
    expect(await stockOf(teaProduct.id)).toBe(before);
  });

  it("lets each supplier confirm and ship its part only; the union receives and rates; the order completes", async () => {
    const orderId = await place([1, 1]);
    await responseOf(() =>
      approvalsAction({ request: formRequest("/union/approvals", { orderId: String(orderId), intent: "approve" }, chair), params: {}, context: {} }),
    );
    const subs = await db.subOrder.findMany({ where: { orderId }, include: { supplier: { include: { org: true } } } });
    const tea = subs.find((s) => s.supplier.org.name.includes("茶叶专业合作社"))!;
    const honey = subs.find((s) => s !== tea)!;
    const teaCookie = await cookieFor("tea.coop");
    const honeyCookie = await cookieFor("honey.coop");
    // Another supplier's sub-order does not exist for tea.coop, by URL or by post.
    const foreign = await responseOf(() =>
      subOrderLoader({ request: getRequest(`/supplier/orders/${honey.id}`, teaCookie), params: { subOrderId: String(honey.id) }, context: {} }),
    );
    expect(foreign.status).toBe(404);
    const foreignPost = await responseOf(() =>
      subOrderAction({
        request: formRequest(`/supplier/orders/${honey.id}`, { intent: "confirm" }, teaCookie),
        params: { subOrderId: String(honey.id) },
        context: {},
      }),
    );
    expect(foreignPost.status).toBe(404);
    const step = (id: number, who: string, fields: Record<string, string>) =>
      responseOf(() => subOrderAction({ request: formRequest(`/supplier/orders/${id}`, fields, who), params: { subOrderId: String(id) }, context: {} }));
    expect((await step(tea.id, teaCookie, { intent: "ship", carrier: "顺丰", trackingNo: "SF1" })).status).toBe(409); // not confirmed yet
    for (const [id, who] of [
      [tea.id, teaCookie],
      [honey.id, honeyCookie],
    ] as const) {
      expect((await step(id, who, { intent: "confirm" })).status).toBe(302);
      expect((await step(id, who, { intent: "ship", carrier: "中国邮政", trackingNo: `YZ${id}` })).status).toBe(302);
    }
    expect((await orderPost(orderId, { intent: "cancel", reason: "太晚了" })).status).toBe(409); // shipped: too late to cancel
    expect((await orderPost(orderId, { intent: "receive", subOrderId: String(tea.id), result: "accepted" })).status).toBe(302);
    expect((await orderPost(orderId, { intent: "receive", subOrderId: String(honey.id), result: "complaint", complaintText: "两罐破损" })).status).toBe(302);
    // The complaint is open: the order is not complete until it is resolved (tests/integration/complaints.test.ts).
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PLACED");
    const before = await db.supplier.findUniqueOrThrow({ where: { id: tea.supplierId } });
    expect((await orderPost(orderId, { intent: "rate", subOrderId: String(tea.id), rating: "5", comment: "很好" })).status).toBe(302);
    expect((await orderPost(orderId, { intent: "rate", subOrderId: String(tea.id), rating: "1" })).status).toBe(409); // once only
    const after = await db.supplier.findUniqueOrThrow({ where: { id: tea.supplierId } });
    expect([after.ratingSum - before.ratingSum, after.ratingCount - before.ratingCount]).toEqual([5, 1]);
  });

  it("cancels a paid order before shipment: stock returns, the refund reverses P exactly", async () => {
    const orderId = await place([1, 0], "20"); // under the ¥20,000 threshold: placed at once
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PLACED");
    const union = await db.organization.findUniqueOrThrow({ where: { code: "SZ-01" } });
    const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
    const pBefore = Number((await db.procurementTotal.findUnique({ where: { orgId_year: { orgId: union.id, year } } }))?.certifiedFen ?? 0);
    await payOrder(orderId, { provider: "BANK_TRANSFER", referenceCode: "BFTEST0001", idempotencyKey: "t-pay" });
    const certified = Number((await db.order.findUniqueOrThrow({ where: { id: orderId } })).certifiedFen);
    expect(Number((await db.procurementTotal.findUniqueOrThrow({ where: { orgId_year: { orgId: union.id, year } } })).certifiedFen)).toBe(pBefore + certified);
    const stockBefore = await stockOf(teaProduct.id);
    expect((await orderPost(orderId, { intent: "cancel", reason: "活动取消" })).status).toBe(302);
    expect(await stockOf(teaProduct.id)).toBe(stockBefore + 20);
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, include: { refunds: true } });
    expect(order.status).toBe("CANCELLED");
    expect(order.paymentStatus).toBe("REFUNDED");
    expect(order.refunds.map((r) => [Number(r.amountFen), r.status])).toEqual([[Number(order.totalFen), "SUCCEEDED"]]);
    expect(Number((await db.procurementTotal.findUniqueOrThrow({ where: { orgId_year: { orgId: union.id, year } } })).certifiedFen)).toBe(pBefore);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });

  it("hides another union's order", async () => {
    const orderId = await place([1, 0], "10");
    const other = await cookieFor("school.buyer");
    const page = await responseOf(() =>
      orderLoader({ request: getRequest(`/union/orders/${orderId}`, other), params: { orderId: String(orderId) }, context: {} }),
    );
    expect(page.status).toBe(404);
    const post = await orderPost(orderId, { intent: "cancel", reason: "x" }, other);
    expect(post.status).toBe(404);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PLACED");
  });
});
