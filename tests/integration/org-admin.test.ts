// Organisation administration: move and merge keep every roll-up exact; deactivation, suspension, scope; and the
// audit trail's scope and export (issue 14).
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { dashboard } from "~/models/welfare/reports.server";
import { verifyReportAggregates } from "~/models/welfare/report-verify.server";
import { recordOffPlatformChanged } from "~/models/welfare/procurement-ledger.server";
import { submitOrder } from "~/models/orders/order-submit.server";
import { loader as auditLoader } from "~/routes/audit._index";
import { loader as auditExport } from "~/routes/audit.export";
import { action as orgAction, loader as orgLoader } from "~/routes/manage.orgs.$orgId";
import { loader as orderPage } from "~/routes/union.orders.$orderId._index";
import { listAddresses } from "~/models/orders/union-addresses.server";
import { draftItems, listTemplates } from "~/models/orders/draft-pack.server";
import { sql } from "kysely";
import { recordAudit } from "~/models/access/audit.server";
import { db, reader, transaction } from "~/utils/db.server";
import { all, instant, one, q, run } from "~/utils/sql.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const org = (code: string) => one(reader, q.selectFrom("Organization").select(["id", "path", "parentId"]).where("code", "=", code));
const at = (iso: string) => new Date(iso);
const everywhere = { org: { id: 0, path: "/" } };

async function figures(code: string, year: number) {
  const d = await dashboard(everywhere, (await org(code)).id, year);
  return { p: d.headline.assistanceProcurementFen, b: d.headline.budgetFen, kept: d.totals.certifiedFen };
}

const post = (orgId: number, fields: Record<string, string>, cookie: string) =>
  responseOf(() => orgAction(args(formRequest(`/manage/orgs/${orgId}`, fields, cookie), { orgId: String(orgId) })));

let cityCode: string;
beforeAll(async () => {
  await seedDemoBase();
  cityCode = (await one(reader, q.selectFrom("Organization").select("code").where("kind", "=", "FEDERATION"))).code;
  await transaction((c) => run(c, q.updateTable("Product").set({ priceFen: 10000 }).where("id", "in", [1, 2])));
  // SZ-03 buys in 2025 and 2026; SZ-04 in 2026; a refund and a non-certified line too.
  for (const [code, paidAt, quantity, certified] of [
    ["SZ-03", "2025-10-01", 30, true],
    ["SZ-03", "2026-03-01", 40, true],
    ["SZ-03", "2026-04-01", 5, false],
    ["SZ-04", "2026-05-01", 20, true],
    ["LN-01", "2026-05-02", 12, true],
  ] as const) {
    await insertOrder({
      unionId: (await org(code)).id,
      createdAt: at(`${paidAt}T09:00:00+08:00`),
      paidAt: at(`${paidAt}T10:00:00+08:00`),
      lines: [{ productId: certified ? 1 : 2, quantity, certified }],
    });
  }
  await insertOrder({
    unionId: (await org("SZ-03")).id,
    createdAt: at("2026-06-01T09:00:00+08:00"),
    paidAt: at("2026-06-01T10:00:00+08:00"),
    refundAll: true,
    status: "CANCELLED",
    lines: [{ productId: 1, quantity: 7, certified: true }],
  });
  await transaction(async (c) => {
    await run(
      c,
      q.insertInto("OffPlatformSpending").values({
        orgId: (await org("SZ-04")).id,
        spentOn: instant(at("2026-05-01T00:00:00+08:00").getTime()),
        year: 2026,
        amountFen: 123400,
        category: "HEALTH",
        note: "体检",
        createdById: 1,
        createdAt: instant(Date.now()),
      }),
    );
    await recordOffPlatformChanged(c, (await org("SZ-04")).id, 2026);
  });
  expect((await verifyReportAggregates(reader)).differences).toEqual([]);
});

describe("moving a union to another county", () => {
  it("moves exactly its P and B from the old county to the new one, every year, and leaves the city unchanged", async () => {
    const union = await org("SZ-03");
    const unionFigures = { 2025: await figures("SZ-03", 2025), 2026: await figures("SZ-03", 2026) };
    expect(unionFigures[2026].p).toBe(400000);
    expect(unionFigures[2025].p).toBe(300000);
    const before = {
      sz: { 2025: await figures("SZ", 2025), 2026: await figures("SZ", 2026) },
      ln: { 2025: await figures("LN", 2025), 2026: await figures("LN", 2026) },
      city: await figures(cityCode, 2026),
    };
    const cityLeader = await cookieFor("city.leader");
    const response = await post(union.id, { intent: "move", countyId: String((await org("LN")).id) }, cityLeader);
    expect(response.status).toBe(200);
    expect((await org("SZ-03")).path).toBe(`${(await org("LN")).path}${union.id}/`);
    for (const year of [2025, 2026] as const) {
      const sz = await figures("SZ", year),
        ln = await figures("LN", year);
      expect(sz.p).toBe(before.sz[year].p - unionFigures[year].p);
      expect(sz.b).toBe(before.sz[year].b - unionFigures[year].b);
      expect(sz.kept).toBe(sz.p);
      expect(ln.p).toBe(before.ln[year].p + unionFigures[year].p);
      expect(ln.b).toBe(before.ln[year].b + unionFigures[year].b);
      expect(ln.kept).toBe(ln.p);
    }
    expect(await figures(cityCode, 2026)).toEqual(before.city);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
    const page = (await (await responseOf(() => orgLoader(args(getRequest(`/manage/orgs/${union.id}`, cityLeader), { orgId: String(union.id) })))).json()) as {
      parentName: string;
      moves: unknown[];
    };
    expect(page.parentName).toBe("洛南县总工会");
    expect(page.moves).toHaveLength(1);
    const audit = await one(reader, q.selectFrom("AuditLog").select("detail").where("action", "=", "organization.move").orderBy("id").limit(1));
    expect(JSON.parse(audit.detail).years).toContainEqual({ year: 2026, certifiedFen: 400000, otherPlatformFen: 50000, budgetFen: unionFigures[2026].b });
  });

  it("a county leader cannot move a union out of or into another county (403, nothing changed)", async () => {
    const before = (await org("SZ-05")).path;
    const response = await post((await org("SZ-05")).id, { intent: "move", countyId: String((await org("LN")).id) }, await cookieFor("sz.leader"));
    expect(response.status).toBe(403);
    expect((await org("SZ-05")).path).toBe(before);
    const other = await post((await org("LN-02")).id, { intent: "update", name: "改名", approvalThreshold: "100" }, await cookieFor("sz.leader"));
    expect(other.status).toBe(403);
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });
});

/**
 * Gives the unit to be merged one of everything else that points at a union (ADR 0144), and the survivor the things
 * a merge must not duplicate: its own default address, a template of the same name, a draft item for the same
 * product by the same person.
 */
async function giveBelongings(mergedId: number, survivorId: number) {
  const buyer = await db.user.findUniqueOrThrow({ where: { username: "sz-04.buyer" } });
  const leader = await db.user.findUniqueOrThrow({ where: { username: "sz.leader" } });
  const part = await one(
    reader,
    q
      .selectFrom("SubOrder as s")
      .innerJoin("Order as o", "o.id", "s.orderId")
      .select(["s.id", "s.supplierId", "s.orderId"])
      .where("o.unionId", "=", mergedId)
      .orderBy("s.id")
      .limit(1),
  );
  const now = instant(Date.now());
  const szId = (await org("SZ")).id;
  return transaction(async (c) => {
    const complaintId = (
      await one(
        c,
        q
          .insertInto("Complaint")
          .values({
            orderId: part.orderId,
            subOrderId: part.id,
            unionId: mergedId,
            supplierId: part.supplierId,
            status: "OPEN",
            text: "三箱破损",
            createdById: buyer.id,
            createdAt: now,
          })
          .returning("id"),
      )
    ).id;
    await run(
      c,
      q
        .insertInto("OrderMessage")
        .values({ orderId: part.orderId, subOrderId: part.id, authorId: buyer.id, authorSide: "UNION", text: "请周五前发货", createdAt: now }),
    );
    await run(
      c,
      q.insertInto("Reminder").values({ unitId: mergedId, leaderOrgId: szId, sentById: leader.id, text: "请尽快采购", scheduled: 0, createdAt: now }),
    );
    const address = async (orgId: number, label: string, recipient: string, phone: string, line: string) =>
      (await one(c, q.insertInto("UnionAddress").values({ orgId, label, recipient, phone, address: line, isDefault: 1, createdAt: now }).returning("id"))).id;
    const mergedAddress = await address(mergedId, "四中食堂", "李", "13800000004", "商州区四中路 4 号");
    const survivorAddress = await address(survivorId, "三中工会", "张", "13800000003", "商州区三中路 3 号");
    const template = async (orgId: number) =>
      (await one(c, q.insertInto("OrderTemplate").values({ orgId, name: "中秋礼包", createdById: buyer.id, createdAt: now }).returning("id"))).id;
    const mergedTemplate = await template(mergedId);
    await template(survivorId);
    await run(c, q.insertInto("OrderTemplateItem").values({ templateId: mergedTemplate, productId: 1, perMember: 2 }));
    const draft = async (orgId: number, productId: number, perMember: number) =>
      (await one(c, q.insertInto("DraftPackItem").values({ userId: buyer.id, orgId, productId, perMember, addedAt: now }).returning("id"))).id;
    await draft(mergedId, 1, 3); // the survivor's draft of the same product (below) wins
    const movedDraft = await draft(mergedId, 2, 4);
    await draft(survivorId, 1, 1);
    return { complaintId, orderId: part.orderId, mergedAddress, survivorAddress, mergedTemplate, movedDraft, buyerId: buyer.id };
  });
}

async function expectBelongingsMoved(b: Awaited<ReturnType<typeof giveBelongings>>, mergedId: number, survivorId: number, mergedBuyer: string) {
  // Nothing that belongs to a union is left on the merged unit but its audit trail.
  for (const [table, column] of [
    ["Order", "unionId"],
    ["Complaint", "unionId"],
    ["Reminder", "unitId"],
    ["UnionAddress", "orgId"],
    ["OrderTemplate", "orgId"],
    ["DraftPackItem", "orgId"],
    ["OffPlatformSpending", "orgId"],
    ["WelfareBudget", "orgId"],
    ["Membership", "orgId"],
  ]) {
    const count = sql<{ n: number }>`SELECT COUNT(*) AS "n" FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${mergedId}`;
    expect({ table, left: (await one(reader, { compile: () => count.compile(q) })).n }).toEqual({
      table,
      left: 0,
    });
  }
  expect(await db.complaint.findUniqueOrThrow({ where: { id: b.complaintId } })).toMatchObject({ unionId: survivorId, status: "OPEN" });
  expect(await db.reminder.count({ where: { unitId: survivorId } })).toBe(1);
  // The merged unit's buyer, still signed in, now acts for the survivor and finds the order with its complaint and messages.
  const page = await responseOf(() => orderPage(args(getRequest(`/union/orders/${b.orderId}`, mergedBuyer), { orderId: String(b.orderId) })));
  expect(page.status).toBe(200);
  const body = (await page.json()) as { complaints: Array<{ id: number }>; messages: Array<{ text: string }> };
  expect(body.complaints.map((k) => k.id)).toContain(b.complaintId);
  expect(body.messages.map((m) => m.text)).toContain("请周五前发货");
  const survivorActor = { userId: b.buyerId, org: { id: survivorId, name: "survivor", kind: "GRASSROOTS", path: (await org("SZ-03")).path, region: null } };
  const addresses = await listAddresses(survivorActor);
  expect(addresses.map((a) => a.id).sort()).toEqual([b.mergedAddress, b.survivorAddress].sort());
  expect(addresses.filter((a) => a.isDefault).map((a) => a.id)).toEqual([b.survivorAddress]);
  const templates = await listTemplates(survivorActor);
  expect(templates.map((t) => t.name).sort()).toEqual(
    ["中秋礼包", `中秋礼包（${(await db.organization.findUniqueOrThrow({ where: { id: mergedId } })).name}）`].sort(),
  );
  expect(templates.find((t) => t.id === b.mergedTemplate)?.items).toBe(1);
  const draft = await draftItems(survivorActor);
  expect(draft.map((d) => [d.productId, d.perMember]).sort()).toEqual([
    [1, 1],
    [2, 4],
  ]);
  expect(draft.map((d) => d.id)).toContain(b.movedDraft);
  const entry = await one(reader, q.selectFrom("AuditLog").select("detail").where("action", "=", "organization.merge").orderBy("id", "desc").limit(1));
  expect(JSON.parse(entry.detail)).toMatchObject({ complaints: 1, reminders: 1, addresses: 1, templates: 1, draftItems: 1 });
}

describe("merging two unions", () => {
  it("moves orders, budgets, off-platform spending, users and figures to the survivor; totals unchanged; verify finds 0", async () => {
    const merged = await org("SZ-04"),
      survivor = await org("SZ-03"); // SZ-03 now sits in 洛南县 after the move above
    const city2026 = await figures(cityCode, 2026),
      city2025 = await figures(cityCode, 2025);
    const sum = async (year: number) => {
      const [a, b] = [await figures("SZ-04", year), await figures("SZ-03", year)];
      return { p: a.p + b.p, b: a.b + b.b };
    };
    const combined = await sum(2026);
    const countyBefore = { sz: await figures("SZ", 2026), ln: await figures("LN", 2026) };
    const mergedFigures = await figures("SZ-04", 2026);
    const orders = await db.order.count({ where: { unionId: merged.id } });
    const members = await db.membership.count({ where: { orgId: merged.id } });
    const survivorMembersBefore = await db.membership.count({ where: { orgId: survivor.id } });
    const belongings = await giveBelongings(merged.id, survivor.id);
    const mergedBuyer = await cookieFor("sz-04.buyer"); // signed in before the merge
    const response = await post(merged.id, { intent: "merge", survivorId: String(survivor.id), confirm: "yes" }, await cookieFor("city.leader"));
    expect(response.status).toBe(200);
    await expectBelongingsMoved(belongings, merged.id, survivor.id, mergedBuyer);
    expect(await figures(cityCode, 2026)).toEqual(city2026);
    expect(await figures(cityCode, 2025)).toEqual(city2025);
    const after = await figures("SZ-03", 2026);
    expect({ p: after.p, b: after.b }).toEqual(combined);
    expect(after.kept).toBe(after.p);
    expect((await figures("SZ", 2026)).p).toBe(countyBefore.sz.p - mergedFigures.p);
    expect((await figures("LN", 2026)).p).toBe(countyBefore.ln.p + mergedFigures.p);
    expect(await db.order.count({ where: { unionId: merged.id } })).toBe(0);
    expect(await db.order.count({ where: { unionId: survivor.id } })).toBeGreaterThanOrEqual(orders);
    expect(await db.offPlatformSpending.count({ where: { orgId: survivor.id } })).toBe(1);
    expect(await db.welfareBudget.count({ where: { orgId: merged.id } })).toBe(0);
    expect(await db.membership.count({ where: { orgId: survivor.id } })).toBe(survivorMembersBefore + members);
    const pointer = await db.organization.findUniqueOrThrow({ where: { id: merged.id } });
    expect(pointer.mergedIntoId).toBe(survivor.id);
    expect(pointer.deactivatedAt).not.toBeNull();
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
    // The merged unit no longer counts as a registered unit of its county.
    const sz = await dashboard(everywhere, (await org("SZ")).id, 2026);
    expect(sz.children.map((c) => c.orgId)).not.toContain(merged.id);
    // A second merge of the same unit is refused.
    const again = await post(merged.id, { intent: "merge", survivorId: String((await org("SZ-05")).id), confirm: "yes" }, await cookieFor("city.leader"));
    expect(again.status).toBe(400);
  });

  it("refuses a merge without confirmation and outside the subtree", async () => {
    const noConfirm = await post((await org("SZ-05")).id, { intent: "merge", survivorId: String((await org("SZ-06")).id) }, await cookieFor("sz.leader"));
    expect(noConfirm.status).toBe(400);
    const outside = await post(
      (await org("SZ-05")).id,
      { intent: "merge", survivorId: String((await org("LN-02")).id), confirm: "yes" },
      await cookieFor("sz.leader"),
    );
    expect(outside.status).toBe(403);
    expect((await db.organization.findUniqueOrThrow({ where: { id: (await org("SZ-05")).id } })).mergedIntoId).toBeNull();
  });
});

describe("editing, deactivating, suppliers", () => {
  it("edits a union's details with before → after in the audit trail", async () => {
    const unit = await org("SZ-05");
    const response = await post(
      unit.id,
      { intent: "update", name: "商州区某单位工会", contactName: "王", contactPhone: "0914-1234567", headcount: "88", approvalThreshold: "30,000" },
      await cookieFor("sz.leader"),
    );
    expect(response.status).toBe(200);
    const saved = await db.organization.findUniqueOrThrow({ where: { id: unit.id } });
    expect([saved.name, saved.headcount, saved.approvalThresholdFen]).toEqual(["商州区某单位工会", 88, 3000000n]);
    const bad = await post(unit.id, { intent: "update", name: "", approvalThreshold: "abc" }, await cookieFor("sz.leader"));
    expect(bad.status).toBe(400);
    const entry = await one(reader, q.selectFrom("AuditLog").select("detail").where("action", "=", "organization.update").orderBy("id", "desc").limit(1));
    expect(JSON.parse(entry.detail).after.headcount).toBe(88);
  });

  it("a deactivated unit places no new orders and keeps its history", async () => {
    const unit = await org("SZ-06");
    expect((await post(unit.id, { intent: "deactivate" }, await cookieFor("sz.leader"))).status).toBe(200);
    const buyer = await db.membership.findFirstOrThrow({ where: { orgId: unit.id, role: "BUYER" }, include: { user: true } });
    const actor = {
      userId: buyer.userId,
      username: buyer.user.username,
      name: buyer.user.name,
      role: "BUYER" as const,
      membershipId: buyer.id,
      org: { id: unit.id, name: "x", kind: "GRASSROOTS", path: unit.path, region: null },
    };
    const refused = await submitOrder(actor, {
      token: "t-deactivated",
      occasion: "UNION_ACTIVITY",
      headcount: null,
      lines: [{ productId: 1, quantity: 1 }],
      addresses: [{ label: "a", recipient: "b", phone: "1", address: "c" }],
      note: "",
    } as never).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    expect((await post(unit.id, { intent: "reactivate" }, await cookieFor("sz.leader"))).status).toBe(200);
  });

  it("the admin edits a supplier's villages and suspends it: its listings go off sale and stay off", async () => {
    const supplier = await db.supplier.findFirstOrThrow({ include: { villages: true } });
    const admin = await cookieFor("admin");
    const village = supplier.villages[0];
    const response = await post(
      supplier.orgId,
      { intent: "villages", "villages[0].villageId": String(village.villageId), "villages[0].householdsBenefited": "321", "villages[1].villageId": "" },
      admin,
    );
    expect(response.status).toBe(200);
    expect((await db.supplierVillage.findMany({ where: { supplierId: supplier.id } })).map((v) => v.householdsBenefited)).toEqual([321]);
    const duplicate = await post(
      supplier.orgId,
      { intent: "villages", "villages[0].villageId": String(village.villageId), "villages[1].villageId": String(village.villageId) },
      admin,
    );
    expect(duplicate.status).toBe(400);
    expect((await post(supplier.orgId, { intent: "suspend" }, await cookieFor("city.leader"))).status).toBe(403);
    expect((await post(supplier.orgId, { intent: "suspend" }, admin)).status).toBe(200);
    expect(await db.product.count({ where: { supplierId: supplier.id, active: true } })).toBe(0);
    const { setListingActive } = await import("~/models/catalog/products.server");
    const owner = {
      userId: 1,
      username: "x",
      name: "x",
      role: "SUPPLIER" as const,
      membershipId: 1,
      org: { id: supplier.orgId, name: "x", kind: "SUPPLIER", path: `/${supplier.orgId}/`, region: null },
      supplierId: supplier.id,
    };
    const product = await db.product.findFirstOrThrow({ where: { supplierId: supplier.id } });
    await setListingActive(owner, product.id, true);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).active).toBe(false);
    expect((await post(supplier.orgId, { intent: "reinstate" }, admin)).status).toBe(200);
    await setListingActive(owner, product.id, true);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).active).toBe(true);
  });
});

describe("the audit trail", () => {
  it("a union's chair sees only the union's entries; a county leader its subtree; admin everything", async () => {
    const chair = await cookieFor("hospital.chair");
    const hospital = await org("SZ-01");
    await insertOrder({
      unionId: hospital.id,
      createdAt: at("2026-07-01T09:00:00+08:00"),
      paidAt: at("2026-07-01T10:00:00+08:00"),
      lines: [{ productId: 1, quantity: 1, certified: true }],
    });
    const ln02 = (await org("LN-02")).id;
    await transaction(async (c) => {
      await recordAudit(c, {
        actorId: null,
        orgId: hospital.id,
        action: "welfareBudget.save",
        entityType: "WelfareBudget",
        entityId: "1",
        detail: { before: { budgetFen: 100 }, after: { budgetFen: 200 } },
      });
      await recordAudit(c, { actorId: null, orgId: ln02, action: "welfareBudget.save", entityType: "WelfareBudget", entityId: "2", detail: {} });
    });
    const load = async (cookie: string, query = "") =>
      (await (await responseOf(() => auditLoader(args(getRequest(`/audit${query}`, cookie))))).json()) as {
        total: number;
        entries: Array<{ orgName: string | null; action: string; items: Array<{ field: string; before?: string; after?: string }> }>;
      };
    const own = await load(chair);
    expect(own.total).toBeGreaterThan(0);
    expect(new Set(own.entries.map((e) => e.orgName))).toEqual(new Set([(await db.organization.findUniqueOrThrow({ where: { id: hospital.id } })).name]));
    const budget = own.entries.find((e) => e.action === "welfareBudget.save")!;
    expect(budget.items[0]).toMatchObject({ field: "budgetFen", before: "¥1.00", after: "¥2.00" });
    const county = await load(await cookieFor("sz.leader"), "?kind=welfareBudget");
    expect(county.entries.map((e) => e.orgName)).not.toContain((await db.organization.findUniqueOrThrow({ where: { id: (await org("LN-02")).id } })).name);
    const admin = await load(await cookieFor("admin"), "?kind=welfareBudget");
    expect(admin.total).toBe(2);
    expect((await responseOf(() => auditLoader(args(getRequest("/audit"))))).status).toBe(302);
  });

  it("exports only the reader's scope, as CSV and XLSX, and audits each export", async () => {
    const chair = await cookieFor("hospital.chair");
    const csv = await responseOf(() => auditExport(args(getRequest("/audit/export?format=csv", chair))));
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const text = await csv.text();
    const hospitalName = (await db.organization.findUniqueOrThrow({ where: { id: (await org("SZ-01")).id } })).name;
    const rows = text.trim().split("\r\n").slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes(hospitalName))).toBe(true);
    const leader = await cookieFor("sz.leader");
    const xlsx = await responseOf(() => auditExport(args(getRequest("/audit/export?format=xlsx&kind=organization", leader))));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBeGreaterThan(1);
    const orgColumn = sheet.getColumn(3).values.slice(2).map(String);
    const lnPath = (await org("LN")).path;
    const lnNames = (await all(reader, q.selectFrom("Organization").select("name").where("path", "like", `${lnPath}%`))).map((o) => o.name);
    expect(orgColumn.some((name) => lnNames.includes(name))).toBe(false);
    expect(await db.auditLog.count({ where: { action: "audit.export" } })).toBe(2);
    expect((await responseOf(() => auditExport(args(getRequest("/audit/export?format=pdf", chair))))).status).toBe(400);
    const buyer = await cookieFor("hospital.buyer");
    expect((await responseOf(() => auditExport(args(getRequest("/audit/export?format=csv", buyer))))).status).toBe(403);
  });
});
