// Issue 11: listings that hold up — edit, village check, welfare eligibility, banned goods taken off sale, review
// states, stock history, below-minimum stock, the owner's view of a withdrawn listing, spreadsheet import updates.
import { sql, type SqlBool } from "kysely";
import iconv from "iconv-lite";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { loader as catalogLoader } from "~/routes/products._index";
import { loader as productLoader } from "~/routes/products.$productId";
import { action as editAction, loader as editLoader } from "~/routes/supplier.products.$productId._index";
import { action as newAction } from "~/routes/supplier.products.new";
import { action as importAction } from "~/routes/supplier.products.import";
import { action as listAction } from "~/routes/supplier.products._index";
import { loader as homeLoader } from "~/routes/supplier._index";
import { action as reviewAction, loader as reviewLoader } from "~/routes/listings.review";
import { action as rulesAction, loader as rulesLoader } from "~/routes/welfare-rules";
import { loader as certificatesLoader } from "~/routes/certificates._index";
import { loader as exportLoader } from "~/routes/supplier.products.export";
import { loader as templateLoader } from "~/routes/supplier.products.template";
import { loader as numbersLoader } from "~/routes/supplier.numbers";
import { sweepAtStartup } from "~/models/catalog/welfare-rules.server";
import { indexProduct } from "~/models/catalog/product-search-index.server";
import { db, reader, transaction } from "~/utils/db.server";
import { inChinaYearSql } from "~/models/rules-sql.server";
import { instant, one, q, run } from "~/utils/sql.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";

let walnut: { cookie: string; supplierId: number; orgId: number; county: string };
let teaVillageId: number;

async function supplierOf(username: string) {
  const user = await db.user.findUniqueOrThrow({ where: { username }, include: { memberships: true } });
  const supplier = await db.supplier.findUniqueOrThrow({ where: { orgId: user.memberships[0].orgId } });
  return { cookie: await cookieFor(username), supplierId: supplier.id, orgId: supplier.orgId, county: supplier.county };
}

async function countyLeaderOf(county: string) {
  const org = await db.organization.findFirstOrThrow({ where: { kind: "COUNTY", region: county } });
  const user = await db.user.findFirstOrThrow({ where: { memberships: { some: { orgId: org.id, role: "LEADER" } } } });
  return cookieFor(user.username);
}

async function otherCountyLeader(county: string) {
  const org = await db.organization.findFirstOrThrow({ where: { kind: "COUNTY", NOT: { region: county } } });
  const user = await db.user.findFirstOrThrow({ where: { memberships: { some: { orgId: org.id, role: "LEADER" } } } });
  return cookieFor(user.username);
}

beforeAll(async () => {
  await seedDemoBase();
  walnut = await supplierOf("walnut.coop");
  const tea = await supplierOf("tea.coop");
  teaVillageId = (
    await db.supplierVillage.findFirstOrThrow({
      where: {
        supplierId: tea.supplierId,
        NOT: { villageId: { in: (await db.supplierVillage.findMany({ where: { supplierId: walnut.supplierId } })).map((v) => v.villageId) } },
      },
    })
  ).villageId;
});

const edit = (productId: number, fields: Record<string, string>, cookie = walnut.cookie) =>
  responseOf(() =>
    editAction({ request: formRequest(`/supplier/products/${productId}`, fields, cookie), params: { productId: String(productId) }, context: {} }),
  );
const create = (fields: Record<string, string>, cookie = walnut.cookie) =>
  responseOf(() => newAction({ request: formRequest("/supplier/products/new", fields, cookie), params: {}, context: {} }));
const productPage = (id: number, cookie?: string) =>
  responseOf(() => productLoader({ request: getRequest(`/products/${id}`, cookie), params: { productId: String(id) }, context: {} }));
const search = async (q: string) =>
  (await (await responseOf(() => catalogLoader({ request: getRequest(`/products?q=${encodeURIComponent(q)}`), params: {}, context: {} }))).json()).result as {
    total: number;
    items: Array<{ id: number }>;
  };

/** The edit form's fields for a stored product, as the browser would post them unchanged. */
async function formOf(productId: number): Promise<Record<string, string>> {
  const p = await db.product.findUniqueOrThrow({ where: { id: productId }, include: { tierPrices: { orderBy: { minQty: "asc" } } } });
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  const fields: Record<string, string> = {
    intent: "save",
    title: p.title,
    description: p.description,
    category: p.category,
    unit: p.unit,
    price: yuan(p.priceFen),
    marketPrice: p.marketPriceFen ? yuan(p.marketPriceFen) : "",
    minOrderQty: String(p.minOrderQty),
    leadTimeDays: String(p.leadTimeDays),
    shelfLifeDays: p.shelfLifeDays ? String(p.shelfLifeDays) : "",
    villageId: p.originVillageId ? String(p.originVillageId) : "",
    lowStockThreshold: p.lowStockThreshold == null ? "" : String(p.lowStockThreshold),
  };
  p.tierPrices.forEach((t, i) => {
    fields[`tier${i + 1}Qty`] = String(t.minQty);
    fields[`tier${i + 1}Price`] = yuan(t.priceFen);
  });
  return fields;
}

async function liveWalnutProduct() {
  return db.product.findFirstOrThrow({ where: { supplierId: walnut.supplierId, listingState: "LIVE", stock: { gt: 50 } }, orderBy: { id: "asc" } });
}

describe("editing a listing", () => {
  it("saves every field, says what changed, and audits before and after", async () => {
    const product = await liveWalnutProduct();
    const fields = await formOf(product.id);
    const villages = await db.supplierVillage.findMany({ where: { supplierId: walnut.supplierId } });
    const otherVillage = villages.find((v) => v.villageId !== product.originVillageId) ?? villages[0];
    const newPrice = ((product.priceFen * 1.1) / 100).toFixed(2); // +10%: no review
    const saved = await edit(product.id, {
      ...fields,
      title: `${product.title} 新包装`,
      price: newPrice,
      tier1Qty: "50",
      tier1Price: ((product.priceFen * 0.9) / 100).toFixed(2),
      tier2Qty: "",
      tier2Price: "",
      villageId: String(otherVillage.villageId),
      lowStockThreshold: "40",
      shelfLifeDays: "200",
      leadTimeDays: "6",
      description: "新的介绍",
    });
    expect(saved.status).toBe(200);
    const { saved: message } = await saved.json();
    expect(message).toContain("单价");
    expect(message).toContain("批量价");
    expect(message).toContain("低库存提醒");
    const after = await db.product.findUniqueOrThrow({ where: { id: product.id }, include: { tierPrices: true } });
    expect(after).toMatchObject({
      title: `${product.title} 新包装`,
      priceFen: Math.round(product.priceFen * 1.1),
      lowStockThreshold: 40,
      shelfLifeDays: 200,
      leadTimeDays: 6,
      description: "新的介绍",
      listingState: "LIVE",
      active: true,
    });
    expect(after.tierPrices).toEqual([expect.objectContaining({ minQty: 50, priceFen: Math.round(product.priceFen * 0.9) })]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "product.update", entityId: String(product.id) }, orderBy: { id: "desc" } });
    const detail = JSON.parse(audit.detail);
    expect(detail.before.priceFen).toBe(product.priceFen);
    expect(detail.after.priceFen).toBe(after.priceFen);
    expect(detail.before.title).toBe(product.title);
    // Saving again unchanged says so and writes no audit entry.
    const again = await edit(product.id, await formOf(product.id));
    expect((await again.json()).saved).toBe("已保存，没有改动");
    expect(await db.auditLog.count({ where: { action: "product.update", entityId: String(product.id) } })).toBe(1);
  });

  it("refuses a village the supplier does not serve, or one that does not exist, with 400 and changes nothing", async () => {
    const product = await liveWalnutProduct();
    const before = await db.product.findUniqueOrThrow({ where: { id: product.id } });
    for (const [villageId, message] of [
      [String(teaVillageId), "请选择本社服务的帮扶村"],
      ["999999", "请选择本社服务的帮扶村"],
      ["abc", "有效的数字"],
      ["-3", "有效的数字"],
    ]) {
      const response = await edit(product.id, { ...(await formOf(product.id)), villageId, description: "换个村" });
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(message);
    }
    const created = await create({ ...(await formOf(product.id)), title: "新核桃 村外", stock: "10", villageId: String(teaVillageId) });
    expect(created.status).toBe(400);
    expect(await db.product.findUniqueOrThrow({ where: { id: product.id } })).toEqual(before);
  });
});

describe("welfare eligibility", () => {
  const listing = { intent: "save", category: "OTHER", unit: "瓶", stock: "10", minOrderQty: "1", leadTimeDays: "3" };

  it("refuses banned goods by name on the form and on edit, naming the rule, and saves nothing", async () => {
    const before = await db.product.count();
    const cases: Array<[Record<string, string>, string]> = [
      [{ ...listing, title: "中华香烟 条装", price: "450" }, "烟草"],
      [{ ...listing, title: "飞天茅台 53度 500ml", price: "2699" }, "高档酒"],
      [{ ...listing, title: "商洛 白酒 42度 500ml", price: "388" }, "烈性酒单瓶限价"],
      [{ ...listing, title: "农家礼品卡 500元", price: "500" }, "购物卡"],
      [{ ...listing, title: "足金 吊坠", price: "999" }, "黄金珠宝首饰"],
      [{ ...listing, title: "山货 礼盒", description: "内含购物券", price: "100" }, "现金等价物"],
    ];
    for (const [fields, rule] of cases) {
      const response = await create(fields);
      expect(response.status, fields.title).toBe(400);
      const body = JSON.stringify(await response.json());
      expect(body, fields.title).toContain(rule);
      expect(body).toContain("不能上架");
    }
    expect(await db.product.count()).toBe(before);
    const product = await liveWalnutProduct();
    const renamed = await edit(product.id, { ...(await formOf(product.id)), title: "核桃 配 香烟" });
    expect(renamed.status).toBe(400);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).title).toBe(product.title);
  });

  it("allows wine, cheap spirits and smoked meat", async () => {
    for (const [title, price, category] of [
      ["丹凤葡萄酒 干红 750ml", "688", "WINE"],
      ["商洛高粱酒 52度 6瓶装", "600", "OTHER"],
      ["秦岭烟熏腊肉 2斤", "88", "CURED_MEAT"],
    ]) {
      const response = await create({ ...listing, title, price, category, unit: "件" });
      expect(response.status, title).toBe(302);
    }
  });

  it("takes goods already listed that break a new rule off sale and reports them to the supplier and the county", async () => {
    const now = Date.now();
    const liveListing = (code: string, title: string, unit: string, priceFen: number) =>
      q
        .insertInto("Product")
        .values({
          supplierId: walnut.supplierId,
          code,
          title,
          category: "OTHER",
          unit,
          priceFen,
          stock: 100,
          active: 1,
          listingState: "LIVE",
          createdAt: instant(now),
          updatedAt: instant(now),
        })
        .returning("id");
    const id = await transaction(async (c) => {
      await one(c, liveListing("OLD-1", "老字号 散装烟丝", "袋", 3000));
      return (await one(c, liveListing("OLD-2", "核桃 加油卡 套装", "件", 5000))).id;
    });
    // 烟丝 is caught by the default pattern at start-up; 加油卡 by the default list too.
    const taken = await sweepAtStartup();
    expect(taken.map((t) => t.title).sort()).toEqual(["核桃 加油卡 套装", "老字号 散装烟丝"].sort());
    const leader = await countyLeaderOf(walnut.county);
    // A leader adds a word; a listed product containing it goes off sale in the same write.
    await transaction(async (c) => {
      const old3 = await one(c, liveListing("OLD-3", "核桃 电子消费券", "件", 5000));
      await indexProduct(c, old3.id);
    });
    expect((await search("电子消费券")).total).toBe(1);
    const added = await responseOf(() =>
      rulesAction({
        request: formRequest("/welfare-rules", { intent: "addRule", ruleClass: "CASH_EQUIVALENT", kind: "WORD", value: "消费券", note: "" }, leader),
        params: {},
        context: {},
      }),
    );
    expect(added.status).toBe(200);
    expect((await added.json()).saved).toContain("1 件");
    const old3 = await db.product.findFirstOrThrow({ where: { code: "OLD-3" } });
    expect(old3).toMatchObject({ listingState: "BANNED", active: false });
    expect((await search("电子消费券")).total).toBe(0);
    expect((await productPage(old3.id, await cookieFor("hospital.buyer"))).status).toBe(404);
    expect(await db.auditLog.count({ where: { action: "product.takenOffSale", entityId: String(old3.id) } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "welfareRule.add" } })).toBe(1);
    // The supplier's home lists them with the rule; the county's review page records them; another county does not see them.
    const home = await (await responseOf(() => homeLoader({ request: getRequest("/supplier", walnut.cookie), params: {}, context: {} }))).json();
    expect(home.notices.banned.map((p: { code: string }) => p.code).sort()).toEqual(["OLD-1", "OLD-2", "OLD-3"]);
    const county = await (await responseOf(() => reviewLoader({ request: getRequest("/listings/review", leader), params: {}, context: {} }))).json();
    expect(county.banned.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining(["OLD-1", "OLD-2", "OLD-3"]));
    const other = await (
      await responseOf(async () => reviewLoader({ request: getRequest("/listings/review", await otherCountyLeader(walnut.county)), params: {}, context: {} }))
    ).json();
    expect(other.banned.some((p: { code: string }) => p.code.startsWith("OLD-"))).toBe(false);
    // The supplier cannot put a banned listing back on sale.
    const putBack = await responseOf(() =>
      listAction({ request: formRequest("/supplier/products", { intent: "activate", productId: String(id) }, walnut.cookie), params: {}, context: {} }),
    );
    expect(putBack.status).toBe(409);
    expect((await db.product.findUniqueOrThrow({ where: { id } })).listingState).toBe("BANNED");
  });

  it("lets leaders see and extend the list; only the city federation sets the spirits cap; bad input changes nothing", async () => {
    const leader = await countyLeaderOf(walnut.county);
    const page = await (await responseOf(() => rulesLoader({ request: getRequest("/welfare-rules", leader), params: {}, context: {} }))).json();
    expect(page.rules.some((r: { value: string }) => r.value === "茅台")).toBe(true);
    expect(page.maySetCap).toBe(false);
    const count = await db.welfareBanRule.count();
    const post = (fields: Record<string, string>, cookie = leader) =>
      responseOf(() => rulesAction({ request: formRequest("/welfare-rules", fields, cookie), params: {}, context: {} }));
    expect((await post({ intent: "addRule", ruleClass: "TOBACCO", kind: "WORD", value: "香烟" })).status).toBe(400);
    expect((await post({ intent: "addRule", ruleClass: "TOBACCO", kind: "PATTERN", value: "烟(" })).status).toBe(400);
    expect((await post({ intent: "addRule", ruleClass: "NOPE", kind: "WORD", value: "x" })).status).toBe(400);
    expect(await db.welfareBanRule.count()).toBe(count);
    expect((await post({ intent: "setCap", cap: "100" })).status).toBe(403);
    const city = await cookieFor("city.leader");
    expect((await post({ intent: "setCap", cap: "abc" }, city)).status).toBe(400);
    expect((await post({ intent: "setCap", cap: "250" }, city)).status).toBe(200);
    expect((await db.welfareEligibilitySetting.findUniqueOrThrow({ where: { id: 1 } })).spiritsCapFenPerBottle).toBe(25000);
    expect(
      (await responseOf(async () => rulesLoader({ request: getRequest("/welfare-rules", await cookieFor("hospital.buyer")), params: {}, context: {} }))).status,
    ).toBe(403);
  });
});

describe("listing review", () => {
  let fresh: { cookie: string; supplierId: number; county: string };

  beforeAll(async () => {
    // A new cooperative with no listings yet, serving one village in 商南县.
    const village = await db.village.findFirstOrThrow({ where: { county: "商南县" } });
    const hash = (await db.user.findUniqueOrThrow({ where: { username: "walnut.coop" } })).passwordHash;
    await transaction(async (c) => {
      const orgId = (
        await one(
          c,
          q
            .insertInto("Organization")
            .values({ kind: "SUPPLIER", name: "新社 茶叶合作社", code: "SUP-NEW", path: "/x/", region: "商南县", createdAt: instant(Date.now()) })
            .returning("id"),
        )
      ).id;
      await run(
        c,
        q
          .updateTable("Organization")
          .set({ path: `/${orgId}/` })
          .where("id", "=", orgId),
      );
      const supplierId = (
        await one(c, q.insertInto("Supplier").values({ orgId, kind: "COOPERATIVE", tradeRole: "PRODUCER", county: "商南县" }).returning("id"))
      ).id;
      await run(c, q.insertInto("SupplierVillage").values({ supplierId, villageId: village.id, householdsBenefited: 30 }));
      const userId = (
        await one(
          c,
          q
            .insertInto("User")
            .values({ username: "new.coop", name: "新社", passwordHash: hash, createdAt: instant(Date.now()) })
            .returning("id"),
        )
      ).id;
      await run(c, q.insertInto("Membership").values({ userId, orgId, role: "SUPPLIER" }));
    });
    fresh = await supplierOf("new.coop");
  });

  const tea = { intent: "save", title: "新社 明前绿茶 250g", category: "TEA", unit: "盒", price: "100", stock: "50", minOrderQty: "1", leadTimeDays: "3" };

  it("holds a new supplier's first listings for the county leader, who rejects with a reason or approves", async () => {
    const created = await create(tea, fresh.cookie);
    expect(created.status).toBe(302);
    const id = Number(created.headers.get("Location")!.split("/").pop());
    expect(await db.product.findUniqueOrThrow({ where: { id } })).toMatchObject({
      listingState: "PENDING_REVIEW",
      active: false,
      stateReason: "FIRST_LISTINGS",
    });
    expect((await search("明前绿茶")).items.some((i) => i.id === id)).toBe(false);
    expect((await productPage(id, await cookieFor("hospital.buyer"))).status).toBe(404);
    // The supplier sees the state and the reason on its own page.
    const own = await (
      await responseOf(() => editLoader({ request: getRequest(`/supplier/products/${id}`, fresh.cookie), params: { productId: String(id) }, context: {} }))
    ).json();
    expect(own.product).toMatchObject({ listingState: "PENDING_REVIEW", stateReason: "FIRST_LISTINGS" });

    const leader = await countyLeaderOf("商南县");
    const queue = await (await responseOf(() => reviewLoader({ request: getRequest("/listings/review", leader), params: {}, context: {} }))).json();
    expect(queue.queue.map((p: { id: number }) => p.id)).toContain(id);
    const decide = (fields: Record<string, string>, cookie: string) =>
      responseOf(() => reviewAction({ request: formRequest("/listings/review", fields, cookie), params: {}, context: {} }));
    expect((await decide({ productId: String(id), intent: "APPROVED" }, await otherCountyLeader("商南县"))).status).toBe(404);
    expect((await decide({ productId: String(id), intent: "REJECTED" }, leader)).status).toBe(400);
    expect((await db.product.findUniqueOrThrow({ where: { id } })).listingState).toBe("PENDING_REVIEW");
    expect((await decide({ productId: String(id), intent: "REJECTED", note: "请补充产地照片" }, leader)).status).toBe(302);
    expect(await db.product.findUniqueOrThrow({ where: { id } })).toMatchObject({ listingState: "REJECTED", reviewNote: "请补充产地照片", active: false });
    // Editing a rejected listing submits it again; the platform (city federation) approves it.
    const resubmitted = await edit(id, { ...(await formOf(id)), description: "已补充产地照片" }, fresh.cookie);
    expect(resubmitted.status).toBe(200);
    expect((await db.product.findUniqueOrThrow({ where: { id } })).listingState).toBe("PENDING_REVIEW");
    expect((await decide({ productId: String(id), intent: "APPROVED" }, await cookieFor("city.leader"))).status).toBe(302);
    expect(await db.product.findUniqueOrThrow({ where: { id } })).toMatchObject({ listingState: "LIVE", active: true });
    expect((await search("明前绿茶")).items.some((i) => i.id === id)).toBe(true);
    expect(
      await db.auditLog.count({ where: { entityType: "Product", entityId: String(id), action: { in: ["product.reviewReject", "product.reviewApprove"] } } }),
    ).toBe(2);
  });

  it("sends a trusted supplier's category change or price rise above 20% to review, but not a 20% rise", async () => {
    const product = await liveWalnutProduct();
    const fields = await formOf(product.id);
    const at20 = ((product.priceFen * 1.2) / 100).toFixed(2);
    const rise20 = await edit(product.id, { ...fields, price: at20, tier1Qty: "", tier1Price: "", tier2Qty: "", tier2Price: "" });
    expect(rise20.status).toBe(200);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).listingState).toBe("LIVE");
    const stored = await db.product.findUniqueOrThrow({ where: { id: product.id } });
    const rise = await edit(product.id, { ...(await formOf(product.id)), price: ((stored.priceFen * 1.21 + 1) / 100).toFixed(2) });
    expect((await rise.json()).saved).toContain("涨价超过 20%");
    expect(await db.product.findUniqueOrThrow({ where: { id: product.id } })).toMatchObject({
      listingState: "PENDING_REVIEW",
      stateReason: "PRICE_RISE",
      active: false,
    });
    const other = await db.product.findFirstOrThrow({ where: { supplierId: walnut.supplierId, listingState: "LIVE", NOT: { id: product.id } } });
    await edit(other.id, { ...(await formOf(other.id)), category: "OTHER" });
    expect(await db.product.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ listingState: "PENDING_REVIEW", stateReason: "CATEGORY_CHANGE" });
  });
});

describe("stock", () => {
  it("keeps a history of adjustments with reason, who and when, and notices low stock", async () => {
    const product = await db.product.findFirstOrThrow({ where: { supplierId: walnut.supplierId, listingState: "LIVE", stock: { gt: 100 } } });
    await edit(product.id, { ...(await formOf(product.id)), lowStockThreshold: String(product.stock - 10) });
    const adjust = (delta: string, reason: string) => edit(product.id, { intent: "adjustStock", delta, reason });
    expect((await adjust("-20", "破损报废")).status).toBe(200);
    expect((await adjust("5", "盘点补录")).status).toBe(200);
    expect((await adjust("0", "x")).status).toBe(400);
    const page = await (
      await responseOf(() =>
        editLoader({ request: getRequest(`/supplier/products/${product.id}`, walnut.cookie), params: { productId: String(product.id) }, context: {} }),
      )
    ).json();
    expect(page.history.slice(0, 2)).toEqual([
      expect.objectContaining({ delta: 5, reason: "盘点补录" }),
      expect.objectContaining({ delta: -20, reason: "破损报废" }),
    ]);
    expect(page.history[0].by).not.toBe("—");
    const home = await (await responseOf(() => homeLoader({ request: getRequest("/supplier", walnut.cookie), params: {}, context: {} }))).json();
    expect(home.notices.lowStock.map((p: { id: number }) => p.id)).toContain(product.id);
  });

  it("shows stock below the minimum order to buyers and does not let them order it", async () => {
    const product = await db.product.findFirstOrThrow({ where: { supplierId: walnut.supplierId, listingState: "LIVE", stock: { gt: 0 } } });
    await transaction(async (c) => {
      await run(c, q.updateTable("Product").set({ stock: 3, minOrderQty: 5 }).where("id", "=", product.id));
    });
    const page = await (await productPage(product.id, await cookieFor("hospital.buyer"))).json();
    expect(page.product.belowMinimumOrder).toBe(true);
    expect(page.canOrder).toBe(false);
    const inStock = await (
      await responseOf(() => catalogLoader({ request: getRequest(`/products?stock=1&q=${encodeURIComponent(product.title)}`), params: {}, context: {} }))
    ).json();
    expect(inStock.result.items.some((i: { id: number }) => i.id === product.id)).toBe(false);
  });
});

describe("the owner's view of a listing that is not on sale", () => {
  it("opens for its supplier, marked, and answers 404 to buyers and other suppliers", async () => {
    const withdrawn = await db.product.findFirstOrThrow({ where: { listingState: "WITHDRAWN" }, include: { supplier: { include: { org: true } } } });
    const owner = await db.user.findFirstOrThrow({ where: { memberships: { some: { orgId: withdrawn.supplier.orgId, role: "SUPPLIER" } } } });
    const own = await productPage(withdrawn.id, await cookieFor(owner.username));
    expect(own.status).toBe(200);
    expect((await own.json()).product).toMatchObject({ active: false, listingState: "WITHDRAWN" });
    expect((await productPage(withdrawn.id, await cookieFor("hospital.buyer"))).status).toBe(404);
    expect((await productPage(withdrawn.id)).status).toBe(404);
    const other = withdrawn.supplierId === walnut.supplierId ? await cookieFor("tea.coop") : walnut.cookie;
    expect((await productPage(withdrawn.id, other)).status).toBe(404);
  });
});

describe("spreadsheet import", () => {
  const upload = (bytes: Uint8Array<ArrayBuffer>, name: string, cookie = walnut.cookie) => {
    const form = new FormData();
    form.append("intent", "preview");
    form.append("file", new File([bytes], name));
    return responseOf(() => importAction({ request: formRequest("/supplier/products/import", form, cookie), params: {}, context: {} }));
  };
  const confirm = (preview: { payload: string; digest: string }, cookie = walnut.cookie) => {
    const form = new FormData();
    form.append("intent", "confirm");
    form.append("payload", preview.payload);
    form.append("digest", preview.digest);
    return responseOf(() => importAction({ request: formRequest("/supplier/products/import", form, cookie), params: {}, context: {} }));
  };

  it("reads a GBK file with Chinese headers and names, updates by product code, leaves unchanged rows alone", async () => {
    const exported = await (
      await responseOf(() => exportLoader({ request: getRequest("/supplier/products/export", walnut.cookie), params: {}, context: {} }))
    ).text();
    const [header, ...lines] = exported
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(header.startsWith("商品编码,商品名称,品类,单位,单价（元）")).toBe(true);
    const live = lines.filter((l) => l.endsWith(",在售") && !l.includes('"')).slice(0, 4);
    expect(live.length).toBe(4);
    // Change the price (within 20%) of two rows and stock of one, keep one as it is, and add two new rows.
    const cells = live.map((l) => l.split(","));
    cells[0][4] = (Number(cells[0][4]) + 1).toFixed(2);
    cells[1][4] = (Number(cells[1][4]) + 2).toFixed(2);
    cells[2][6] = String(Number(cells[2][6]) + 7);
    const rows = [
      header,
      ...cells.map((c) => c.join(",")),
      ",洛南 核桃仁 新品,核桃,袋,45,42,100,5,3,270,,当季,,,,,,,",
      ",洛南 香酥核桃 新品,核桃,盒,60,,80,2,4,,,,,,,,,,",
    ];
    const gbk = iconv.encode(rows.join("\r\n"), "gbk");
    const before = await db.product.count({ where: { supplierId: walnut.supplierId } });
    const previewed = await upload(new Uint8Array(gbk), "商品.csv");
    const { preview } = await previewed.json();
    expect(previewed.status).toBe(200);
    expect(preview.counts).toEqual({ CREATED: 2, UPDATED: 3, UNCHANGED: 1, REFUSED: 0 });
    expect(preview.rows.find((r: { code: string }) => r.code === cells[2][0]).notes.join(" ")).toContain("库存");
    expect(await db.product.count({ where: { supplierId: walnut.supplierId } })).toBe(before);
    const done = await confirm(preview);
    expect(await done.json()).toMatchObject({ step: "done", created: 2, updated: 3 });
    expect(await db.product.count({ where: { supplierId: walnut.supplierId } })).toBe(before + 2);
    expect((await db.product.findFirstOrThrow({ where: { code: cells[0][0] } })).priceFen).toBe(Math.round(Number(cells[0][4]) * 100));
    const restocked = await db.product.findFirstOrThrow({ where: { code: cells[2][0] } });
    expect(restocked.stock).toBe(Number(cells[2][6]));
    expect(await db.stockAdjustment.count({ where: { productId: restocked.id, reason: "表格导入" } })).toBe(1);
    // Re-importing the same file now changes nothing and creates no duplicate of the updated rows.
    const again = await (await upload(new Uint8Array(iconv.encode([header, ...cells.map((c) => c.join(","))].join("\r\n"), "gb18030")), "again.csv")).json();
    expect(again.preview.counts).toEqual({ CREATED: 0, UPDATED: 0, UNCHANGED: 4, REFUSED: 0 });
  });

  it("reads XLSX, refuses banned rows and another supplier's code, and a changed plan is not written", async () => {
    const teaProduct = await db.product.findFirstOrThrow({ where: { supplier: { org: { code: { not: "" } } }, NOT: { supplierId: walnut.supplierId } } });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("商品");
    sheet.addRow(["商品编码", "商品名称", "品类", "单位", "单价（元）", "库存", "起订量", "发货天数"]);
    sheet.addRow(["", "香烟 礼盒", "其他", "盒", 200, 10, 1, 3]);
    sheet.addRow(["", "飞天茅台 53度 500ml", "其他", "瓶", 2699, 10, 1, 3]);
    sheet.addRow([teaProduct.code, "别人的商品", "茶叶", "盒", 50, 10, 1, 3]);
    sheet.addRow(["", "核桃 礼盒 XLSX", "核桃", "盒", 88.5, 10, 1, 3]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const before = await db.product.count();
    const response = await upload(bytes, "商品.xlsx");
    expect(response.status).toBe(400);
    const { preview } = await response.json();
    expect(preview.counts).toEqual({ CREATED: 1, UPDATED: 0, UNCHANGED: 0, REFUSED: 3 });
    const notes = preview.rows.map((r: { notes: string[] }) => r.notes.join(" "));
    expect(notes[0]).toContain("烟草");
    expect(notes[1]).toContain("高档酒");
    expect(notes[2]).toContain("不是本社的商品");
    expect((await confirm(preview)).status).toBe(409);
    expect(await db.product.count()).toBe(before);
    // A clean file whose preview no longer matches (tampered digest) is not written either.
    const clean = new ExcelJS.Workbook();
    clean.addWorksheet("商品").addRows([
      ["商品名称", "品类", "单位", "单价（元）", "库存", "起订量", "发货天数"],
      ["核桃 礼盒 XLSX", "核桃", "盒", 88.5, 10, 1, 3],
    ]);
    const ok = await (await upload(new Uint8Array(await clean.xlsx.writeBuffer()), "ok.xlsx")).json();
    expect(ok.preview.counts.CREATED).toBe(1);
    expect((await confirm({ payload: ok.preview.payload, digest: "0".repeat(64) })).status).toBe(409);
    expect(await db.product.count()).toBe(before);
    const done = await (await confirm(ok.preview)).json();
    expect(done).toMatchObject({ step: "done", created: 1 });
    expect((await db.product.findFirstOrThrow({ where: { title: "核桃 礼盒 XLSX" } })).priceFen).toBe(8850);
  });
});

describe("certificate review", () => {
  it("has one reviewing organisation per level and keeps decisions in a history", async () => {
    const cityLevel = await db.certificate.findFirstOrThrow({
      where: { status: "SUBMITTED", level: { in: ["CITY", "PROVINCE"] } },
      include: { product: { include: { supplier: true } } },
    });
    const county = await countyLeaderOf(cityLevel.product.supplier.county);
    const countyQueue = await (await responseOf(() => certificatesLoader({ request: getRequest("/certificates", county), params: {}, context: {} }))).json();
    expect(countyQueue.queue.some((c: { id: number }) => c.id === cityLevel.id)).toBe(false);
    const city = await cookieFor("city.leader");
    const cityQueue = await (await responseOf(() => certificatesLoader({ request: getRequest("/certificates", city), params: {}, context: {} }))).json();
    expect(cityQueue.queue.some((c: { id: number }) => c.id === cityLevel.id)).toBe(true);
    expect(cityQueue.queue.every((c: { level: string }) => c.level !== "COUNTY")).toBe(true);
    // Seeded decisions show in the history with reviewer and reason.
    expect(cityQueue.history.length).toBeGreaterThan(0);
    expect(cityQueue.history[0]).toMatchObject({ status: expect.stringMatching(/APPROVED|REJECTED/) });
    expect(
      await one(
        reader,
        q
          .selectFrom("Certificate")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("level", "=", "COUNTY")
          .where("status", "=", "SUBMITTED"),
      ).then((r) => r.n),
    ).toBeGreaterThan(0);
  });
});

describe("templates, exports and the supplier's numbers", () => {
  it("offers a template with the valid values, exports XLSX, and shows and exports the cooperative's sales", async () => {
    const template = await responseOf(() =>
      templateLoader({ request: getRequest("/supplier/products/template?format=xlsx", walnut.cookie), params: {}, context: {} }),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await template.arrayBuffer());
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["商品", "可选值"]);
    expect(workbook.worksheets[0].getRow(1).getCell(2).value).toBe("商品名称");
    const valid = workbook.worksheets[1].getColumn(1).values.filter(Boolean);
    expect(valid).toEqual(expect.arrayContaining(["品类", "核桃", "茶叶"]));
    const csvTemplate = new Uint8Array(
      await (
        await responseOf(() => templateLoader({ request: getRequest("/supplier/products/template?format=csv", walnut.cookie), params: {}, context: {} }))
      ).arrayBuffer(),
    );
    expect([...csvTemplate.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(csvTemplate).startsWith("商品编码,商品名称,品类")).toBe(true);
    const xlsx = await responseOf(() => exportLoader({ request: getRequest("/supplier/products/export?format=xlsx", walnut.cookie), params: {}, context: {} }));
    const exported = new ExcelJS.Workbook();
    await exported.xlsx.load(await xlsx.arrayBuffer());
    expect(exported.worksheets[0].rowCount).toBe(1 + (await db.product.count({ where: { supplierId: walnut.supplierId } })));

    // Two orders this month (one declined part does not count), one for another supplier.
    const union = await db.organization.findFirstOrThrow({ where: { kind: "GRASSROOTS" } });
    const [a, b] = await db.product.findMany({ where: { supplierId: walnut.supplierId, listingState: "LIVE" }, take: 2 });
    const now = new Date();
    await insertOrder({
      unionId: union.id,
      createdAt: now,
      lines: [
        { productId: a.id, quantity: 10, certified: true },
        { productId: b.id, quantity: 4, certified: true },
      ],
    });
    await insertOrder({ unionId: union.id, createdAt: now, lines: [{ productId: a.id, quantity: 3, certified: true }] });
    const declined = await insertOrder({ unionId: union.id, createdAt: now, lines: [{ productId: b.id, quantity: 100, certified: true }] });
    await transaction(async (c) => {
      await run(c, q.updateTable("SubOrder").set({ status: "DECLINED" }).where("orderId", "=", declined.orderId));
    });
    const home = await (await responseOf(() => homeLoader({ request: getRequest("/supplier", walnut.cookie), params: {}, context: {} }))).json();
    expect(home.numbers.trend).toHaveLength(12);
    const expectedYear = await one(
      reader,
      q
        .selectFrom("OrderLine as l")
        .innerJoin("Order as o", "o.id", "l.orderId")
        .innerJoin("SubOrder as so", "so.id", "l.subOrderId")
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("l.amountFen"), sql.lit(0)).as("n"))
        .where("l.supplierId", "=", walnut.supplierId)
        .where("o.status", "in", ["PLACED", "COMPLETED"])
        .where("so.status", "not in", ["DECLINED", "CANCELLED"])
        .where(sql.raw<SqlBool>(inChinaYearSql(`o."createdAt"`, new Date(Date.now() + 8 * 3600_000).getUTCFullYear()))),
    );
    expect(home.numbers.thisYear.amountFen).toBe(Number(expectedYear.n));
    expect(home.numbers.thisMonth).toEqual({ amountFen: 13 * a.priceFen + 4 * b.priceFen, units: 17, orders: 2 });
    expect(home.numbers.trend[11]).toMatchObject({ amountFen: 13 * a.priceFen + 4 * b.priceFen });
    expect(home.numbers.topProducts).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: a.id, units: 13 }), expect.objectContaining({ id: b.id, units: 4 })]),
    );
    expect(home.numbers.topUnions[0]).toMatchObject({ id: union.id, orders: 2 });
    const csv = await (
      await responseOf(() => numbersLoader({ request: getRequest("/supplier/numbers?table=trend&format=csv", walnut.cookie), params: {}, context: {} }))
    ).text();
    expect(csv.trim().split("\r\n")).toHaveLength(13);
    expect(
      (await responseOf(() => numbersLoader({ request: getRequest("/supplier/numbers?table=nope&format=csv", walnut.cookie), params: {}, context: {} })))
        .status,
    ).toBe(400);
    const xlsxNumbers = await responseOf(() =>
      numbersLoader({ request: getRequest("/supplier/numbers?table=unions&format=xlsx", walnut.cookie), params: {}, context: {} }),
    );
    expect(xlsxNumbers.headers.get("Content-Type")).toContain("spreadsheetml");
  });
});
