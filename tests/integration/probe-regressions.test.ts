// The inputs that gave a 500 or saved implausible data when main was probed (issue 15), each against the form it
// broke: every one is now refused with a 4xx and writes nothing, and the same body with a sane value is accepted.
import { beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { action as budgetAction } from "~/routes/union.budget";
import { action as financeAction } from "~/routes/finance._index";
import { action as newListingAction } from "~/routes/supplier.products.new";
import { action as editListingAction } from "~/routes/supplier.products.$productId._index";
import { action as certificateAction } from "~/routes/supplier.products.$productId.certificate";
import { action as orderAction } from "~/routes/union.orders.new";
import { action as policyAction } from "~/routes/reports.policy";
import { action as adminAction } from "~/routes/admin._index";
import { reader } from "~/utils/db.server";
import { one, q } from "~/utils/sql.server";
import { BASE_URL, cookieFor, formRequest, orgIdOf, productIdsOf, seedDemoBase } from "../support/fixtures";

type Action = (args: ActionFunctionArgs) => Promise<unknown>;
const cookies: Record<string, string> = {};
let ownProductId = "";

beforeAll(async () => {
  await seedDemoBase();
  for (const user of ["hospital.buyer", "finance", "tea.coop", "city.leader", "admin"]) cookies[user] = await cookieFor(user);
  ownProductId = String((await productIdsOf("tea.coop"))[0]);
});

const COUNTED = ["OffPlatformSpending", "BankTransfer", "Product", "Certificate", "Order", "User", "WelfarePolicy"] as const;
/** The rows of every table these forms write, in one statement. */
const rowCount = async () => {
  const counts = await one(
    reader,
    q.selectNoFrom((eb) => COUNTED.map((table) => eb.selectFrom(table).select(eb.fn.countAll<number>().as("n")).as(table))),
  );
  return COUNTED.reduce((sum, table) => sum + Number(counts[table]), 0);
};

async function post(
  action: Action,
  path: string,
  user: string,
  fields: Record<string, string | string[]> | FormData | Request,
  params: Record<string, string> = {},
) {
  const request = fields instanceof Request ? fields : formRequest(path, fields, cookies[user]);
  try {
    const result = await action({ request, params, context: { clientIp: "198.51.100.40" } });
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

async function refusedWithoutWrite(run: () => Promise<number>) {
  const before = await rowCount();
  const status = await run();
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  expect(await rowCount()).toBe(before);
}

const spending = (over: Record<string, string>) => ({
  intent: "recordSpending",
  spentOn: "2026-03-01",
  amount: "120.00",
  category: "FESTIVAL",
  note: "",
  ...over,
});
const transfer = (over: Record<string, string>) => ({
  intent: "record",
  referenceCode: "NOPE",
  amount: "10.00",
  receivedOn: "2026-03-01",
  bankReference: "B1",
  payerName: "",
  ...over,
});
const listing = (over: Record<string, string>) => ({
  intent: "save",
  title: "秦岭毛尖 试",
  description: "",
  category: "TEA",
  unit: "盒",
  price: "30",
  marketPrice: "",
  stock: "10",
  minOrderQty: "1",
  leadTimeDays: "3",
  shelfLifeDays: "",
  ...over,
});

function certificateForm(over: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries({
    number: "SL-2026-1",
    level: "COUNTY",
    issuer: "商南县农业农村局",
    validFrom: "2026-01-01",
    validTo: "2027-01-01",
    ...over,
  }))
    form.append(k, v);
  form.append("document", new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])], "c.pdf", { type: "application/pdf" }));
  return new Request(`${BASE_URL}/supplier/products/${ownProductId}/certificate`, { method: "POST", body: form, headers: { Cookie: cookies["tea.coop"] } });
}

describe("inputs that broke main", () => {
  it("refuses impossible and implausible dates in spending, finance and certificate forms", async () => {
    for (const spentOn of ["2026-13-45", "0000-01-01", "9999-12-31", "2026-02-31"]) {
      await refusedWithoutWrite(() => post(budgetAction, "/union/budget", "hospital.buyer", spending({ spentOn })));
      await refusedWithoutWrite(() => post(financeAction, "/finance", "finance", transfer({ receivedOn: spentOn })));
      await refusedWithoutWrite(() => post(certificateAction, "", "tea.coop", certificateForm({ validFrom: spentOn }), { productId: ownProductId }));
    }
    await refusedWithoutWrite(() =>
      post(certificateAction, "", "tea.coop", certificateForm({ validFrom: "2026-01-01", validTo: "9999-12-31" }), { productId: ownProductId }),
    );
    const before = await rowCount();
    expect(await post(budgetAction, "/union/budget", "hospital.buyer", spending({ spentOn: "2026-02-28" }))).toBeLessThan(400);
    expect(await rowCount()).toBe(before + 1);
  });

  it("refuses a spending entry above the stated maximum, so union pages keep exact sums", async () => {
    await refusedWithoutWrite(() => post(budgetAction, "/union/budget", "hospital.buyer", spending({ amount: "9999999999999.99" })));
    await refusedWithoutWrite(() => post(budgetAction, "/union/budget", "hospital.buyer", spending({ amount: "1e3" })));
    await refusedWithoutWrite(() => post(budgetAction, "/union/budget", "hospital.buyer", spending({ amount: "0x10" })));
  });

  it("refuses a village that does not exist or is not the supplier's, on new and edited listings", async () => {
    for (const villageId of ["99999", "1e20", "-1", "0x10"]) {
      await refusedWithoutWrite(() => post(newListingAction, "/supplier/products/new", "tea.coop", listing({ villageId })));
      await refusedWithoutWrite(() =>
        post(editListingAction, `/supplier/products/${ownProductId}`, "tea.coop", listing({ villageId }), { productId: ownProductId }),
      );
    }
  });

  it("refuses NUL and bidi overrides by stripping them, and a title made only of them", async () => {
    await refusedWithoutWrite(() => post(newListingAction, "/supplier/products/new", "tea.coop", listing({ title: "\u0000\u202E\u2066" })));
    expect(await post(newListingAction, "/supplier/products/new", "tea.coop", listing({ title: "好茶\u0000\u202Eevil" }))).toBe(302);
    const { title } = await one(reader, q.selectFrom("Product").select("title").orderBy("id", "desc").limit(1));
    expect(title).toBe("好茶evil");
  });

  it("refuses a gift pack of 100,000 × 9,999,999 and a festival cap of 0", async () => {
    const order = {
      intent: "submit",
      token: "probe-giftpack-1",
      mode: "pack",
      occasion: "MID_AUTUMN",
      headcount: "100000",
      productCode: "P00002",
      quantity: "9999999",
      recipient1: "王芳",
      phone1: "13800000000",
      address1: "商州区",
    };
    await refusedWithoutWrite(() => post(orderAction, "/union/orders/new", "hospital.buyer", order));
    await refusedWithoutWrite(() => post(orderAction, "/union/orders/new", "hospital.buyer", { ...order, quantity: "100", headcount: "100000" }));
    await refusedWithoutWrite(() => post(policyAction, "/reports/policy", "city.leader", { year: "2026", targetPercent: "30", cap: "0" }));
    await refusedWithoutWrite(() => post(policyAction, "/reports/policy", "city.leader", { year: "2026", targetPercent: "0x10", cap: "2200" }));
  });

  it("refuses the passwords 12345678 and password for a new user", async () => {
    const org = await orgIdOf("hospital.buyer");
    for (const password of ["12345678", "password"]) {
      await refusedWithoutWrite(() =>
        post(adminAction, "/admin", "admin", { intent: "createUser", username: "weak.user", name: "弱密码", password, orgId: String(org), role: "BUYER" }),
      );
    }
  });

  it("refuses 200,000 repeated form pairs with 413", async () => {
    const body = "a=1&".repeat(200_000);
    const request = new Request(`${BASE_URL}/union/budget`, {
      method: "POST",
      body,
      headers: { Cookie: cookies["hospital.buyer"], "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(await post(budgetAction, "", "hospital.buyer", request)).toBe(413);
  });
});
