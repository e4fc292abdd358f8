// Demo data that looks like Shangluo. Deterministic: the same code gives the same rows (a seeded PRNG, fixed
// dates relative to a fixed "today"), so figures in tests and screenshots are stable.
// Runs only on an empty database (scripts/setup.mjs checks); writes through the raw connection in one
// transaction, with the same schema and CHECK constraints as the app.
import { hash } from "@node-rs/argon2";
import { COUNTIES, mulberry32, PRODUCT_TEMPLATES, SEED_TODAY, SUPPLIERS, UNIT_TEMPLATES, VILLAGE_NAMES } from "./seed-data";
import { seedOrderHistory } from "./seed-orders";
import { rebuildProductSearchIndex } from "../app/models/catalog/product-search-index.server";
import { rebuildReportNodes } from "../app/models/welfare/procurement-ledger.server";
import { startOfChinaDay } from "../app/domain/china-time";
import { instant, one, q, run, setSequencesPastIds, type Connection } from "../app/utils/sql.server";

export const DEMO_PASSWORD = "bangfu2026";

/** The demo password's hash; argon2 is async, so it is computed before the synchronous transaction. */
export function demoPasswordHash() {
  return hash(DEMO_PASSWORD);
}

export type SeedBaseResult = Awaited<ReturnType<typeof seedBase>>;

/** Organisations, users, villages, suppliers, products, certificates, budgets. Synchronous: call in a transaction. */
export async function seedBase(connection: Connection, passwordHash: string) {
  const rand = mulberry32(20261128);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const now = startOfChinaDay(SEED_TODAY).getTime();
  const day = 86400_000;

  let nextOrgId = 1;
  const org = async (
    kind: string,
    name: string,
    code: string,
    parent: { id: number; path: string } | null,
    region: string | null,
    contact?: [string, string],
    thresholdFen = 5_000_000,
  ) => {
    const id = nextOrgId++;
    const orgPath = `${parent?.path ?? "/"}${id}/`;
    await run(
      connection,
      q.insertInto("Organization").values({
        id,
        kind,
        name,
        code,
        parentId: parent?.id ?? null,
        path: orgPath,
        region,
        contactName: contact?.[0] ?? null,
        contactPhone: contact?.[1] ?? null,
        approvalThresholdFen: thresholdFen,
        createdAt: instant(now - 400 * day),
      }),
    );
    return { id, path: orgPath, name };
  };
  const user = async (username: string, name: string, orgId: number, role: string) => {
    const userId = (
      await one(
        connection,
        q
          .insertInto("User")
          .values({ username, name, passwordHash, locale: "zh-CN", createdAt: instant(now - 400 * day) })
          .returning("id"),
      )
    ).id;
    await run(connection, q.insertInto("Membership").values({ userId, orgId, role }));
    return userId;
  };
  const surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"];
  const givenNames = ["建国", "秀兰", "志强", "丽娟", "海燕", "军", "芳", "伟", "静", "磊", "敏", "涛", "婷", "勇"];
  const person = () => pick(surnames) + pick(givenNames);
  const phone = () => `139${String(Math.floor(rand() * 1e8)).padStart(8, "0")}`;

  // Platform, federation, counties, grassroots unions, partner unions.
  const platform = await org("PLATFORM", "帮扶集采平台", "PLATFORM", null, null);
  await user("admin", "平台管理员", platform.id, "ADMIN");
  await user("finance", "平台财务 陈会计", platform.id, "FINANCE");

  const federation = await org("FEDERATION", "商洛市总工会", "SL", null, null, ["市总工会 帮扶办", "0914-2312345"]);
  await user("city.leader", "市总工会 刘主席", federation.id, "LEADER");

  const unions: Array<{ id: number; name: string; headcount: number; perMember: number; profile: string; county: string }> = [];
  for (const county of COUNTIES) {
    const countyOrg = await org("COUNTY", county.union, county.code, federation, county.name, [person(), phone()]);
    await user(`${county.code.toLowerCase()}.leader`, `${county.union} ${person()}`, countyOrg.id, "LEADER");
    for (const [i, [suffix, headcount, perMember, profile]] of UNIT_TEMPLATES.entries()) {
      const countyShort = county.name.replace(/[区县]$/, "");
      const name = `${countyShort}${suffix}`;
      // The hospital union in 商州 is the demo buyer's: approvals above ¥20,000 so a 320-member pack needs one.
      const threshold = county.code === "SZ" && i === 0 ? 2_000_000 : 5_000_000;
      const unit = await org("GRASSROOTS", name, `${county.code}-${String(i + 1).padStart(2, "0")}`, countyOrg, county.name, [person(), phone()], threshold);
      const hc = Math.round(headcount * (0.8 + rand() * 0.5));
      unions.push({ id: unit.id, name, headcount: hc, perMember, profile, county: county.name });
    }
  }
  const partnerGroup = await org("PARTNER_GROUP", "宁商协作伙伴工会", "NJ", federation, "南京市", [person(), phone()]);
  for (const [i, name] of ["南京市玄武区总工会", "南京市江宁区机关工会"].entries()) {
    const unit = await org("PARTNER_UNION", name, `NJ-${String(i + 1).padStart(2, "0")}`, partnerGroup, "南京市", [person(), phone()]);
    unions.push({ id: unit.id, name, headcount: 400 + i * 150, perMember: 1500, profile: "onTrack", county: "南京市" });
  }
  const named: Record<number, Partial<Record<"BUYER" | "APPROVER", string>>> = {
    [unions[0].id]: { BUYER: "hospital.buyer", APPROVER: "hospital.chair" },
    [unions[1].id]: { BUYER: "school.buyer" },
    [unions[unions.length - 2].id]: { BUYER: "nanjing.buyer" },
  };
  const displayNames: Record<string, string> = {
    "hospital.buyer": "商州医院工会 王经办",
    "hospital.chair": "商州医院工会 李主席",
    "school.buyer": "商州一中工会 赵经办",
    "nanjing.buyer": "玄武区总工会 周经办",
  };
  // Every union has a buyer and an approver; the demo ones have memorable names, the rest "<code>.buyer".
  const unionUsers = new Map<number, { buyerId: number; approverId: number }>();
  for (const u of unions) {
    const code = (await one(connection, q.selectFrom("Organization").select("code").where("id", "=", u.id))).code.toLowerCase();
    const ids = { buyerId: 0, approverId: 0 };
    for (const role of ["BUYER", "APPROVER"] as const) {
      const username = named[u.id]?.[role] ?? `${code}.${role === "BUYER" ? "buyer" : "chair"}`;
      const display = displayNames[username] ?? `${u.name} ${person()}`;
      ids[role === "BUYER" ? "buyerId" : "approverId"] = await user(username, display, u.id, role);
    }
    unionUsers.set(u.id, ids);
  }

  for (const u of unions) {
    for (const year of [2025, 2026]) {
      await run(
        connection,
        q.insertInto("WelfareBudget").values({
          orgId: u.id,
          year,
          budgetFen: u.headcount * u.perMember * 100,
          headcount: u.headcount,
          blockOverBudget: 0,
          updatedAt: instant(now - 300 * day),
        }),
      );
    }
  }
  await run(
    connection,
    q.insertInto("WelfarePolicy").values([
      { orgId: federation.id, year: 2025, targetBasisPoints: 3000, festivalCapPerMemberFen: 220000 },
      { orgId: federation.id, year: 2026, targetBasisPoints: 3000, festivalCapPerMemberFen: 220000 },
      { orgId: partnerGroup.id, year: 2026, targetBasisPoints: 3000, festivalCapPerMemberFen: 220000 },
    ]),
  );

  // Villages: spread over the counties' townships.
  const villages: Array<{ id: number; county: string; name: string }> = [];
  for (const [i, name] of VILLAGE_NAMES.entries()) {
    const county = COUNTIES[i % COUNTIES.length];
    const town = county.towns[Math.floor(i / COUNTIES.length) % county.towns.length];
    await run(connection, q.insertInto("Village").values({ id: i + 1, name, township: town, county: county.name }));
    villages.push({ id: i + 1, county: county.name, name });
  }

  // Suppliers with their villages, listings, tier prices and certificates.
  let productId = 1;
  for (const [si, s] of SUPPLIERS.entries()) {
    const supplierOrg = await org("SUPPLIER", s.name, `SUP-${String(si + 1).padStart(3, "0")}`, null, s.county, [person(), phone()]);
    const supplierId = si + 1;
    const description =
      s.tradeRole === "PRODUCER"
        ? `${s.county}${s.name.includes("社区工厂") ? "社区工厂，吸纳搬迁群众就近就业" : "带动当地脱贫户发展产业"}，带动 ${s.households} 户。`
        : "代销商洛各县帮扶产品。";
    await run(
      connection,
      q.insertInto("Supplier").values({ id: supplierId, orgId: supplierOrg.id, kind: s.kind, tradeRole: s.tradeRole, county: s.county, description }),
    );
    await user(s.username, `${s.name.slice(0, 8)} ${person()}`, supplierOrg.id, "SUPPLIER");
    const inCounty = villages.filter((v) => v.county === s.county);
    const served = (inCounty.length >= s.villages ? inCounty : villages).slice(0, s.villages);
    const servedWithHouseholds = served.map((v, i) => ({
      ...v,
      households: Math.round(s.households / served.length) + (i === 0 ? s.households % served.length : 0),
    }));
    for (const v of servedWithHouseholds)
      await run(connection, q.insertInto("SupplierVillage").values({ supplierId, villageId: v.id, householdsBenefited: v.households }));

    for (const category of s.categories) {
      for (const [title, unit, priceYuan, marketYuan, shelfLife] of PRODUCT_TEMPLATES[category] ?? []) {
        const id = productId++;
        const priceFen = Math.round(priceYuan * 100);
        const village = servedWithHouseholds[id % servedWithHouseholds.length];
        const createdAt = now - Math.floor(rand() * 300) * day;
        const stock = id % 17 === 0 ? 0 : 200 + Math.floor(rand() * 4000);
        await run(
          connection,
          q.insertInto("Product").values({
            id,
            supplierId,
            code: `P${String(id).padStart(5, "0")}`,
            title,
            description: `${title}，产自${village.county}${village.name}。${s.tradeRole === "PRODUCER" ? "合作社统一收购、统一品控。" : "由代销商统一采购配送。"}`,
            category,
            unit,
            priceFen,
            marketPriceFen: marketYuan == null ? null : Math.round(marketYuan * 100),
            stock,
            minOrderQty: unit === "瓶" || unit === "袋" ? 10 : 5,
            leadTimeDays: 2 + (id % 6),
            shelfLifeDays: shelfLife,
            originVillageId: village.id,
            active: id % 29 === 0 ? 0 : 1,
            listingState: id % 29 === 0 ? "WITHDRAWN" : "LIVE",
            createdAt: instant(createdAt),
            updatedAt: instant(createdAt),
          }),
        );
        await run(
          connection,
          q.insertInto("ProductTierPrice").values([
            { productId: id, minQty: 100, priceFen: Math.round(priceFen * 0.95) },
            { productId: id, minQty: 500, priceFen: Math.round(priceFen * 0.9) },
          ]),
        );
        // Trading agents' goods are not certified; one product in nine has an expired certificate; a few wait for review.
        if (s.tradeRole === "PRODUCER") {
          const expired = id % 9 === 0;
          const pending = id % 13 === 0;
          const level = id % 5 === 0 ? "PROVINCE" : id % 2 === 0 ? "CITY" : "COUNTY";
          // Valid since before 2025 so last year's purchases count; the expired ones lapsed a month ago.
          const validFrom = expired ? now - 1100 * day : now - 700 * day;
          const validTo = expired ? now - 30 * day : now + 400 * day;
          await run(
            connection,
            q.insertInto("Certificate").values({
              productId: id,
              number: `SLFP-${s.county.slice(0, 2)}-${2025 - (expired ? 1 : 0)}-${String(id).padStart(4, "0")}`,
              level,
              issuer: level === "PROVINCE" ? "陕西省乡村振兴局" : level === "CITY" ? "商洛市乡村振兴局" : `${s.county}乡村振兴局`,
              validFrom: instant(validFrom),
              validTo: instant(validTo),
              status: pending ? "SUBMITTED" : "APPROVED",
              reviewNote: pending ? null : "材料齐全，经公示无异议",
              reviewedAt: pending ? null : instant(validFrom),
              submittedAt: instant(validFrom - 20 * day),
            }),
          );
        }
      }
    }
  }
  // Budgets and registered units of every report node; orders added later go through the ledger one by one.
  await rebuildReportNodes(connection);
  return { unions, unionUsers, productCount: productId - 1 };
}

/** Seeds the database DATABASE_URL names (SQLite or PostgreSQL) in one transaction, unless it already has data. */
async function main() {
  // Loaded here, not at the top: the data generator imports seedBase and opens its own file, not DATABASE_URL's.
  const { closeDatabase, reader, transaction } = await import("../app/utils/db.server");
  try {
    const existing = await one(
      reader,
      q.selectFrom("Organization").select((eb) => eb.fn.countAll<number>().as("n")),
    );
    if (existing.n > 0) {
      console.log("Database already has data; not seeding.");
      return;
    }
    const passwordHash = await demoPasswordHash();
    const { base, history } = await transaction(async (connection) => {
      const base = await seedBase(connection, passwordHash);
      const history = await seedOrderHistory(connection, base);
      await rebuildProductSearchIndex(connection);
      // Rows were inserted with their own ids: move PostgreSQL's sequences past them (SQLite needs nothing).
      await setSequencesPastIds(connection);
      return { base, history };
    });
    console.log(`Seeded ${base.unions.length} unions, ${base.productCount} products and ${history.orders} orders.`);
  } finally {
    await closeDatabase();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
