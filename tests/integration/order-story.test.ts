import { beforeAll, describe, expect, it } from "vitest";
import { action as submitAction } from "~/routes/union.orders.new";
import { action as approvalsAction, loader as approvalsLoader } from "~/routes/union.approvals";
import { loader as orderLoader } from "~/routes/union.orders.$orderId._index";
import { action as orderAction } from "~/routes/union.orders.$orderId._index";
import { action as subOrderAction, loader as subOrderLoader } from "~/routes/supplier.orders.$subOrderId._index";
import { db, write } from "~/utils/db.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { noticesOf } from "../support/notices";

let buyer: string;
let chair: string;
let products: { tea: number; honey: number };

beforeAll(async () => {
  await seedDemoBase();
  [buyer, chair] = await Promise.all([cookieFor("hospital.buyer"), cookieFor("hospital.chair")]);
  const productOf = async (username: string) => {
    const user = await db.user.findUniqueOrThrow({ where: { username }, include: { memberships: true } });
    const p = await db.product.findFirstOrThrow({ where: { active: true, supplier: { orgId: user.memberships[0].orgId } }, orderBy: { id: "asc" } });
    await write(() => db.product.update({ where: { id: p.id }, data: { stock: 5000, minOrderQty: 1 } }));
    return p.id;
  };
  products = { tea: await productOf("tea.coop"), honey: await productOf("honey.coop") };
});

describe("the order tells its story", () => {
  it("shows the chair the lines, per-member amount, budget left and 30% effect; both sides the note, split, addresses and timeline", async () => {
    const placed = await responseOf(() =>
      submitAction({
        request: formRequest(
          "/union/orders/new",
          {
            intent: "submit",
            token: "story-0001",
            mode: "pack",
            occasion: "MID_AUTUMN",
            headcount: "326",
            productId: [String(products.tea), String(products.honey)],
            quantity: ["1", "1"],
            split: ["100", "100"],
            recipient1: "医院工会 王老师",
            phone1: "0914-2000000",
            address1: "商州区医院路 1 号",
            recipient2: "分院工会 张老师",
            phone2: "0914-2000001",
            address2: "商州区北新街 8 号",
            note: "请9月20日前送达",
          },
          buyer,
        ),
        params: {},
        context: {},
      }),
    );
    expect(placed.status).toBe(302);
    const orderId = Number(placed.headers.get("Location")!.split("/").pop());

    const approvals = await (await responseOf(() => approvalsLoader({ request: getRequest("/union/approvals", chair), params: {}, context: {} }))).json();
    const waiting = approvals.orders.find((o: { id: number }) => o.id === orderId);
    expect(waiting.lines).toHaveLength(2);
    expect(waiting.note).toBe("请9月20日前送达");
    expect(waiting.effect.shareAfter).toBeGreaterThan(waiting.effect.shareBefore ?? -1);
    expect(waiting.effect.remainingBeforeFen - waiting.effect.remainingAfterFen).toBe(waiting.totalFen);
    await responseOf(() =>
      approvalsAction({ request: formRequest("/union/approvals", { orderId: String(orderId), intent: "approve" }, chair), params: {}, context: {} }),
    );

    const subs = await db.subOrder.findMany({ where: { orderId }, include: { supplier: { include: { org: true } } } });
    const tea = subs.find((s) => s.supplier.org.name.includes("茶叶"))!;
    const honey = subs.find((s) => s !== tea)!;
    const teaCookie = await cookieFor("tea.coop");
    const honeyCookie = await cookieFor("honey.coop");
    await responseOf(() =>
      subOrderAction({
        request: formRequest(`/supplier/orders/${tea.id}`, { intent: "confirm" }, teaCookie),
        params: { subOrderId: String(tea.id) },
        context: {},
      }),
    );
    await responseOf(() =>
      subOrderAction({
        request: formRequest(`/supplier/orders/${honey.id}`, { intent: "decline", reason: "缺货" }, honeyCookie),
        params: { subOrderId: String(honey.id) },
        context: {},
      }),
    );

    const union = await (
      await responseOf(() => orderLoader({ request: getRequest(`/union/orders/${orderId}`, buyer), params: { orderId: String(orderId) }, context: {} }))
    ).json();
    expect(union.order.note).toBe("请9月20日前送达");
    const teaLine = union.order.subOrders.find((s: { id: number }) => s.id === tea.id).lines[0];
    expect(
      union.order.addresses.map(
        (a: { allocations: Array<{ lineId: number; quantity: number }> }) => a.allocations.find((x) => x.lineId === teaLine.id)?.quantity,
      ),
    ).toEqual([226, 100]);
    expect(union.timeline.map((e: { action: string }) => e.action)).toEqual(["order.submit", "order.approve", "subOrder.confirm", "subOrder.decline"]);
    expect(union.timeline[3]).toMatchObject({ supplierName: honey.supplier.org.name, detail: { reason: "缺货" } });

    const supplier = await (
      await responseOf(() =>
        subOrderLoader({ request: getRequest(`/supplier/orders/${tea.id}`, teaCookie), params: { subOrderId: String(tea.id) }, context: {} }),
      )
    ).json();
    expect(supplier.subOrder.order.note).toBe("请9月20日前送达");
    expect(supplier.subOrder.order.buyerName).toBeTruthy();
    expect(supplier.subOrder.addresses.map((a: { recipient: string; phone: string }) => [a.recipient, a.phone])).toEqual([
      ["医院工会 王老师", "0914-2000000"],
      ["分院工会 张老师", "0914-2000001"],
    ]);
    // The tea supplier's story holds its own steps, not the honey supplier's decline.
    expect(supplier.timeline.map((e: { action: string }) => e.action)).toEqual(["order.submit", "order.approve", "subOrder.confirm"]);

    // Tracking and receipt per address: the split part ships with a number per address; each arrival is confirmed.
    const [first, second] = union.order.addresses.map((a: { id: number }) => a.id);
    const shipped = await responseOf(() =>
      subOrderAction({
        request: formRequest(
          `/supplier/orders/${tea.id}`,
          { intent: "ship", carrier: "顺丰", trackingNo: "SF-A1", [`tracking-${second}`]: "SF-B2" },
          teaCookie,
        ),
        params: { subOrderId: String(tea.id) },
        context: {},
      }),
    );
    expect(shipped.status).toBe(302);
    const afterShip = await (
      await responseOf(() => orderLoader({ request: getRequest(`/union/orders/${orderId}`, buyer), params: { orderId: String(orderId) }, context: {} }))
    ).json();
    expect(
      afterShip.shipments.map((x: { addressId: number; trackingNo: string; receivedAt: string | null }) => [x.addressId, x.trackingNo, x.receivedAt]),
    ).toEqual([
      [first, "SF-A1", null],
      [second, "SF-B2", null],
    ]);
    const received = await responseOf(() =>
      orderAction({
        request: formRequest(`/union/orders/${orderId}`, { intent: "addressReceived", shipmentId: String(afterShip.shipments[1].id) }, buyer),
        params: { orderId: String(orderId) },
        context: {},
      }),
    );
    expect(received.status).toBe(302);
    const again = await responseOf(() =>
      orderAction({
        request: formRequest(`/union/orders/${orderId}`, { intent: "addressReceived", shipmentId: String(afterShip.shipments[1].id) }, buyer),
        params: { orderId: String(orderId) },
        context: {},
      }),
    );
    expect(again.status).toBe(409);
    const seen = await (
      await responseOf(() =>
        subOrderLoader({ request: getRequest(`/supplier/orders/${tea.id}`, teaCookie), params: { subOrderId: String(tea.id) }, context: {} }),
      )
    ).json();
    expect(seen.shipments.map((x: { receivedAt: string | null }) => x.receivedAt != null)).toEqual([false, true]);
    expect(seen.timeline.map((e: { action: string }) => e.action)).toContain("shipment.receive");
    expect(await noticesOf("addressReceived")).toEqual([["tea.coop", `/supplier/orders/${tea.id}`]]);
  });
});
