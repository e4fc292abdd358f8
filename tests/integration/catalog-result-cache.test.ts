// The catalog keeps a search's result page while nothing it depends on changes (docs/decisions/0197-catalog-result-
// cache.md): after any sequence of writes a search may depend on, the kept answer equals the search run afresh.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { indexProduct } from "~/models/catalog/product-search-index.server";
import { searchCatalog, searchCatalogAfresh, type CatalogFilters } from "~/models/catalog/catalog-search.server";
import { reader, transaction } from "~/utils/db.server";
import { all, q, run } from "~/utils/sql.server";
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
    if (write.kind === "price") await run(c, q.updateTable("Product").set({ priceFen: write.fen }).where("id", "=", pick(products)));
    if (write.kind === "withdraw")
      await run(
        c,
        q
          .updateTable("Product")
          .set({ active: write.live ? 1 : 0, listingState: write.live ? "LIVE" : "WITHDRAWN" })
          .where("id", "=", pick(products)),
      );
    if (write.kind === "title") {
      const id = pick(products);
      await run(c, q.updateTable("Product").set({ title: write.title }).where("id", "=", id));
      // As the listing form does: the search index follows the title in the same transaction (the index writer of the
      // engine, FTS5 or PostgreSQL's token arrays).
      await indexProduct(c, id);
    }
    if (write.kind === "rating")
      await run(
        c,
        q
          .updateTable("Supplier")
          .set((eb) => ({ ratingSum: eb("ratingSum", "+", write.stars), ratingCount: eb("ratingCount", "+", 1) }))
          .where("id", "=", pick(suppliers)),
      );
    if (write.kind === "county") await run(c, q.updateTable("Village").set({ county: write.county }).where("id", "=", pick(villages)));
    if (write.kind === "certificate" && certificates.length)
      await run(c, q.updateTable("Certificate").set({ status: write.status }).where("id", "=", pick(certificates)));
    // Stock never below 0: a CASE, as SQLite's two-argument MAX is PostgreSQL's GREATEST.
    if (write.kind === "stock")
      await run(
        c,
        q
          .updateTable("Product")
          .set((eb) => ({
            stock: eb
              .case()
              .when(eb("stock", "+", write.delta), "<", 0)
              .then(0)
              .else(eb("stock", "+", write.delta))
              .end(),
          }))
          .where("id", "=", pick(products)),
      );
    if (write.kind === "tier")
      await run(
        c,
        q
          .insertInto("ProductTierPrice")
          .values({ productId: pick(products), minQty: write.minQty, priceFen: write.fen })
          .onConflict((oc) => oc.columns(["productId", "minQty"]).doUpdateSet((eb) => ({ priceFen: eb.ref("excluded.priceFen") }))),
      );
    if (write.kind === "photo") {
      const id = pick(products);
      if (write.add)
        await run(c, q.insertInto("ProductPhoto").values({ productId: id, fileName: `p${id}-${write.i}.jpg`, contentType: "image/jpeg", position: 0 }));
      else await run(c, q.deleteFrom("ProductPhoto").where("productId", "=", id));
    }
    if (write.kind === "market") await run(c, q.updateTable("Product").set({ marketPriceFen: write.fen }).where("id", "=", pick(products)));
    if (write.kind === "supplierName")
      await run(
        c,
        q
          .updateTable("Organization")
          .set({ name: write.name })
          .where("id", "=", (eb) => eb.selectFrom("Supplier").select("orgId").where("id", "=", pick(suppliers))),
      );
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
    // ~2,200 searches: ~4 s on SQLite, ~12 s on PostgreSQL (a round trip each), more on a busy machine.
  }, 120_000);

  it("shows stock as it is now although the page of ids was kept", async () => {
    const search: CatalogFilters = { sort: "newest", page: 1 };
    const [first] = (await searchCatalog(search)).items;
    await transaction((c) =>
      run(
        c,
        q
          .updateTable("Product")
          .set({ stock: first.stock + 7 })
          .where("id", "=", first.id),
      ),
    );
    expect((await searchCatalog(search)).items[0]).toMatchObject({ id: first.id, stock: first.stock + 7 });
  });
});
