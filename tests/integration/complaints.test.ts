import { beforeAll, describe, expect, it } from "vitest";
import { action as submitAction } from "~/routes/union.orders.new";
import { action as orderAction, loader as orderLoader } from "~/routes/union.orders.$orderId._index";
import { action as subOrderAction, loader as subOrderLoader } from "~/routes/supplier.orders.$subOrderId._index";
import { action as decideAction, loader as decideLoader } from "~/routes/complaints.$complaintId";
import { loader as leaderListLoader } from "~/routes/complaints._index";
import { loader as fileLoader } from "~/routes/files.$fileName";
import { loader as productLoader } from "~/routes/products.$productId";
import { loader as reportLoader } from "~/routes/reports.$orgId._index";
import { refundSucceeded } from "~/models/orders/order-refunds.server";
import { verifyReportAggregates } from "~/models/welfare/report-verify.server";
import { db, reader, transaction, write } from "~/utils/db.server";
import { one, q } from "~/utils/sql.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { lastNotificationId, noticesOf } from "../support/notices";
import { payOrder } from "../support/paid-orders";

let buyer: string;
let products: { tea: number; honey: number };
let unionId: number;
let sequence = 0;
const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

beforeAll(async () => {
  await seedDemoBase();
  buyer = await cookieFor("hospital.buyer");
  unionId = (await db.organization.findUniqueOrThrow({ where: { code: "SZ-01" } })).id;
  const productOf = async (username: string) => {
    const user = await db.user.findUniqueOrThrow({ where: { username }, include: { memberships: true } });
    const p = await db.product.findFirstOrThrow({ where: { active: true, supplier: { orgId: user.memberships[0].orgId } }, orderBy: { id: "asc" } });
    await write(() => db.product.update({ where: { id: p.id }, data: { stock: 5000, minOrderQty: 1 } }));
    return p.id;
  };
  products = { tea: await productOf("tea.coop"), honey: await productOf("honey.coop") };
});

const p = async () => Number((await db.procurementTotal.findUnique({ where: { orgId_year: { orgId: unionId, year } } }))?.certifiedFen ?? 0);
const orderPost = (orderId: number, fields: Record<string, string> | FormData) =>
  responseOf(() => orderAction({ request: formRequest(`/union/orders/${orderId}`, fields, buyer), params: { orderId: String(orderId) }, context: {} }));
const supplierPost = async (subOrderId: number, username: string, fields: Record<string, string | string[]>) =>
  responseOf(async () =>
    subOrderAction({
      request: formRequest(`/supplier/orders/${subOrderId}`, fields, await cookieFor(username)),
      params: { subOrderId: String(subOrderId) },
      context: {},
    }),
  );

/** A paid order of 20 teas and 20 honeys, both shipped, the honey received with a complaint and a photo. */
async function disputedOrder(provider: "BANK_TRANSFER" | "STRIPE" = "BANK_TRANSFER") {
  sequence++;
  const placed = await responseOf(() =>
    submitAction({
      request: formRequest(
        "/union/orders/new",
        {
          intent: "submit",
          token: `complaint-${String(sequence).padStart(4, "0")}`,
          mode: "pack",
          occasion: "MID_AUTUMN",
          headcount: "20",
          productId: [String(products.tea), String(products.honey)],
          quantity: ["1", "1"],
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
  const orderId = Number(placed.headers.get("Location")!.split("/").pop());
  await payOrder(orderId, {
    provider,
    idempotencyKey: `c-pay-${orderId}`,
    providerPaymentId: provider === "STRIPE" ? `cs_test_${orderId}` : null,
    paymentIntentId: provider === "STRIPE" ? `pi_test_${orderId}` : null,
  });
  const subs = await db.subOrder.findMany({ where: { orderId }, include: { supplier: { include: { org: true } }, lines: true } });
  const tea = subs.find((s) => s.supplier.org.name.includes("茶叶"))!;
  const honey = subs.find((s) => s !== tea)!;
  for (const [s, who] of [
    [tea, "tea.coop"],
    [honey, "honey.coop"],
  ] as const) {
    await supplierPost(s.id, who, { intent: "confirm" });
    await supplierPost(s.id, who, { intent: "ship", carrier: "中国邮政", trackingNo: `YZ${s.id}` });
  }
  expect((await orderPost(orderId, { intent: "receive", subOrderId: String(tea.id), result: "accepted" })).status).toBe(302);
  const form = new FormData();
  for (const [k, v] of Object.entries({ intent: "receive", subOrderId: String(honey.id), result: "complaint", complaintText: "三罐蜂蜜结晶发酸" }))
    form.append(k, v);
  form.append("photo", new File([PNG], "jar.png", { type: "image/png" }));
  expect((await orderPost(orderId, form)).status).toBe(302);
  const complaint = await db.complaint.findFirstOrThrow({ where: { subOrderId: honey.id }, include: { photos: true } });
  return { orderId, tea, honey, complaint, honeyLine: honey.lines[0] };
}

describe("complaints", () => {
  it("files a complaint with its photo for both sides; a partial refund of chosen units reverses P exactly and closes the order", async () => {
    const since = await lastNotificationId();
    const { orderId, honey, complaint, honeyLine } = await disputedOrder();
    expect(complaint.status).toBe("OPEN");
    expect(complaint.photos).toHaveLength(1);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PLACED"); // not complete while the complaint is open
    expect(await noticesOf("complaintFiled", since)).toEqual([["honey.coop", `/supplier/orders/${honey.id}`]]);

    // Both sides see the complaint and its photo.
    const union = await (
      await responseOf(() => orderLoader({ request: getRequest(`/union/orders/${orderId}`, buyer), params: { orderId: String(orderId) }, context: {} }))
    ).json();
    expect(union.complaints[0]).toMatchObject({ text: "三罐蜂蜜结晶发酸", photos: [complaint.photos[0].fileName], canAccept: false });
    const honeyCookie = await cookieFor("honey.coop");
    const supplier = await (
      await responseOf(() =>
        subOrderLoader({ request: getRequest(`/supplier/orders/${honey.id}`, honeyCookie), params: { subOrderId: String(honey.id) }, context: {} }),
      )
    ).json();
    expect(supplier.complaints[0]).toMatchObject({ photos: [complaint.photos[0].fileName], canAnswer: true });
    const photo = complaint.photos[0].fileName;
    for (const [who, status] of [
      [buyer, 200],
      [honeyCookie, 200],
      [await cookieFor("sz.leader"), 200],
      [await cookieFor("ln.leader"), 404],
      [await cookieFor("tea.coop"), 404],
    ] as const) {
      expect((await responseOf(() => fileLoader({ request: getRequest(`/files/${photo}`, who), params: { fileName: photo }, context: {} }))).status).toBe(
        status,
      );
    }

    // A partial refund needs lines; then the supplier proposes 3 jars back.
    const noLines = await supplierPost(honey.id, "honey.coop", {
      intent: "answer",
      complaintId: String(complaint.id),
      text: "抱歉",
      remedy: "PARTIAL_REFUND",
      lineId: [String(honeyLine.id)],
      refundQty: ["0"],
    });
    expect(noLines.status).toBe(400);
    const answered = await supplierPost(honey.id, "honey.coop", {
      intent: "answer",
      complaintId: String(complaint.id),
      text: "抱歉，退三罐的钱",
      remedy: "PARTIAL_REFUND",
      lineId: [String(honeyLine.id)],
      refundQty: ["3"],
    });
    expect(answered.status).toBe(302);
    expect(await noticesOf("complaintAnswered", since)).toEqual([["hospital.buyer", `/union/orders/${orderId}`]]);

    const pBefore = await p();
    expect((await orderPost(orderId, { intent: "acceptRemedy", complaintId: String(complaint.id) })).status).toBe(302);
    const refundFen = honeyLine.unitPriceFen * 3;
    const refund = await db.refund.findFirstOrThrow({ where: { orderId }, include: { lines: true } });
    expect(Number(refund.amountFen)).toBe(refundFen);
    expect(refund.lines.map((l) => [l.orderLineId, Number(l.amountFen)])).toEqual([[honeyLine.id, refundFen]]);
    expect(await p()).toBe(pBefore - (honeyLine.certifiedOnOrderDate ? refundFen : 0));
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect([order.status, order.paymentStatus]).toEqual(["COMPLETED", "PARTIALLY_REFUNDED"]);
    expect((await db.subOrder.findUniqueOrThrow({ where: { id: honey.id } })).status).toBe("RECEIVED");
    expect(await noticesOf("complaintResolved", since)).toEqual([["honey.coop", `/union/orders/${orderId}`]]);
    expect(await noticesOf("refundDone", since)).toEqual([
      ["hospital.buyer", `/union/orders/${orderId}/payment`],
      ["hospital.chair", `/union/orders/${orderId}/payment`],
    ]);
    expect(await db.auditLog.count({ where: { entityType: "Complaint", entityId: String(complaint.id) } })).toBe(2); // answer, accept
    // Accepting twice changes nothing.
    expect((await orderPost(orderId, { intent: "acceptRemedy", complaintId: String(complaint.id) })).status).toBe(409);
    expect(await db.refund.count({ where: { orderId } })).toBe(1);
  });

  it("escalates to the county leader, who decides a return with full refund of that part", async () => {
    const since = await lastNotificationId();
    const { orderId, honey, complaint } = await disputedOrder();
    await supplierPost(honey.id, "honey.coop", {
      intent: "answer",
      complaintId: String(complaint.id),
      text: "可以补发",
      remedy: "REPLACEMENT",
      carrier: "顺丰",
      trackingNo: "SF-R1",
    });
    expect((await orderPost(orderId, { intent: "escalate", complaintId: String(complaint.id) })).status).toBe(400); // a reason is required
    expect((await orderPost(orderId, { intent: "escalate", complaintId: String(complaint.id), note: "节前来不及补发" })).status).toBe(302);
    const escalated = await noticesOf("complaintEscalated", since);
    expect(escalated).toEqual(
      expect.arrayContaining([
        ["sz.leader", `/complaints/${complaint.id}`],
        ["honey.coop", `/supplier/orders/${honey.id}`],
      ]),
    );
    expect(escalated.some(([u]) => u === "ln.leader")).toBe(false);

    const leader = await cookieFor("sz.leader");
    const list = await (await responseOf(() => leaderListLoader({ request: getRequest("/complaints", leader), params: {}, context: {} }))).json();
    expect(list.complaints[0]).toMatchObject({ id: complaint.id, status: "ESCALATED" });
    const lnLeader = await cookieFor("ln.leader");
    const other = await responseOf(() =>
      decideLoader({ request: getRequest(`/complaints/${complaint.id}`, lnLeader), params: { complaintId: String(complaint.id) }, context: {} }),
    );
    expect(other.status).toBe(404);

    const pBefore = await p();
    const honeyFen = Number(honey.amountFen);
    const certifiedHoney = honey.lines.filter((l) => l.certifiedOnOrderDate).reduce((s, l) => s + Number(l.amountFen), 0);
    const decided = await responseOf(() =>
      decideAction({
        request: formRequest(`/complaints/${complaint.id}`, { complaintId: String(complaint.id), remedy: "RETURN_REFUND", text: "退货退款" }, leader),
        params: { complaintId: String(complaint.id) },
        context: {},
      }),
    );
    expect(decided.status).toBe(302);
    const refund = await db.refund.findFirstOrThrow({ where: { orderId } });
    expect(Number(refund.amountFen)).toBe(honeyFen);
    expect(await p()).toBe(pBefore - certifiedHoney);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
    expect((await db.complaint.findUniqueOrThrow({ where: { id: complaint.id } })).status).toBe("RESOLVED");
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("COMPLETED");
    expect(await noticesOf("complaintResolved", since)).toEqual(
      [
        ["honey.coop", `/union/orders/${orderId}`],
        ["hospital.buyer", `/union/orders/${orderId}`],
      ].sort((a, b) => a[0].localeCompare(b[0])),
    );
  });

  it("shows complaint counts and the average rating on the product page and in the leader's supplier breakdown", async () => {
    const honeySupplier = await db.product.findUniqueOrThrow({ where: { id: products.honey }, select: { supplierId: true } });
    const count = await db.complaint.count({ where: { supplierId: honeySupplier.supplierId } });
    expect(count).toBe(2);
    const page = await (
      await responseOf(() => productLoader({ request: getRequest(`/products/${products.honey}`), params: { productId: String(products.honey) }, context: {} }))
    ).json();
    expect(page.product.supplier.complaintCount).toBe(2);
    const leader = await cookieFor("sz.leader");
    const county = (await db.user.findUniqueOrThrow({ where: { username: "sz.leader" }, include: { memberships: true } })).memberships[0].orgId;
    const report = await (
      await responseOf(() => reportLoader({ request: getRequest(`/reports/${county}`, leader), params: { orgId: String(county) }, context: {} }))
    ).json();
    const row = report.data.breakdowns.SUPPLIER.find((r: { key: string }) => r.key === String(honeySupplier.supplierId));
    expect(row).toMatchObject({ complaints: 2 });
  });

  it("a card-paid partial refund is recorded with the resolution and goes to the provider through the refund outbox", async () => {
    const since = await lastNotificationId();
    const { orderId, honey, complaint, honeyLine } = await disputedOrder("STRIPE");
    expect(
      (
        await supplierPost(honey.id, "honey.coop", {
          intent: "answer",
          complaintId: String(complaint.id),
          text: "退两罐",
          remedy: "PARTIAL_REFUND",
          lineId: [String(honeyLine.id)],
          refundQty: ["2"],
        })
      ).status,
    ).toBe(302);
    expect((await orderPost(orderId, { intent: "acceptRemedy", complaintId: String(complaint.id) })).status).toBe(302);
    const refund = await db.refund.findFirstOrThrow({ where: { orderId }, include: { lines: true } });
    expect([refund.status, Number(refund.amountFen)]).toEqual(["PENDING", honeyLine.unitPriceFen * 2]);
    expect(refund.lines.map((l) => [l.orderLineId, Number(l.amountFen)])).toEqual([[honeyLine.id, honeyLine.unitPriceFen * 2]]);
    expect((await db.complaint.findUniqueOrThrow({ where: { id: complaint.id } })).refundId).toBe(refund.id);
    // Queued in the same transaction as the resolution; no "refund done" until the provider confirms.
    expect(
      await one(
        reader,
        q
          .selectFrom("RefundOutbox")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("refundId", "=", refund.id),
      ),
    ).toEqual({ n: 1 });
    expect(await noticesOf("refundDone", since)).toEqual([]);
    await transaction(async (c) => refundSucceeded(c, refund.id, `re_test_${refund.id}`, Date.now(), `evt_test_${refund.id}`));
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentStatus).toBe("PARTIALLY_REFUNDED");
    expect(await noticesOf("refundDone", since)).toEqual([
      ["hospital.buyer", `/union/orders/${orderId}/payment`],
      ["hospital.chair", `/union/orders/${orderId}/payment`],
    ]);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });
});
