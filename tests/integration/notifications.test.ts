import { beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { action as submitAction } from "~/routes/union.orders.new";
import { action as approvalsAction } from "~/routes/union.approvals";
import { action as orderAction } from "~/routes/union.orders.$orderId._index";
import { action as subOrderAction } from "~/routes/supplier.orders.$subOrderId._index";
import { action as financeAction } from "~/routes/finance._index";
import { action as payAction, loader as payLoader } from "~/routes/union.orders.$orderId.payment";
import { action as certificatesAction } from "~/routes/certificates._index";
import { action as inboxAction, loader as inboxLoader } from "~/routes/notifications._index";
import { action as settingsAction, loader as settingsLoader } from "~/routes/notifications.settings";
import { loader as rootLoader } from "~/root";
import { drainEmailOutbox } from "~/models/notifications/email-outbox.server";
import { localeCookie } from "~/utils/locale.server";
import { db, write } from "~/utils/db.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { lastNotificationId, noticesOf, userId } from "../support/notices";

let buyer: string;
let chair: string;
let finance: string;
let products: { tea: number; honey: number };
let sequence = 0;
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());

beforeAll(async () => {
  await seedDemoBase();
  [buyer, chair, finance] = await Promise.all([cookieFor("hospital.buyer"), cookieFor("hospital.chair"), cookieFor("finance")]);
  const productOf = async (username: string) => {
    const user = await db.user.findUniqueOrThrow({ where: { username }, include: { memberships: true } });
    const p = await db.product.findFirstOrThrow({ where: { active: true, supplier: { orgId: user.memberships[0].orgId } }, orderBy: { id: "asc" } });
    await write(() => db.product.update({ where: { id: p.id }, data: { stock: 5000, minOrderQty: 1 } }));
    return p.id;
  };
  products = { tea: await productOf("tea.coop"), honey: await productOf("honey.coop") };
});

async function place(headcount: string) {
  sequence++;
  const response = await responseOf(() =>
    submitAction({
      request: formRequest(
        "/union/orders/new",
        {
          intent: "submit",
          token: `notify-${String(sequence).padStart(4, "0")}`,
          mode: "pack",
          occasion: "MID_AUTUMN",
          headcount,
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
  expect(response.status).toBe(302);
  return Number(response.headers.get("Location")!.split("/").pop());
}

const approve = (orderId: number, intent = "approve", reason = "") =>
  responseOf(() => approvalsAction({ request: formRequest("/union/approvals", { orderId: String(orderId), intent, reason }, chair), params: {}, context: {} }));
const step = async (subOrderId: number, username: string, fields: Record<string, string>) =>
  responseOf(async () =>
    subOrderAction({
      request: formRequest(`/supplier/orders/${subOrderId}`, fields, await cookieFor(username)),
      params: { subOrderId: String(subOrderId) },
      context: {},
    }),
  );
const subOrdersOf = async (orderId: number) => {
  const subs = await db.subOrder.findMany({ where: { orderId }, include: { supplier: { include: { org: true } } }, orderBy: { id: "asc" } });
  return { tea: subs.find((s) => s.supplier.org.name.includes("茶叶"))!, honey: subs.find((s) => !s.supplier.org.name.includes("茶叶"))! };
};

describe("who is told what", () => {
  it("tells the chair an order waits (with a count in the nav), the buyer it was approved, and each supplier of its part", async () => {
    const since = await lastNotificationId();
    const orderId = await place("320");
    expect(await noticesOf("approvalNeeded", since)).toEqual([["hospital.chair", "/union/approvals"]]);
    const shell = await (await responseOf(() => rootLoader({ request: getRequest("/", chair), params: {}, context: {} }))).json();
    expect(shell.user.approvals).toBeGreaterThanOrEqual(1);
    expect(shell.user.unread).toBeGreaterThanOrEqual(1);
    expect((await approve(orderId)).status).toBe(302);
    expect(await noticesOf("orderApproved", since)).toEqual([["hospital.buyer", `/union/orders/${orderId}`]]);
    const { tea, honey } = await subOrdersOf(orderId);
    const newOrders = await noticesOf("newOrder", since);
    expect(newOrders).toEqual(
      expect.arrayContaining([
        ["tea.coop", `/supplier/orders/${tea.id}`],
        ["honey.coop", `/supplier/orders/${honey.id}`],
      ]),
    );
    expect(newOrders.map(([u]) => u).every((u) => u === "tea.coop" || u === "honey.coop")).toBe(true);
  });

  it("tells the buyer of a rejection with its reason, and of each supplier's confirm, decline and shipment", async () => {
    const since = await lastNotificationId();
    const rejected = await place("320");
    await approve(rejected, "reject", "预算另有安排");
    expect(await noticesOf("orderRejected", since)).toEqual([["hospital.buyer", `/union/orders/${rejected}`]]);
    const orderId = await place("20"); // under the threshold: placed at once, suppliers told straight away
    expect((await noticesOf("newOrder", since)).length).toBeGreaterThanOrEqual(2);
    const { tea, honey } = await subOrdersOf(orderId);
    await step(tea.id, "tea.coop", { intent: "confirm" });
    await step(tea.id, "tea.coop", { intent: "ship", carrier: "顺丰", trackingNo: "SF123" });
    await step(honey.id, "honey.coop", { intent: "decline", reason: "缺货" });
    const link = `/union/orders/${orderId}`;
    expect(await noticesOf("subOrderConfirmed", since)).toEqual([["hospital.buyer", link]]);
    expect(await noticesOf("subOrderShipped", since)).toEqual([["hospital.buyer", link]]);
    expect(await noticesOf("subOrderDeclined", since)).toEqual([["hospital.buyer", link]]);
    const inbox = await (await responseOf(() => inboxLoader({ request: getRequest("/notifications", buyer), params: {}, context: {} }))).json();
    expect(inbox.notices.map((n: { text: string }) => n.text)).toEqual(
      expect.arrayContaining([expect.stringContaining("SF123"), expect.stringContaining("缺货")]),
    );
  });

  it("tells the union of payments received, short and over, and of refunds", async () => {
    const since = await lastNotificationId();
    const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
    // Transfers add up (issue 12): each one tells the union whether the order is still short, paid, or overpaid.
    const transferTo = async (orderId: number) => {
      await responseOf(() =>
        payAction({ request: formRequest(`/union/orders/${orderId}/payment`, {}, buyer), params: { orderId: String(orderId) }, context: {} }),
      );
      const panel = await (
        await responseOf(() => payLoader({ request: getRequest(`/union/orders/${orderId}/payment`, buyer), params: { orderId: String(orderId) }, context: {} }))
      ).json();
      const pending = panel.panel.payments.find((p: { status: string }) => p.status === "PENDING");
      const record = (amountFen: number, bankReference: string) =>
        responseOf(() =>
          financeAction({
            request: formRequest(
              "/finance",
              { intent: "record", receivedOn: today, payerName: "医院工会", amount: yuan(amountFen), bankReference, referenceCode: pending.referenceCode },
              finance,
            ),
            params: {},
            context: {},
          }),
        );
      return { dueFen: pending.amountFen as number, record };
    };
    const orderId = await place("20");
    const first = await transferTo(orderId);
    await first.record(first.dueFen - 100, "N-1");
    await first.record(100, "N-3");
    const overpaid = await place("20");
    const second = await transferTo(overpaid);
    await second.record(second.dueFen + 100, "N-2");
    const payLink = `/union/orders/${orderId}/payment`;
    const both = [
      ["hospital.buyer", payLink],
      ["hospital.chair", payLink],
    ];
    const overLink = `/union/orders/${overpaid}/payment`;
    expect(await noticesOf("paymentShort", since)).toEqual(both);
    expect(await noticesOf("paymentOver", since)).toEqual([
      ["hospital.buyer", overLink],
      ["hospital.chair", overLink],
    ]);
    expect(await noticesOf("paymentReceived", since)).toEqual(both);
    await responseOf(() =>
      orderAction({
        request: formRequest(`/union/orders/${orderId}`, { intent: "cancel", reason: "活动取消" }, buyer),
        params: { orderId: String(orderId) },
        context: {},
      }),
    );
    expect(await noticesOf("refundDone", since)).toEqual(both);
  });

  it("tells a cooperative that its certificate was approved or rejected", async () => {
    const since = await lastNotificationId();
    const leader = await cookieFor("city.leader");
    const submitted = await db.certificate.findMany({
      where: { status: "SUBMITTED" },
      include: { product: { include: { supplier: { include: { org: { include: { memberships: { include: { user: true } } } } } } } } },
      take: 2,
    });
    expect(submitted.length).toBe(2);
    // City-level certificates: the city federation is their one reviewer (county-level ones go to the county union).
    await write(() => db.certificate.updateMany({ where: { id: { in: [submitted[0].id, submitted[1].id] } }, data: { level: "CITY" } }));
    await responseOf(() =>
      certificatesAction({
        request: formRequest("/certificates", { certificateId: String(submitted[0].id), intent: "APPROVED" }, leader),
        params: {},
        context: {},
      }),
    );
    await responseOf(() =>
      certificatesAction({
        request: formRequest("/certificates", { certificateId: String(submitted[1].id), intent: "REJECTED", note: "证书模糊" }, leader),
        params: {},
        context: {},
      }),
    );
    const usersOf = (i: number) => submitted[i].product.supplier.org.memberships.map((m) => [m.user.username, `/supplier/products/${submitted[i].productId}`]);
    expect(await noticesOf("certificateApproved", since)).toEqual(usersOf(0));
    expect(await noticesOf("certificateRejected", since)).toEqual(usersOf(1));
  });
});

describe("inbox", () => {
  it("marks one notice read and opens its link; marks all read; never touches another user's notice", async () => {
    const chairId = await userId("hospital.chair");
    const mine = await db.notification.findFirstOrThrow({ where: { userId: chairId, readAt: null } });
    const foreign = await db.notification.findFirstOrThrow({ where: { userId: { not: await userId("hospital.buyer") } } });
    const asBuyer = await responseOf(() =>
      inboxAction({ request: formRequest("/notifications", { intent: "open", notificationId: String(foreign.id) }, buyer), params: {}, context: {} }),
    );
    expect(asBuyer.status).toBe(404);
    const opened = await responseOf(() =>
      inboxAction({ request: formRequest("/notifications", { intent: "open", notificationId: String(mine.id) }, chair), params: {}, context: {} }),
    );
    expect(opened.status).toBe(302);
    expect(opened.headers.get("Location")).toBe(mine.link);
    expect((await db.notification.findUniqueOrThrow({ where: { id: mine.id } })).readAt).not.toBeNull();
    await responseOf(() => inboxAction({ request: formRequest("/notifications", { intent: "readAll" }, chair), params: {}, context: {} }));
    expect(await db.notification.count({ where: { userId: chairId, readAt: null } })).toBe(0);
    const shell = await (await responseOf(() => rootLoader({ request: getRequest("/", chair), params: {}, context: {} }))).json();
    expect(shell.user.unread).toBe(0);
  });

  it("renders the same notice in English for a reader who chose English", async () => {
    const langCookie = (await localeCookie.serialize("en")).split(";")[0];
    const request = new Request("http://localhost:3000/notifications", { headers: { Cookie: `${buyer}; ${langCookie}` } });
    const inbox = await (await responseOf(() => inboxLoader({ request, params: {}, context: {} }))).json();
    const rejected = inbox.notices.find((n: { kind: string }) => n.kind === "orderRejected");
    expect(rejected.title).toBe("Order rejected");
    expect(rejected.text).toMatch(/^Your order BF\d+-\d+ was rejected: 预算另有安排$/);
  });
});

describe("e-mail outbox", () => {
  function startSmtp(port = 0) {
    const received: Array<{ to: string; raw: string }> = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        let raw = "";
        stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
        stream.on("end", () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), raw });
          callback();
        });
      },
    });
    return new Promise<{ server: SMTPServer; port: number; received: typeof received }>((resolve) => {
      server.listen(port, "127.0.0.1", () => resolve({ server, port: (server.server.address() as AddressInfo).port, received }));
    });
  }
  /** The decoded text body of a received message (nodemailer sends UTF-8 text as base64 or quoted-printable). */
  const bodyOf = (raw: string) => {
    const [head, ...rest] = raw.split("\r\n\r\n");
    const body = rest.join("\r\n\r\n");
    if (/Content-Transfer-Encoding: base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    if (/Content-Transfer-Encoding: quoted-printable/i.test(head))
      return Buffer.from(
        body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
        "latin1",
      ).toString("utf8");
    return body;
  };
  const stop = (server: SMTPServer) => new Promise<void>((resolve) => server.close(() => resolve()));

  it("e-mails only the kinds a user chose, through a real SMTP server, and retries after the server was down", async () => {
    const saved = await responseOf(() =>
      settingsAction({
        request: formRequest("/notifications/settings", { email: "buyer@hospital.example", emailKind: ["orderApproved", "orderRejected"] }, buyer),
        params: {},
        context: {},
      }),
    );
    expect(saved.status).toBe(200);
    const settings = await (await responseOf(() => settingsLoader({ request: getRequest("/notifications/settings", buyer), params: {}, context: {} }))).json();
    expect(settings.settings.email).toBe("buyer@hospital.example");
    expect(settings.settings.kinds.filter((k: { email: boolean }) => k.email).map((k: { kind: string }) => k.kind)).toEqual(["orderApproved", "orderRejected"]);
    const bad = await responseOf(() =>
      settingsAction({ request: formRequest("/notifications/settings", { email: "not-an-address" }, buyer), params: {}, context: {} }),
    );
    expect(bad.status).toBe(400);

    const smtp = await startSmtp();
    const smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
    await drainEmailOutbox({ smtpUrl }); // nothing queued from before the preference
    const orderId = await place("320"); // approvalNeeded goes to the chair, who has no e-mail: no mail
    await approve(orderId);
    expect(await db.emailOutbox.count({ where: { status: "PENDING" } })).toBe(1);
    expect(await drainEmailOutbox({ smtpUrl })).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].to).toBe("buyer@hospital.example");
    expect(bodyOf(smtp.received[0].raw)).toContain(`/union/orders/${orderId}`);
    expect(bodyOf(smtp.received[0].raw)).toContain("已由 商州医院工会 李主席 审批通过");
    await stop(smtp.server);

    // The server is down: the e-mail stays queued with the error and a later attempt time.
    const second = await place("320");
    await approve(second, "reject", "下月再买");
    expect(await drainEmailOutbox({ smtpUrl })).toEqual({ sent: 0, failed: 1 });
    const queued = await db.emailOutbox.findFirstOrThrow({ where: { status: "PENDING" } });
    expect(queued.attempts).toBe(1);
    expect(queued.lastError).toBeTruthy();
    expect(queued.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    // Not yet due: nothing is tried.
    const back = await startSmtp(smtp.port);
    expect(await drainEmailOutbox({ smtpUrl })).toEqual({ sent: 0, failed: 0 });
    expect(await drainEmailOutbox({ smtpUrl, now: new Date(Date.now() + 2 * 60_000) })).toEqual({ sent: 1, failed: 0 });
    expect(back.received).toHaveLength(1);
    expect(bodyOf(back.received[0].raw)).toContain("下月再买");
    expect((await db.emailOutbox.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe("SENT");
    await stop(back.server);
  });
});
