// Festival campaigns, ready packs and the draft gift pack, through the routes people use: a campaign opened by the
// city federation, a pack proposed by a cooperative and approved, a draft submitted through the one submission
// path. The old guarantees hold for packs: lines split per supplier, no oversell under load, one order per token.
import { q, run } from "~/utils/sql.server";
import type { ActionFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { chinaDate } from "~/domain/china-time";
import { submitOrder } from "~/models/orders/order-submit.server";
import { action as campaignsAction } from "~/routes/campaigns._index";
import { action as campaignAction } from "~/routes/campaigns.$campaignId._index";
import { loader as exportLoader } from "~/routes/campaigns.$campaignId.export";
import { loader as reportLoader } from "~/routes/campaigns.$campaignId.report";
import { action as proposeAction } from "~/routes/packs.propose";
import { action as reviewAction } from "~/routes/packs.review";
import { action as draftAction, loader as draftLoader } from "~/routes/union.draft";
import { action as builderAction } from "~/routes/union.orders.new";
import { db, transaction } from "~/utils/db.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";

const DAY = 86400_000;
const day = (offset: number) => chinaDate(new Date(Date.now() + offset * DAY));
const call = (fn: (args: ActionFunctionArgs) => Promise<unknown>, request: Request, params: Record<string, string> = {}) =>
  responseOf(() => fn({ request, params, context: {} }));

let cookies: Record<string, string>;
let tea: { id: number; code: string };
let honey: { id: number; code: string };
let packId: number;
let campaignId: number;

async function createCampaign(fields: Record<string, string>) {
  const response = await call(campaignsAction, formRequest("/campaigns", fields, cookies.city));
  expect(response.status).toBe(302);
  return Number(/\/campaigns\/(\d+)/.exec(response.headers.get("Location") ?? "")![1]);
}

const address = { addressId: "new", recipient: "工会办公室", phone: "0914-2311234", address: "商州区北新街 8 号" };

async function addPackToDraft(cookie: string, perMember = "1") {
  const response = await call(draftAction, formRequest("/union/draft", { intent: "add", packId: String(packId), perMember, redirectTo: "/products" }, cookie));
  expect(response.status).toBe(302);
}

function submitDraft(cookie: string, fields: Record<string, string>) {
  return call(draftAction, formRequest("/union/draft", { intent: "submit", ...address, ...fields }, cookie));
}

async function draftItemFields(cookie: string) {
  const data = (await (await call(draftLoader, getRequest("/union/draft", cookie))).json()) as { items: Array<{ id: number; perMember: number }> };
  return Object.fromEntries(
    data.items.flatMap((item, i) => [
      [`items[${i}].id`, String(item.id)],
      [`items[${i}].perMember`, String(item.perMember)],
    ]),
  );
}

beforeAll(async () => {
  await seedDemoBase();
  cookies = {
    city: await cookieFor("city.leader"),
    county: await cookieFor("sz.leader"),
    tea: await cookieFor("tea.coop"),
    hospital: await cookieFor("hospital.buyer"),
    school: await cookieFor("school.buyer"),
  };
  tea = await db.product.findFirstOrThrow({ where: { code: "P00002" }, select: { id: true, code: true } });
  honey = await db.product.findFirstOrThrow({ where: { code: "P00011" }, select: { id: true, code: true } });
  await transaction(async (c) => {
    await run(c, q.updateTable("Product").set({ stock: 100000, minOrderQty: 1 }).where("id", "in", [tea.id, honey.id]));
  });
});

describe("a 中秋 campaign with a cooperative's ready pack", () => {
  it("is opened by the city federation; a county cannot open one for the city, a buyer not at all", async () => {
    campaignId = await createCampaign({
      name: "2026 中秋慰问",
      occasion: "MID_AUTUMN",
      opensOn: day(-1),
      closesOn: day(10),
      deliverBy: day(20),
      guidance: "300",
      cap: "400",
      target: "30",
    });
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign.capPerMemberFen).toBe(40000);
    expect(campaign.targetBasisPoints).toBe(3000);
    const bad = await call(
      campaignsAction,
      formRequest(
        "/campaigns",
        { name: "x", occasion: "MID_AUTUMN", opensOn: day(5), closesOn: day(1), deliverBy: day(6), guidance: "500", cap: "400" },
        cookies.city,
      ),
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("截止日期不能早于开始日期");
    const buyer = await call(campaignsAction, formRequest("/campaigns", { name: "x" }, cookies.hospital));
    expect(buyer.status).toBe(403);
  });

  it("takes a pack proposed by a cooperative with another's product, priced at or below list, after review", async () => {
    const tooDear = await call(proposeAction, formRequest("/packs/propose", { name: "贵", items: `${tea.code},1,999` }, cookies.tea));
    expect(tooDear.status).toBe(400);
    expect(JSON.stringify(await tooDear.json())).toContain("高于标价");
    const proposed = await call(
      proposeAction,
      formRequest(
        "/packs/propose",
        { name: "商洛中秋礼包", description: "红茶一盒 + 百花蜜一瓶", items: `${tea.code},1,180\n${honey.code},1,60` },
        cookies.tea,
      ),
    );
    expect(proposed.status).toBe(302);
    const pack = await db.giftPack.findFirstOrThrow({ where: { name: "商洛中秋礼包" }, include: { items: true } });
    packId = pack.id;
    expect(pack.status).toBe("SUBMITTED");
    // Not orderable before approval, and not addable to a campaign.
    expect((await call(draftAction, formRequest("/union/draft", { intent: "add", packId: String(packId) }, cookies.hospital))).status).toBe(404);
    expect((await call(reviewAction, formRequest("/packs/review", { packId: String(packId), intent: "APPROVED" }, cookies.county))).status).toBe(403);
    expect((await call(reviewAction, formRequest("/packs/review", { packId: String(packId), intent: "APPROVED" }, cookies.city))).status).toBe(200);
    expect(
      (await call(campaignAction, formRequest(`/campaigns/${campaignId}`, { code: pack.code }, cookies.city), { campaignId: String(campaignId) })).status,
    ).toBe(200);
    expect(
      (await call(campaignAction, formRequest(`/campaigns/${campaignId}`, { code: pack.code }, cookies.county), { campaignId: String(campaignId) })).status,
    ).toBe(404);
    expect(await db.campaignItem.count({ where: { campaignId, packId } })).toBe(1);
    const audit = await db.auditLog.findMany({ where: { entityType: "GiftPack", entityId: String(packId) } });
    expect(audit.map((a) => a.action)).toEqual(["giftPack.propose", "giftPack.review"]);
  });

  it("orders the pack from the draft for 326 members: lines at pack prices, split per supplier, in the campaign", async () => {
    await addPackToDraft(cookies.hospital);
    const response = await submitDraft(cookies.hospital, {
      ...(await draftItemFields(cookies.hospital)),
      token: "pack-order-0001",
      occasion: "MID_AUTUMN",
      headcount: "326",
    });
    expect(response.status).toBe(302);
    const order = await db.order.findFirstOrThrow({
      where: { idempotencyKey: { endsWith: ":pack-order-0001" } },
      include: { subOrders: { include: { lines: true } } },
    });
    expect(Number(order.totalFen)).toBe(326 * 24000);
    expect(order.campaignId).toBe(campaignId);
    expect(order.headcount).toBe(326);
    // ¥78,240 is above the hospital's ¥20,000 threshold: the chair (another person) approves.
    expect(order.status).toBe("PENDING_APPROVAL");
    expect(order.subOrders).toHaveLength(2);
    const bySupplierLine = order.subOrders.map((s) => s.lines.map((l) => [l.productCode, l.quantity, l.unitPriceFen, l.giftPackId]));
    expect(bySupplierLine.flat()).toEqual(
      expect.arrayContaining([
        [tea.code, 326, 18000, packId],
        [honey.code, 326, 6000, packId],
      ]),
    );
    expect(order.subOrders.map((s) => Number(s.amountFen)).sort()).toEqual([326 * 6000, 326 * 18000].sort());
    // The draft is empty once it became an order; a second post of the same form lands on the same order.
    expect(await db.draftPackItem.count({ where: { orgId: order.unionId } })).toBe(0);
    const again = await submitDraft(cookies.hospital, { token: "pack-order-0001", occasion: "MID_AUTUMN", headcount: "326" });
    expect(again.headers.get("Location")).toBe(`/union/orders/${order.id}`);
    expect(await db.order.count({ where: { idempotencyKey: { endsWith: ":pack-order-0001" } } })).toBe(1);
  });

  it("blocks a draft above the campaign's per-member cap and warns above its guidance", async () => {
    await addPackToDraft(cookies.school, "2");
    const fields = { ...(await draftItemFields(cookies.school)), occasion: "MID_AUTUMN", headcount: "10" };
    const preview = (await (await call(draftLoader, getRequest("/union/draft?headcount=10&occasion=MID_AUTUMN", cookies.school))).json()) as {
      preview: { campaignCap: { afterFen: number; exceeds: boolean; aboveGuidance: boolean }; cap: { perMemberFen: number } };
    };
    expect(preview.preview.cap.perMemberFen).toBe(48000);
    expect(preview.preview.campaignCap).toMatchObject({ exceeds: true, aboveGuidance: true });
    const refused = await submitDraft(cookies.school, { ...fields, token: "over-campaign-cap-1" });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain("超过本活动的人均上限");
    expect(await db.order.count({ where: { idempotencyKey: { endsWith: ":over-campaign-cap-1" } } })).toBe(0);
  });

  it("shows the order in the campaign report and exports it as CSV and XLSX", async () => {
    const report = (await (
      await call(reportLoader, getRequest(`/campaigns/${campaignId}/report`, cookies.city), { campaignId: String(campaignId) })
    ).json()) as {
      totals: { unitsInScope: number; unitsOrdered: number; orderedFen: number; certifiedShare: number | null };
      bySupplier: Array<{ supplier: string }>;
      lagging: unknown[];
    };
    expect(report.totals.unitsOrdered).toBe(1);
    expect(report.totals.orderedFen).toBe(326 * 24000);
    expect(report.totals.unitsInScope).toBe(42);
    expect(report.lagging).toHaveLength(41);
    expect(report.bySupplier).toHaveLength(2);
    // A county leader sees its own county's part of the city campaign.
    const county = (await (
      await call(reportLoader, getRequest(`/campaigns/${campaignId}/report`, cookies.county), { campaignId: String(campaignId) })
    ).json()) as { totals: { unitsInScope: number; unitsOrdered: number } };
    expect(county.totals.unitsInScope).toBeLessThan(42);
    expect(county.totals.unitsOrdered).toBe(1);
    const csv = await call(exportLoader, getRequest(`/campaigns/${campaignId}/export?format=csv`, cookies.city), { campaignId: String(campaignId) });
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    expect(await csv.text()).toContain("78240.00");
    const xlsx = await call(exportLoader, getRequest(`/campaigns/${campaignId}/export?format=xlsx`, cookies.city), { campaignId: String(campaignId) });
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    expect((await call(reportLoader, getRequest(`/campaigns/${campaignId}/report`, cookies.hospital), { campaignId: String(campaignId) })).status).toBe(403);
  });
});

describe("outside a campaign window (docs/decisions/0160-campaign-window.md)", () => {
  const builderFields = (token: string, quantity: string) => ({
    intent: "submit",
    token,
    mode: "pack",
    occasion: "DRAGON_BOAT",
    headcount: "10",
    productId: String(honey.id),
    quantity,
    recipient1: "工会办公室",
    phone1: "0914-1234567",
    address1: "商州区北新街 1 号",
  });

  it("orders the occasion without a campaign; the yearly festival cap still applies, the closed campaign's cap does not", async () => {
    const closed = await createCampaign({
      name: "端午（已结束）",
      occasion: "DRAGON_BOAT",
      opensOn: day(-30),
      closesOn: day(-2),
      deliverBy: day(-1),
      guidance: "50",
      cap: "60",
    });
    // ¥68 per member is above the closed campaign's ¥60 cap: accepted, because the window is over.
    const ordered = await call(builderAction, formRequest("/union/orders/new", builderFields("outside-window-1", "1"), cookies.school));
    expect(ordered.status).toBe(302);
    const order = await db.order.findFirstOrThrow({ where: { idempotencyKey: { endsWith: ":outside-window-1" } } });
    expect(order.campaignId).toBeNull();
    expect(await db.order.count({ where: { campaignId: closed } })).toBe(0);
    // The yearly festival cap (¥2,200 per member) still blocks: 40 jars × ¥68 = ¥2,720 per member.
    const overCap = await call(builderAction, formRequest("/union/orders/new", builderFields("outside-window-2", "40"), cookies.school));
    expect(overCap.status).toBe(400);
    expect(JSON.stringify(await overCap.json())).toContain("超过每人每年节日慰问品上限");
  });

  it("does not join a campaign that has not opened yet", async () => {
    await createCampaign({
      name: "国庆（未开始）",
      occasion: "NATIONAL_DAY",
      opensOn: day(3),
      closesOn: day(9),
      deliverBy: day(12),
      guidance: "100",
      cap: "100",
    });
    const response = await call(
      builderAction,
      formRequest("/union/orders/new", { ...builderFields("not-yet-open-1", "1"), occasion: "NATIONAL_DAY" }, cookies.school),
    );
    expect(response.status).toBe(302);
    expect((await db.order.findFirstOrThrow({ where: { idempotencyKey: { endsWith: ":not-yet-open-1" } } })).campaignId).toBeNull();
  });
});

describe("ready packs under load", () => {
  it("sells exactly what exists of a pack's scarcest component to 200 concurrent orders, and no partial orders", async () => {
    await transaction(async (c) => {
      await run(c, q.updateTable("Product").set({ stock: 50 }).where("id", "=", honey.id));
      await run(c, q.updateTable("Product").set({ stock: 10000 }).where("id", "=", tea.id));
      await run(c, q.updateTable("WelfareBudget").set({ blockOverBudget: 0 }));
    });
    const school = await db.user.findUniqueOrThrow({ where: { username: "school.buyer" }, include: { memberships: { include: { org: true } } } });
    const buyer = { userId: school.id, org: school.memberships[0].org };
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        submitOrder(buyer, {
          token: `pack-load-${String(i).padStart(4, "0")}`,
          occasion: "UNION_ACTIVITY",
          headcount: 1,
          lines: [],
          packs: [{ packId, count: 1 }],
          addresses: [{ recipient: "工会办公室", phone: "0914-1234567", address: "商州区北新街 1 号" }],
          note: "",
        }),
      ),
    );
    expect(outcomes.filter((o) => o.kind === "created")).toHaveLength(50);
    expect(outcomes.filter((o) => o.kind === "insufficientStock")).toHaveLength(150);
    expect((await db.product.findUniqueOrThrow({ where: { id: honey.id } })).stock).toBe(0);
    // The tea in the 150 refused orders was not taken either: the whole order rolls back.
    expect((await db.product.findUniqueOrThrow({ where: { id: tea.id } })).stock).toBe(10000 - 50);
    const lines = await db.orderLine.groupBy({
      by: ["productId"],
      where: { order: { idempotencyKey: { contains: ":pack-load-" } } },
      _sum: { quantity: true },
    });
    expect(lines.map((l) => [l.productId, l._sum.quantity]).sort()).toEqual(
      [
        [tea.id, 50],
        [honey.id, 50],
      ].sort(),
    );
    expect(await db.subOrder.count({ where: { order: { idempotencyKey: { contains: ":pack-load-" } } } })).toBe(100);
  });

  it("refuses a withdrawn pack at submission", async () => {
    await transaction(async (c) => {
      await run(c, q.updateTable("GiftPack").set({ status: "WITHDRAWN" }).where("id", "=", packId));
    });
    const school = await db.user.findUniqueOrThrow({ where: { username: "school.buyer" }, include: { memberships: { include: { org: true } } } });
    const outcome = await submitOrder(
      { userId: school.id, org: school.memberships[0].org },
      {
        token: "withdrawn-pack-1",
        occasion: "UNION_ACTIVITY",
        headcount: 1,
        lines: [],
        packs: [{ packId, count: 1 }],
        addresses: [{ recipient: "a", phone: "b", address: "c" }],
        note: "",
      },
    );
    expect(outcome.kind).toBe("invalid");
    await transaction(async (c) => {
      await run(c, q.updateTable("GiftPack").set({ status: "APPROVED" }).where("id", "=", packId));
    });
  });
});

describe("less typing", () => {
  it("keeps the draft across sessions, saves it as a template, reloads it, and refills it from a past order", async () => {
    const first = await cookieFor("hospital.buyer");
    await call(draftAction, formRequest("/union/draft", { intent: "add", productId: String(tea.id), redirectTo: "/products?q=茶" }, first));
    const second = await cookieFor("hospital.buyer");
    const draft = (await (await call(draftLoader, getRequest("/union/draft", second))).json()) as {
      items: Array<{ code: string; perMember: number }>;
      headcount: number;
    };
    expect(draft.items.map((i) => [i.code, i.perMember])).toEqual([[tea.code, 1]]);
    expect(draft.headcount).toBeGreaterThan(0);
    expect((await call(draftAction, formRequest("/union/draft", { intent: "saveTemplate", name: "中秋标准礼包" }, second))).status).toBe(200);
    const dup = await call(draftAction, formRequest("/union/draft", { intent: "saveTemplate", name: "中秋标准礼包" }, second));
    expect(dup.status).toBe(400);
    const template = await db.orderTemplate.findFirstOrThrow({ where: { name: "中秋标准礼包" } });
    const order = await db.order.findFirstOrThrow({ where: { idempotencyKey: { endsWith: ":pack-order-0001" } } });
    const reorder = await call(draftAction, formRequest("/union/draft", { intent: "reorder", orderId: String(order.id) }, second));
    expect(reorder.headers.get("Location")).toContain("headcount=326");
    const refilled = (await (await call(draftLoader, getRequest("/union/draft", second))).json()) as {
      items: Array<{ packId: number | null; perMember: number }>;
    };
    expect(refilled.items).toEqual([expect.objectContaining({ packId, perMember: 1 })]);
    await call(draftAction, formRequest("/union/draft", { intent: "loadTemplate", templateId: String(template.id) }, second));
    const loaded = (await (await call(draftLoader, getRequest("/union/draft", second))).json()) as { items: Array<{ code: string }> };
    expect(loaded.items.map((i) => i.code)).toEqual([tea.code]);
    // Another union's order cannot be reordered.
    expect((await call(draftAction, formRequest("/union/draft", { intent: "reorder", orderId: String(order.id) }, cookies.school))).status).toBe(404);
  });

  it("sends an order placed by quantities back to the order form, lines filled", async () => {
    const order = await db.order.findFirstOrThrow({ where: { idempotencyKey: { endsWith: ":outside-window-1" } } });
    await transaction(async (c) => {
      await run(c, q.updateTable("Order").set({ headcount: null }).where("id", "=", order.id));
    });
    const response = await call(draftAction, formRequest("/union/draft", { intent: "reorder", orderId: String(order.id) }, cookies.school));
    expect(response.headers.get("Location")).toBe(`/union/orders/new?from=${order.id}`);
  });

  it("refuses a redirect to another site after adding to the draft", async () => {
    const response = await call(
      draftAction,
      formRequest("/union/draft", { intent: "add", productId: String(tea.id), redirectTo: "//evil.example/x" }, cookies.school),
    );
    expect(response.headers.get("Location")).toMatch(/^\/union\/draft/);
  });
});
