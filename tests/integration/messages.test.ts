import { beforeAll, describe, expect, it } from "vitest";
import { action as orderAction, loader as orderLoader } from "~/routes/union.orders.$orderId._index";
import { action as subOrderAction, loader as subOrderLoader } from "~/routes/supplier.orders.$subOrderId._index";
import { loader as fileLoader } from "~/routes/files.$fileName";
import { db } from "~/utils/db.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";
import { lastNotificationId, noticesOf } from "../support/notices";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 7]);
let buyer: string;

beforeAll(async () => {
  await seedDemoBase();
  buyer = await cookieFor("hospital.buyer");
});

describe("a thread per order part", () => {
  it("carries text and photos between the union and the supplier, telling the other side; nobody else can read or write", async () => {
    const unionId = (await db.organization.findUniqueOrThrow({ where: { code: "SZ-01" } })).id;
    const { orderId } = await insertOrder({ unionId, createdAt: new Date(), status: "PLACED", lines: [{ productId: 1, quantity: 10, certified: true }] });
    const sub = await db.subOrder.findFirstOrThrow({
      where: { orderId },
      include: { supplier: { include: { org: { include: { memberships: { include: { user: true } } } } } } },
    });
    const supplierUser = sub.supplier.org.memberships[0].user.username;
    const supplier = await cookieFor(supplierUser);
    const since = await lastNotificationId();

    const empty = await responseOf(() =>
      orderAction({
        request: formRequest(`/union/orders/${orderId}`, { intent: "message", subOrderId: String(sub.id), text: " " }, buyer),
        params: { orderId: String(orderId) },
        context: {},
      }),
    );
    expect(empty.status).toBe(400);
    const sent = await responseOf(() =>
      orderAction({
        request: formRequest(`/union/orders/${orderId}`, { intent: "message", subOrderId: String(sub.id), text: "请问能否提前到9月18日送达？" }, buyer),
        params: { orderId: String(orderId) },
        context: {},
      }),
    );
    expect(sent.status).toBe(302);
    expect((await noticesOf("message", since)).map(([u, link]) => [u, link])).toEqual(
      sub.supplier.org.memberships.map((m) => [m.user.username, `/supplier/orders/${sub.id}`]),
    );

    const form = new FormData();
    form.append("intent", "message");
    form.append("text", "可以，附上装车照片");
    form.append("photo", new File([PNG], "truck.png", { type: "image/png" }));
    const reply = await responseOf(() =>
      subOrderAction({ request: formRequest(`/supplier/orders/${sub.id}`, form, supplier), params: { subOrderId: String(sub.id) }, context: {} }),
    );
    expect(reply.status).toBe(302);
    expect(await noticesOf("message", since)).toEqual(
      expect.arrayContaining([
        ["hospital.buyer", `/union/orders/${orderId}`],
        ["hospital.chair", `/union/orders/${orderId}`],
      ]),
    );

    const union = await (
      await responseOf(() => orderLoader({ request: getRequest(`/union/orders/${orderId}`, buyer), params: { orderId: String(orderId) }, context: {} }))
    ).json();
    expect(union.messages.map((m: { side: string; text: string }) => [m.side, m.text])).toEqual([
      ["UNION", "请问能否提前到9月18日送达？"],
      ["SUPPLIER", "可以，附上装车照片"],
    ]);
    const own = await (
      await responseOf(() =>
        subOrderLoader({ request: getRequest(`/supplier/orders/${sub.id}`, supplier), params: { subOrderId: String(sub.id) }, context: {} }),
      )
    ).json();
    expect(own.messages).toHaveLength(2);
    const photo = union.messages[1].photo as string;
    for (const [who, status] of [
      [buyer, 200],
      [supplier, 200],
      [await cookieFor("school.buyer"), 404],
      [await cookieFor("walnut.coop"), 404],
    ] as const) {
      expect((await responseOf(() => fileLoader({ request: getRequest(`/files/${photo}`, who), params: { fileName: photo }, context: {} }))).status).toBe(
        status,
      );
    }
    // Another union cannot post into this thread.
    const school = await cookieFor("school.buyer");
    const foreign = await responseOf(() =>
      orderAction({
        request: formRequest(`/union/orders/${orderId}`, { intent: "message", subOrderId: String(sub.id), text: "hi" }, school),
        params: { orderId: String(orderId) },
        context: {},
      }),
    );
    expect(foreign.status).toBe(404);
    expect(union.timeline.filter((e: { action: string }) => e.action === "message.send")).toHaveLength(2);
  });
});
