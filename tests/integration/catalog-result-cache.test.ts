// The catalog keeps a search's result page while nothing it depends on changes (docs/decisions/0197-catalog-result-
// cache.md): after any sequence of writes a search may depend on, the kept answer equals the search run afresh.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { searchCatalog, searchCatalogAfresh, type CatalogFilters } from "~/models/catalog/catalog-search.server";
import { reader, transaction } from "~/utils/db.server";
import { all, q, rawSqlite } from "~/utils/sql.server";
import { seedDemoBase } from "../support/fixtures";

const SEARCHES: CatalogFilters[] = [
  { q: "核桃", sort: "price_asc", page: 1 },
  { q: "核桃", category: "WALNUT", sort: "price_desc", page: 1 },
  { sort: "newest", page: 1 },
  { sort: "rating", page: 1 },
  { certified: true, sort: "price_asc", page: 1 },
  { county: "洛南县", sort: "price_asc", page: 1 },
  { q: "茶", sort: "relevance", page: 1 },
  { supplierKind: "COOPERATIVE", sort: "newest", page: 2 },
];

let products: number[];
let suppliers: number[];
let villages: number[];
let certificates: number[];

beforeAll(async () => {
  await seedDemoBase();
  products = (await all(reader, q.selectFrom("Product").select("id").orderBy("id"))).map((r) => r.id);
  suppliers = (await all(reader, q.selectFrom("Supplier").select("id").orderBy("id"))).map((r) => r.id);
  villages = (await all(reader, q.selectFrom("Village").select("id").orderBy("id"))).map((r) => r.id);
  certificates = (await all(reader, q.selectFrom("Certificate").select("id").orderBy("id"))).map((r) => r.id);
});

/** Writes a search can depend on, and one it cannot (stock), each as the app's statements would leave the row. */
const writes = fc.oneof(
  fc.record({ kind: fc.constant("price" as const), i: fc.nat(), fen: fc.integer({ min: 100, max: 50_000 }) }),
  fc.record({ kind: fc.constant("withdraw" as const), i: fc.nat(), live: fc.boolean() }),
  fc.record({ kind: fc.constant("title" as const), i: fc.nat(), title: fc.constantFrom("核桃仁", "商南绿茶", "木耳", "香菇干") }),
  fc.record({ kind: fc.constant("rating" as const), i: fc.nat(), stars: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("county" as const), i: fc.nat(), county: fc.constantFrom("洛南县", "商州区", "丹凤县") }),
  fc.record({ kind: fc.constant("certificate" as const), i: fc.nat(), status: fc.constantFrom("APPROVED", "REJECTED", "SUBMITTED") }),
  fc.record({ kind: fc.constant("stock" as const), i: fc.nat(), delta: fc.integer({ min: -5, max: 50 }) }),
  fc.record({ kind: fc.constant("tier" as const), i: fc.nat(), minQty: fc.integer({ min: 2, max: 400 }), fen: fc.integer({ min: 50, max: 9_000 }) }),
  fc.record({ kind: fc.constant("photo" as const), i: fc.nat(), add: fc.boolean() }),
  fc.record({ kind: fc.constant("market" as const), i: fc.nat(), fen: fc.option(fc.integer({ min: 100, max: 60_000 })) }),
  fc.record({ kind: fc.constant("supplierName" as const), i: fc.nat(), name: fc.constantFrom("商南县茶叶合作社", "洛南核桃社", "丹凤葡萄酒厂") }),
);
type Write = typeof writes extends fc.Arbitrary<infer W> ? W : never;

function apply(write: Write) {
  return transaction(async (c) => {
    const pick = (ids: number[]) => ids[write.i % ids.length];
    if (write.kind === "price") rawSqlite(c).prepare(`UPDATE "Product" SET "priceFen" = ? WHERE "id" = ?`).run(write.fen, pick(products));
    if (write.kind === "withdraw")
      rawSqlite(c)
        .prepare(`UPDATE "Product" SET "active" = ?, "listingState" = ? WHERE "id" = ?`)
        .run(write.live ? 1 : 0, write.live ? "LIVE" : "WITHDRAWN", pick(products));
    if (write.kind === "title") {
      const id = pick(products);
      rawSqlite(c).prepare(`UPDATE "Product" SET "title" = ? WHERE "id" = ?`).run(write.title, id);
      // As the listing form does: the search index follows the title in the same transaction.
      rawSqlite(c)
        .prepare(`UPDATE "ProductSearch" SET "title" = ? WHERE rowid = ?`)
        .run([...write.title].join(" "), id);
    }
    if (write.kind === "rating")
      rawSqlite(c)
        .prepare(`UPDATE "Supplier" SET "ratingSum" = "ratingSum" + ?, "ratingCount" = "ratingCount" + 1 WHERE "id" = ?`)
        .run(write.stars, pick(suppliers));
    if (write.kind === "county") rawSqlite(c).prepare(`UPDATE "Village" SET "county" = ? WHERE "id" = ?`).run(write.county, pick(villages));
    if (write.kind === "certificate" && certificates.length)
      rawSqlite(c).prepare(`UPDATE "Certificate" SET "status" = ? WHERE "id" = ?`).run(write.status, pick(certificates));
    if (write.kind === "stock") rawSqlite(c).prepare(`UPDATE "Product" SET "stock" = MAX(0, "stock" + ?) WHERE "id" = ?`).run(write.delta, pick(products));
    if (write.kind === "tier")
      rawSqlite(c)
        .prepare(
          `INSERT INTO "ProductTierPrice" ("productId","minQty","priceFen") VALUES (?,?,?) ON CONFLICT ("productId","minQty") DO UPDATE SET "priceFen" = excluded."priceFen"`,
        )
        .run(pick(products), write.minQty, write.fen);
    if (write.kind === "photo") {
      const id = pick(products);
      if (write.add)
        rawSqlite(c)
          .prepare(`INSERT INTO "ProductPhoto" ("productId","fileName","contentType","position") VALUES (?,?,?,0)`)
          .run(id, `p${id}-${write.i}.jpg`, "image/jpeg");
      else rawSqlite(c).prepare(`DELETE FROM "ProductPhoto" WHERE "productId" = ?`).run(id);
    }
    if (write.kind === "market") rawSqlite(c).prepare(`UPDATE "Product" SET "marketPriceFen" = ? WHERE "id" = ?`).run(write.fen, pick(products));
    if (write.kind === "supplierName")
      rawSqlite(c)
        .prepare(`UPDATE "Organization" SET "name" = ? WHERE "id" = (SELECT "orgId" FROM "Supplier" WHERE "id" = ?)`)
        .run(write.name, pick(suppliers));
  });
}

describe("the catalog's kept result pages", () => {
  it("equal the search run afresh after every write a search depends on", async () => {
    for (const search of SEARCHES) await searchCatalog(search);
    await fc.assert(
      fc.asyncProperty(fc.array(writes, { minLength: 1, maxLength: 6 }), async (batch) => {
        for (const write of batch) {
          await apply(write);
          for (const search of SEARCHES) expect(await searchCatalog(search), JSON.stringify({ write, search })).toEqual(await searchCatalogAfresh(search));
        }
      }),
      { seed: 20261201, numRuns: 40 },
    );
  });

  it("shows stock as it is now although the page of ids was kept", async () => {
    const search: CatalogFilters = { sort: "newest", page: 1 };
    const [first] = (await searchCatalog(search)).items;
    await transaction(async (c) =>
      rawSqlite(c)
        .prepare(`UPDATE "Product" SET "stock" = ? WHERE "id" = ?`)
        .run(first.stock + 7, first.id),
    );
    expect((await searchCatalog(search)).items[0]).toMatchObject({ id: first.id, stock: first.stock + 7 });
  });
});
