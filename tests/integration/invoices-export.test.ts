// Invoices per supplier part, the union's order export for its accountant, and the supplier's ship-before-payment rule.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { action as orderAction, loader as orderLoader } from "~/routes/union.orders.$orderId._index";
import { action as supplierOrderAction, loader as supplierOrderLoader } from "~/routes/supplier.orders.$subOrderId._index";
import { action as invoiceAction } from "~/routes/supplier.orders.$subOrderId.invoice";
import { loader as exportLoader } from "~/routes/union.orders.export";
import { loader as fileLoader } from "~/routes/files.$fileName";
import { loader as financeLoader } from "~/routes/finance._index";
import { db, transaction } from "~/utils/db.server";
import { q, run } from "~/utils/sql.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";

let buyer: string;
let tea: string;
let unionId: number;
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());

beforeAll(async () => {
  await seedDemoBase();
  buyer = await cookieFor("hospital.buyer");
  tea = await cookieFor("tea.coop");
  unionId = (await db.organization.findUniqueOrThrow({ where: { code: "SZ-01" } })).id;
});

const orderPage = async (orderId: number) =>
  (
    await (
      await responseOf(() => orderLoader({ request: getRequest(`/union/orders/${orderId}`, buyer), params: { orderId: String(orderId) }, context: {} }))
    ).json()
  ).order;
const unionPost = (orderId: number, fields: Record<string, string>) =>
  responseOf(() => orderAction({ request: formRequest(`/union/orders/${orderId}`, fields, buyer), params: { orderId: String(orderId) }, context: {} }));

function multipart(path: string, fields: Record<string, string>, file: { name: string; bytes: Uint8Array<ArrayBuffer> } | null, cookie: string) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set("file", new File([file.bytes], file.name));
  return new Request(`http://localhost:3000${path}`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: "http://localhost:3000" } });
}
const supplierPost = (subOrderId: number, fields: Record<string, string>, file: { name: string; bytes: Uint8Array<ArrayBuffer> } | null) =>
  responseOf(() =>
    invoiceAction({ request: multipart(`/supplier/orders/${subOrderId}/invoice`, fields, file, tea), params: { subOrderId: String(subOrderId) }, context: {} }),
  );

const pdf = new TextEncoder().encode("%PDF-1.7\n%数电发票\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
// A minimal OFD package: a ZIP whose first entry is OFD.xml.
const ofd = new Uint8Array([
  0x50,
  0x4b,
  0x03,
  0x04,
  20,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  7,
  0,
  0,
  0,
  ...new TextEncoder().encode("OFD.xml"),
]);
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("invoices", () => {
  it("the union requests one per supplier part; the supplier uploads the PDF; union and finance see it; the order closes", async () => {
    const { orderId } = await insertOrder({
      unionId,
      createdAt: new Date(),
      paidAt: new Date(),
      status: "COMPLETED",
      lines: [{ productId: 1, quantity: 3, certified: true }],
    });
    const sub = await db.subOrder.findFirstOrThrow({ where: { orderId } });
    let page = await orderPage(orderId);
    expect(page.closed).toBe(false);
    expect(page.subOrders[0].mayRequestInvoice).toBe(true);
    expect(
      (await unionPost(orderId, { intent: "requestInvoice", subOrderId: String(sub.id), title: "商州区人民医院工会", taxNumber: "12", email: "cw@example.cn" }))
        .status,
    ).toBe(400);
    expect(
      (
        await unionPost(orderId, {
          intent: "requestInvoice",
          subOrderId: String(sub.id),
          title: "商州区人民医院工会",
          taxNumber: "81611002mc1234567x",
          email: "cw@example.cn",
        })
      ).status,
    ).toBe(302);
    expect(
      (
        await unionPost(orderId, {
          intent: "requestInvoice",
          subOrderId: String(sub.id),
          title: "again",
          taxNumber: "81611002MC1234567X",
          email: "cw@example.cn",
        })
      ).status,
    ).toBe(409);
    page = await orderPage(orderId);
    expect(page.subOrders[0].invoice).toMatchObject({ status: "REQUESTED", title: "商州区人民医院工会" });
    expect((await db.invoice.findUniqueOrThrow({ where: { subOrderId: sub.id } })).taxNumber).toBe("81611002MC1234567X");
    const finance = await cookieFor("finance");
    const outstanding = (await (await responseOf(() => financeLoader({ request: getRequest("/finance", finance), params: {}, context: {} }))).json()).invoices;
    expect(outstanding.some((i: { orderCode: string }) => i.orderCode === page.code)).toBe(true);

    // A PNG renamed .pdf is refused by its bytes; the real PDF is stored.
    const refused = await supplierPost(sub.id, { invoiceNumber: "25612000000012345678" }, { name: "fp.pdf", bytes: png });
    expect(refused.headers.get("Location")).toBe(`/supplier/orders/${sub.id}?invoice=fileWrongType`);
    expect((await db.invoice.findUniqueOrThrow({ where: { subOrderId: sub.id } })).status).toBe("REQUESTED");
    expect((await supplierPost(sub.id, { invoiceNumber: "25612000000012345678" }, { name: "fp.pdf", bytes: pdf })).status).toBe(302);
    const invoice = await db.invoice.findUniqueOrThrow({ where: { subOrderId: sub.id } });
    expect(invoice).toMatchObject({ status: "ISSUED", invoiceNumber: "25612000000012345678" });
    expect(invoice.fileName).toMatch(/\.pdf$/);
    page = await orderPage(orderId);
    expect(page.closed).toBe(true);
    const download = await responseOf(() =>
      fileLoader({ request: getRequest(`/files/${invoice.fileName}`, buyer), params: { fileName: invoice.fileName! }, context: {} }),
    );
    expect(download.status).toBe(200);
    const stranger = await responseOf(() =>
      fileLoader({ request: getRequest(`/files/${invoice.fileName}`, ""), params: { fileName: invoice.fileName! }, context: {} }),
    );
    expect(stranger.status).toBe(404);
    expect(await db.auditLog.count({ where: { action: { in: ["invoice.request", "invoice.issue"] }, entityId: String(sub.id) } })).toBe(2);
  });

  it("accepts an OFD file, or a number alone", async () => {
    for (const file of [{ name: "fp.ofd", bytes: ofd }, null]) {
      const { orderId } = await insertOrder({
        unionId,
        createdAt: new Date(),
        paidAt: new Date(),
        status: "COMPLETED",
        lines: [{ productId: 1, quantity: 1, certified: true }],
      });
      const sub = await db.subOrder.findFirstOrThrow({ where: { orderId } });
      await unionPost(orderId, {
        intent: "requestInvoice",
        subOrderId: String(sub.id),
        title: "商州区人民医院工会",
        taxNumber: "81611002MC1234567X",
        email: "cw@example.cn",
      });
      expect((await supplierPost(sub.id, { invoiceNumber: `NO-${file ? "OFD" : "NUMBER"}` }, file)).status).toBe(302);
      const invoice = await db.invoice.findUniqueOrThrow({ where: { subOrderId: sub.id } });
      expect(invoice.status).toBe("ISSUED");
      expect(invoice.fileName ?? "none").toMatch(file ? /\.ofd$/ : /none/);
    }
  });
});

describe("the union's order export", () => {
  it("lists orders and lines for a date range as CSV and XLSX, matching the order page to the fen", async () => {
    const { orderId } = await insertOrder({
      unionId,
      createdAt: new Date(),
      paidAt: new Date(),
      status: "COMPLETED",
      lines: [
        { productId: 1, quantity: 7, certified: true },
        { productId: 2, quantity: 3, certified: false },
      ],
    });
    const page = await orderPage(orderId);
    const csv = await (
      await responseOf(() => exportLoader({ request: getRequest(`/union/orders/export?from=${today}&to=${today}&format=csv`, buyer), params: {}, context: {} }))
    ).text();
    const lines = csv.split(/\r?\n/).filter((l) => l.includes(page.code));
    expect(lines).toHaveLength(2);
    const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
    for (const line of page.subOrders.flatMap((s: { lines: Array<{ amountFen: number }> }) => s.lines)) expect(csv).toContain(yuan(line.amountFen));
    expect(csv.split(/\r?\n/)[0]).toContain("发票号码");

    const xlsx = await responseOf(() =>
      exportLoader({ request: getRequest(`/union/orders/export?from=${today}&to=${today}&format=xlsx`, buyer), params: {}, context: {} }),
    );
    expect(xlsx.headers.get("Content-Type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0];
    let sumFen = 0;
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(1).value === page.code) sumFen += Math.round(Number(row.getCell(10).value) * 100);
    });
    expect(sumFen).toBe(page.totalFen);

    const bad = await responseOf(() =>
      exportLoader({ request: getRequest(`/union/orders/export?from=${today}&to=2000-01-01&format=csv`, buyer), params: {}, context: {} }),
    );
    expect(bad.status).toBe(400);
    const other = await cookieFor("school.buyer");
    const theirs = await (
      await responseOf(() => exportLoader({ request: getRequest(`/union/orders/export?from=${today}&to=${today}&format=csv`, other), params: {}, context: {} }))
    ).text();
    expect(theirs).not.toContain(page.code);
  });
});

describe("the supplier's ship-before-payment rule", () => {
  it("shows paid/unpaid and refuses to ship an unpaid order when the supplier ships only after payment", async () => {
    const { orderId } = await insertOrder({ unionId, createdAt: new Date(), status: "PLACED", lines: [{ productId: 1, quantity: 1, certified: true }] });
    const sub = await db.subOrder.findFirstOrThrow({ where: { orderId }, include: { supplier: true } });
    await transaction(async (c) => {
      await run(c, q.updateTable("Organization").set({ paymentTerms: "SHIP_AFTER_PAYMENT" }).where("id", "=", sub.supplier.orgId));
      await run(c, q.updateTable("SubOrder").set({ status: "CONFIRMED" }).where("id", "=", sub.id));
    });
    const view = (
      await (
        await responseOf(() =>
          supplierOrderLoader({ request: getRequest(`/supplier/orders/${sub.id}`, tea), params: { subOrderId: String(sub.id) }, context: {} }),
        )
      ).json()
    ).subOrder;
    expect(view.payment).toMatchObject({ status: "UNPAID", terms: "SHIP_AFTER_PAYMENT", mayShip: false });
    const ship = await responseOf(() =>
      supplierOrderAction({
        request: formRequest(`/supplier/orders/${sub.id}`, { intent: "ship", carrier: "顺丰", trackingNo: "SF1" }, tea),
        params: { subOrderId: String(sub.id) },
        context: {},
      }),
    );
    expect(ship.status).toBe(409);
    expect((await db.subOrder.findUniqueOrThrow({ where: { id: sub.id } })).status).toBe("CONFIRMED");
    await transaction((c) => run(c, q.updateTable("Organization").set({ paymentTerms: "PAY_WITHIN_DAYS" }).where("id", "=", sub.supplier.orgId)));
  });
});
