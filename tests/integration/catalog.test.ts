import { beforeAll, describe, expect, it } from "vitest";
import { loader as catalogLoader } from "~/routes/products._index";
import { loader as productLoader } from "~/routes/products.$productId";
import { action as editAction, loader as editLoader } from "~/routes/supplier.products.$productId._index";
import { action as newAction } from "~/routes/supplier.products.new";
import { action as listAction } from "~/routes/supplier.products._index";
import { action as importAction } from "~/routes/supplier.products.import";
import { action as photoAction } from "~/routes/supplier.products.$productId.photos";
import { action as reviewAction, loader as reviewLoader } from "~/routes/certificates._index";
import { loader as fileLoader } from "~/routes/files.$fileName";
import { db, reader, transaction } from "~/utils/db.server";
import { instant, one, q, run } from "~/utils/sql.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";

let walnutCookie: string;
let walnutSupplierId: number;
let teaProductId: number;

beforeAll(async () => {
  await seedDemoBase();
  walnutCookie = await cookieFor("walnut.coop");
  const walnutOrg = await db.user.findUniqueOrThrow({ where: { username: "walnut.coop" }, include: { memberships: true } });
  walnutSupplierId = (await db.supplier.findUniqueOrThrow({ where: { orgId: walnutOrg.memberships[0].orgId } })).id;
  const teaOrg = await db.user.findUniqueOrThrow({ where: { username: "tea.coop" }, include: { memberships: true } });
  teaProductId = (await db.product.findFirstOrThrow({ where: { supplier: { orgId: teaOrg.memberships[0].orgId } } })).id;
});

const search = async (query: string) => {
  const response = await responseOf(() => catalogLoader({ request: getRequest(`/products?${query}`), params: {}, context: {} }));
  return (await response.json()).result as {
    total: number;
    items: Array<{ id: number; title: string; certified: boolean; priceFen: number; tiers: unknown[] }>;
  };
};

const validListing = {
  intent: "save",
  title: "石门镇 新核桃 礼盒",
  category: "WALNUT",
  unit: "盒",
  price: "88",
  marketPrice: "80",
  stock: "300",
  minOrderQty: "5",
  leadTimeDays: "3",
  shelfLifeDays: "270",
  description: "当季新核桃",
  tier1Qty: "100",
  tier1Price: "82",
};

describe("catalog search", () => {
  it("finds two-character and one-character Chinese queries", async () => {
    const walnuts = await search("q=核桃");
    expect(walnuts.total).toBeGreaterThan(0);
    // Title matches rank first; later hits may match only the supplier's name (…核桃专业合作社).
    const titled = walnuts.items.filter((i) => i.title.includes("核桃")).length;
    expect(titled).toBeGreaterThan(0);
    expect(walnuts.items.slice(0, titled).every((i) => i.title.includes("核桃"))).toBe(true);
    const fungus = await search("q=木耳");
    expect(fungus.total).toBeGreaterThan(0);
    expect(fungus.items[0].title).toContain("木耳");
    expect((await search("q=核")).total).toBeGreaterThanOrEqual(walnuts.total);
    expect((await search("q=不存在的东西")).total).toBe(0);
  });

  it("filters, sorts and keeps bad parameters from failing the page", async () => {
    const cheap = await search("category=WALNUT&sort=price_asc&max=80");
    expect(cheap.items.every((i) => i.priceFen <= 8000)).toBe(true);
    const prices = cheap.items.map((i) => i.priceFen);
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    expect((await search("certified=1")).items.every((i) => i.certified)).toBe(true);
    expect((await search("role=TRADING_AGENT&certified=1")).total).toBe(0);
    expect((await search("page=abc&min=oops&category=NOPE")).total).toBeGreaterThan(0);
  });

  it("drops the 30% badge the day a certificate expires and hides inactive listings", async () => {
    const expired = await one(
      reader,
      q.selectFrom("Certificate").select("productId").where("validTo", "<", instant(Date.now())).where("status", "=", "APPROVED").orderBy("id").limit(1),
    );
    const page = await responseOf(() =>
      productLoader({ request: getRequest(`/products/${expired.productId}`), params: { productId: String(expired.productId) }, context: {} }),
    );
    const body = await page.json();
    expect(body.product.countsTowardTarget).toBe(false);
    expect(body.product.certificate.state).toBe("EXPIRED");
    const inactive = (await db.product.findFirstOrThrow({ where: { active: false } })).id;
    const hidden = await responseOf(() =>
      productLoader({ request: getRequest(`/products/${inactive}`), params: { productId: String(inactive) }, context: {} }),
    );
    expect(hidden.status).toBe(404);
  });
});

describe("a cooperative's listings", () => {
  it("creates a listing with a tier price that buyers find in Chinese, with the badge once certified", async () => {
    const created = await responseOf(() => newAction({ request: formRequest("/supplier/products/new", validListing, walnutCookie), params: {}, context: {} }));
    expect(created.status).toBe(302);
    const id = Number(created.headers.get("Location")!.split("/").pop());
    const found = (await search("q=新核桃")).items.find((i) => i.id === id);
    expect(found).toMatchObject({ certified: false, priceFen: 8800, tiers: [{ minQty: 100, priceFen: 8200 }] });
    expect(await db.auditLog.count({ where: { action: "product.create", entityId: String(id) } })).toBe(1);
  });

  it("refuses bad listings with field messages and saves nothing", async () => {
    const before = await db.product.count();
    const cases: Array<[Record<string, string>, string]> = [
      [{ ...validListing, category: "TOBACCO" }, "不能用福利费购买"],
      [{ ...validListing, price: "12.345" }, "有效金额"],
      [{ ...validListing, tier1Price: "90" }, "批量价必须低于单价"],
      [{ ...validListing, tier1Qty: "" }, "同时填写"],
      [{ ...validListing, title: "" }, "请填写此项"],
      [{ ...validListing, stock: "-1" }, "有效的数字"],
    ];
    for (const [fields, message] of cases) {
      const response = await responseOf(() => newAction({ request: formRequest("/supplier/products/new", fields, walnutCookie), params: {}, context: {} }));
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(message);
    }
    expect(await db.product.count()).toBe(before);
  });

  it("answers another supplier's listing with 404 by URL and by post, changing nothing", async () => {
    const before = await db.product.findUniqueOrThrow({ where: { id: teaProductId } });
    const page = await responseOf(() =>
      editLoader({ request: getRequest(`/supplier/products/${teaProductId}`, walnutCookie), params: { productId: String(teaProductId) }, context: {} }),
    );
    expect(page.status).toBe(404);
    const posts: Array<Record<string, string>> = [{ ...validListing }, { intent: "adjustStock", delta: "-5", reason: "x" }];
    for (const fields of posts) {
      const post = await responseOf(() =>
        editAction({
          request: formRequest(`/supplier/products/${teaProductId}`, fields, walnutCookie),
          params: { productId: String(teaProductId) },
          context: {},
        }),
      );
      expect(post.status).toBe(404);
    }
    const toggle = await responseOf(() =>
      listAction({
        request: formRequest("/supplier/products", { intent: "deactivate", productId: String(teaProductId) }, walnutCookie),
        params: {},
        context: {},
      }),
    );
    expect(toggle.status).toBe(404);
    expect(await db.product.findUniqueOrThrow({ where: { id: teaProductId } })).toEqual(before);
  });

  it("refuses buyers the workspace and sends anonymous visitors to sign in", async () => {
    const buyer = await responseOf(async () =>
      newAction({ request: formRequest("/supplier/products/new", validListing, await cookieFor("hospital.buyer")), params: {}, context: {} }),
    );
    expect(buyer.status).toBe(403);
    const anonymous = await responseOf(() => newAction({ request: formRequest("/supplier/products/new", validListing), params: {}, context: {} }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
  });

  it("adjusts stock with a reason, never below zero, audited", async () => {
    const product = await db.product.findFirstOrThrow({ where: { supplierId: walnutSupplierId } });
    const post = (delta: string) =>
      responseOf(() =>
        editAction({
          request: formRequest(`/supplier/products/${product.id}`, { intent: "adjustStock", delta, reason: "盘点" }, walnutCookie),
          params: { productId: String(product.id) },
          context: {},
        }),
      );
    expect((await post("25")).status).toBe(200);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(product.stock + 25);
    const negative = await post(String(-(product.stock + 26)));
    expect(negative.status).toBe(400);
    expect(JSON.stringify(await negative.json())).toContain("不能为负数");
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(product.stock + 25);
    expect(await db.auditLog.count({ where: { action: "product.stockAdjust", entityId: String(product.id) } })).toBe(1);
  });

  it("accepts a real PNG photo, serves it with its type, and refuses a disguised file", async () => {
    const product = await db.product.findFirstOrThrow({ where: { supplierId: walnutSupplierId } });
    const upload = (bytes: Uint8Array<ArrayBuffer>, name: string) => {
      const form = new FormData();
      form.append("photo", new File([bytes], name, { type: "image/png" }));
      return responseOf(() =>
        photoAction({
          request: formRequest(`/supplier/products/${product.id}/photos`, form, walnutCookie),
          params: { productId: String(product.id) },
          context: {},
        }),
      );
    };
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect((await upload(png, "a.png")).status).toBe(302);
    const fake = await upload(new TextEncoder().encode("<script>alert(1)</script>"), "evil.png");
    expect(fake.status).toBe(400);
    expect(JSON.stringify(await fake.json())).toContain("JPEG");
    const photo = await db.productPhoto.findFirstOrThrow({ where: { productId: product.id } });
    const served = await responseOf(() => fileLoader({ request: getRequest(`/files/${photo.fileName}`), params: { fileName: photo.fileName }, context: {} }));
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect(served.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});

describe("CSV import", () => {
  const header = "title,category,unit,price,stock,minOrderQty,leadTimeDays,tier1Qty,tier1Price,village\n";
  const importCsv = (text: string) => {
    const form = new FormData();
    form.append("intent", "preview");
    form.append("file", new File([text], "listings.csv", { type: "text/csv" }));
    return responseOf(() => importAction({ request: formRequest("/supplier/products/import", form, walnutCookie), params: {}, context: {} }));
  };
  const confirm = (payload: string, digest: string) => {
    const form = new FormData();
    form.append("intent", "confirm");
    form.append("payload", payload);
    form.append("digest", digest);
    return responseOf(() => importAction({ request: formRequest("/supplier/products/import", form, walnutCookie), params: {}, context: {} }));
  };

  it("previews, imports a clean file on confirmation, and changes nothing when any row is bad, naming each bad line", async () => {
    const before = await db.product.count({ where: { supplierId: walnutSupplierId } });
    const bad = await importCsv(`${header}核桃仁 500g,WALNUT,袋,45,100,5,3,,,\n卷烟,TOBACCO,条,80,10,1,3,,,\n核桃油,GRAIN_OIL,瓶,abc,10,1,3,,,\n`);
    expect(bad.status).toBe(400);
    const { preview } = await bad.json();
    expect(preview.counts).toMatchObject({ CREATED: 1, REFUSED: 2 });
    const refused = preview.rows.filter((r: { outcome: string }) => r.outcome === "REFUSED");
    expect(refused.map((r: { line: number }) => r.line)).toEqual([3, 4]);
    expect(refused[0].notes.join(" ")).toMatch(/不能用福利费购买/);
    expect(refused[1].notes.join(" ")).toMatch(/有效金额/);
    // Confirming a plan with a refused row writes nothing.
    expect((await confirm(preview.payload, preview.digest)).status).toBe(409);
    expect(await db.product.count({ where: { supplierId: walnutSupplierId } })).toBe(before);
    const good = await importCsv(`\ufeff${header}核桃仁 500g,WALNUT,袋,45,100,5,3,100,42,\n"薄皮核桃, 特级",WALNUT,箱,120,50,2,4,,,\n`);
    expect(good.status).toBe(200);
    const shown = (await good.json()).preview;
    expect(shown.counts).toMatchObject({ CREATED: 2, UPDATED: 0, UNCHANGED: 0, REFUSED: 0 });
    expect(await db.product.count({ where: { supplierId: walnutSupplierId } })).toBe(before);
    const done = await confirm(shown.payload, shown.digest);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ step: "done", created: 2, updated: 0 });
    expect(await db.product.count({ where: { supplierId: walnutSupplierId } })).toBe(before + 2);
  });

  it("refuses a file without the required columns", async () => {
    const response = await importCsv("name,price\nx,1\n");
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("缺少列");
  });
});

describe("certificate review", () => {
  it("lets the county leader approve its county's submission, which turns the badge on; others cannot", async () => {
    // One reviewing organisation per level: a county-level certificate is the county union's to decide.
    const pending = await db.certificate.findFirstOrThrow({
      where: { status: "SUBMITTED", level: "COUNTY" },
      include: { product: { include: { supplier: true } } },
    });
    await transaction(async (c) =>
      run(
        c,
        q
          .updateTable("Certificate")
          .set({ validFrom: instant(Date.now() - 86400_000), validTo: instant(Date.now() + 86400_000 * 300) })
          .where("id", "=", pending.id),
      ),
    );
    const county = await db.organization.findFirstOrThrow({ where: { kind: "COUNTY", region: pending.product.supplier.county } });
    const countyLeader = await db.user.findFirstOrThrow({ where: { memberships: { some: { orgId: county.id, role: "LEADER" } } } });
    const otherCounty = await db.organization.findFirstOrThrow({ where: { kind: "COUNTY", NOT: { region: pending.product.supplier.county } } });
    const otherLeader = await db.user.findFirstOrThrow({ where: { memberships: { some: { orgId: otherCounty.id, role: "LEADER" } } } });
    const refused = await responseOf(async () =>
      reviewAction({
        request: formRequest("/certificates", { certificateId: String(pending.id), intent: "APPROVED" }, await cookieFor(otherLeader.username)),
        params: {},
        context: {},
      }),
    );
    expect(refused.status).toBe(404);
    const cookie = await cookieFor(countyLeader.username);
    const queue = await (await responseOf(() => reviewLoader({ request: getRequest("/certificates", cookie), params: {}, context: {} }))).json();
    expect(queue.queue.some((c: { id: number }) => c.id === pending.id)).toBe(true);
    const noReason = await responseOf(() =>
      reviewAction({ request: formRequest("/certificates", { certificateId: String(pending.id), intent: "REJECTED" }, cookie), params: {}, context: {} }),
    );
    expect(noReason.status).toBe(400);
    const approved = await responseOf(() =>
      reviewAction({
        request: formRequest("/certificates", { certificateId: String(pending.id), intent: "APPROVED", note: "材料齐全" }, cookie),
        params: {},
        context: {},
      }),
    );
    expect(approved.status).toBe(302);
    const page = await (
      await responseOf(() =>
        productLoader({ request: getRequest(`/products/${pending.productId}`), params: { productId: String(pending.productId) }, context: {} }),
      )
    ).json();
    expect(page.product.countsTowardTarget).toBe(true);
    expect(await db.auditLog.count({ where: { action: "certificate.approve", entityId: String(pending.id) } })).toBe(1);
  });
});
