// The public catalog: full-text search (ProductSearch, see domain/search.ts), filters kept in the URL, sorting,
// pagination. One SQL statement for the page's ids and the count, one for those listings' columns, on the raw
// connection.
import { sql, type SqlBool } from "kysely";
import { chinaDate } from "~/domain/china-time";
import { matchExpression, queryTerms, tsQueryExpression } from "~/domain/search";
import { reader } from "~/utils/db.server";
import { engine } from "~/utils/engine.server";
import { all, listStandIns, listValues, one, prepared, q, type SqlDialect } from "~/utils/sql.server";
import { certifiedOnDaySql } from "~/models/rules-sql.server";
import { listingsWithOrigin } from "~/models/catalog/listing-source.server";

export const SORTS = ["relevance", "price_asc", "price_desc", "newest", "rating"] as const;
export type CatalogSort = (typeof SORTS)[number];

export interface CatalogFilters {
  q?: string;
  county?: string;
  villageId?: number;
  category?: string;
  supplierKind?: string;
  tradeRole?: string;
  certified?: boolean;
  minPriceFen?: number;
  maxPriceFen?: number;
  inStock?: boolean;
  sort: CatalogSort;
  page: number;
}

export const PAGE_SIZE = 24;

export interface CatalogItem {
  id: number;
  title: string;
  unit: string;
  priceFen: number;
  marketPriceFen: number | null;
  stock: number;
  minOrderQty: number;
  category: string;
  supplierName: string;
  tradeRole: string;
  county: string | null;
  villageName: string | null;
  certified: boolean;
  ratingSum: number;
  ratingCount: number;
  photo: string | null;
  tiers: Array<{ minQty: number; priceFen: number }>;
}

type MatchRow = { id: number; rank: number };

/**
 * The listings matching a search with their bm25 rank (title weighted 10:1; lower is better), as a derived table `f`
 * joined on `f.id`, and that rank to order by; null when the query has nothing to search. One statement per engine:
 * - SQLite: FTS5's MATCH and bm25 over ProductSearch (docs/decisions/0010-catalog-search.md);
 * - PostgreSQL: the GIN-indexed tsvector of the same tokens finds the rows, and FTS5's bm25 is computed in SQL from
 *   the same figures — rows in the index, average row length, rows holding each term, the term's count in title
 *   and body — so both engines return the same listings in the same order (docs/decisions/0196-postgres-search.md).
 */
export function fullTextMatches(query: string, dialect: SqlDialect = engine, ranked = true) {
  if (dialect === "sqlite") {
    const match = matchExpression(query);
    if (!match) return null;
    // The rank only when it orders the page (`ranked`): bm25 for every match costs more than sorting them by price.
    const rank = ranked ? sql`bm25("ProductSearch", 10.0, 1.0)` : sql`0`;
    return sql<MatchRow>`(SELECT rowid AS "id", ${rank} AS "rank" FROM "ProductSearch" WHERE "ProductSearch" MATCH ${match})`.as("f");
  }
  const terms = queryTerms(query);
  const everyTerm = tsQueryExpression(terms);
  if (!everyTerm) return null;
  // FTS5's bm25 (reader/ext/fts5/fts5_aux.c), operation for operation in float8: k1 = 1.2, b = 0.75, avgdl = total
  // tokens / rows (ProductSearchTotals), idf = ln((N - n + 0.5) / (n + 0.5)) or 1e-6 when that is not positive, with n
  // the rows holding the term (an index count), f = 10 × its count in the title + its count in the body.
  const idf = (i: number) =>
    sql`(SELECT CASE WHEN h."x" <= 0 THEN 1e-6::float8 ELSE h."x" END FROM (SELECT ln((t."rows"::float8 - count(*)::float8 + 0.5::float8) / (count(*)::float8 + 0.5::float8)) AS "x" FROM "ProductSearch" WHERE "document" @@ ${tsQueryExpression([terms[i]])}::tsquery) AS h)`.as(
      `idf${i}`,
    );
  const count = (column: "title" | "body", term: (typeof terms)[number]) =>
    term.prefix
      ? sql`(SELECT count(*) FROM unnest(s.${sql.ref(column)}) AS x("token") WHERE starts_with(x."token", ${term.token}))::float8`
      : sql`cardinality(array_positions(s.${sql.ref(column)}, ${term.token}::text))::float8`;
  const frequencies = terms.map((term, i) => sql`10.0::float8 * ${count("title", term)} + 1.0::float8 * ${count("body", term)}`.as(`f${i}`));
  const score = terms.map(
    (_, i) =>
      sql`w.${sql.ref(`idf${i}`)} * ((c.${sql.ref(`f${i}`)} * (1.2::float8 + 1.0::float8)) / (c.${sql.ref(`f${i}`)} + 1.2::float8 * (1::float8 - 0.75::float8 + 0.75::float8 * s."size"::float8 / w."avgdl")))`,
  );
  // The figures for the whole index are computed once (MATERIALIZED), the term counts once per matching row (LATERAL;
  // OFFSET 0 keeps the planner from inlining them into each use).
  return sql<MatchRow>`(WITH w AS MATERIALIZED (SELECT t."tokens"::float8 / t."rows"::float8 AS "avgdl", ${sql.join(terms.map((_, i) => idf(i)))} FROM "ProductSearchTotals" AS t WHERE t."id" = 1)
    SELECT s."id", -1.0::float8 * (0::float8 + ${sql.join(score, sql` + `)}) AS "rank"
    FROM "ProductSearch" AS s CROSS JOIN w CROSS JOIN LATERAL (SELECT ${sql.join(frequencies)} OFFSET 0) AS c
    WHERE s."document" @@ ${everyTerm}::tsquery)`.as("f");
}

export const FULL_TEXT_RANK = sql.ref("f.rank");

/**
 * Result pages as the catalog shows them, kept per search while nothing they show has changed
 * (docs/decisions/0185-catalog-result-cache.md). "CatalogVersion" moves, by triggers, with every write that can change
 * which listings a search finds, their order or what their cards show, from any code path or process; the China day is
 * in the key because "counts toward 30%" depends on it. Stock is the exception: every order moves it, so a kept page
 * reads its listings' stock afresh, and a search for "in stock only", which depends on it, is never kept.
 */
type ResultPage = { items: CatalogItem[]; total: number; pageCount: number };
const resultPages = { version: -1, pages: new Map<string, ResultPage>() };
const RESULT_PAGES_KEPT = 500;

const catalogVersion = prepared((p: { id: number }) => q.selectFrom("CatalogVersion").select("version").where("id", "=", p.id));
const stockOf = prepared((p: Record<string, number>, count: string) =>
  q.selectFrom("Product").select(["id", "stock"]).where("id", "in", listStandIns(p, count)),
);

export async function searchCatalog(filters: CatalogFilters): Promise<ResultPage> {
  if (filters.inStock) return searchCatalogAfresh(filters);
  const day = chinaDate(new Date());
  const { version } = await one(reader, catalogVersion({ id: 1 }));
  if (version !== resultPages.version) resultPages.pages = new Map();
  resultPages.version = version;
  const key = JSON.stringify([day, filters]);
  const kept = resultPages.pages.get(key);
  if (!kept) {
    const page = await showPage(await searchPage(filters, day), day);
    if (resultPages.pages.size >= RESULT_PAGES_KEPT) resultPages.pages.clear();
    resultPages.pages.set(key, page);
    return page;
  }
  if (!kept.items.length) return kept;
  const ids = kept.items.map((item) => item.id);
  const stock = new Map((await all(reader, stockOf(listValues(ids), String(ids.length)))).map((r) => [r.id, r.stock]));
  return { ...kept, items: kept.items.map((item) => ({ ...item, stock: stock.get(item.id) ?? item.stock })) };
}

/** The same search without the kept pages: what they must always equal. */
export async function searchCatalogAfresh(filters: CatalogFilters) {
  const day = chinaDate(new Date());
  return showPage(await searchPage(filters, day), day);
}

/** The search itself: the page's listing ids in order, and how many listings match. */
async function searchPage(filters: CatalogFilters, day: string, dialect: SqlDialect = engine): Promise<{ ids: number[]; total: number }> {
  const certified = certifiedOnDaySql(`p."id"`, day, dialect);
  const matches = filters.q ? fullTextMatches(filters.q, dialect, filters.sort === "relevance") : null;
  if (filters.q && !matches) return { ids: [], total: 0 };
  let from = q
    .selectFrom("Product as p")
    .innerJoin("Supplier as s", "s.id", "p.supplierId")
    .leftJoin("Village as v", "v.id", "p.originVillageId")
    .where("p.active", "=", 1);
  if (matches) from = from.$if(true, (qb) => qb.innerJoin(matches, (join) => join.onRef("f.id", "=", "p.id")));
  if (filters.county) from = from.where("v.county", "=", filters.county);
  if (filters.villageId) from = from.where("p.originVillageId", "=", filters.villageId);
  if (filters.category) from = from.where("p.category", "=", filters.category);
  if (filters.supplierKind) from = from.where("s.kind", "=", filters.supplierKind);
  if (filters.tradeRole) from = from.where("s.tradeRole", "=", filters.tradeRole);
  if (filters.certified) from = from.where(sql.raw<SqlBool>(certified));
  if (filters.minPriceFen != null) from = from.where("p.priceFen", ">=", filters.minPriceFen);
  if (filters.maxPriceFen != null) from = from.where("p.priceFen", "<=", filters.maxPriceFen);
  // "In stock" means orderable: at least the minimum order is in stock.
  if (filters.inStock) from = from.where("p.stock", ">", 0).whereRef("p.stock", ">=", "p.minOrderQty");
  // One pass over the matches: the page's ids in order with the total beside them (a window count). The costly
  // columns (certified on the day, first photo, supplier name) are read below for those 24 only: in the select
  // list of the sorted query they ran for every match (docs/performance.md).
  let page = from.select((eb) => ["p.id", eb.fn.countAll<number>().over().as("total")]);
  if (filters.sort === "price_asc") page = page.orderBy("p.priceFen", "asc").orderBy("p.id");
  else if (filters.sort === "price_desc") page = page.orderBy("p.priceFen", "desc").orderBy("p.id");
  else if (filters.sort === "newest") page = page.orderBy("p.createdAt", "desc").orderBy("p.id", "desc");
  else if (filters.sort === "rating")
    page = page
      // The average rating, a listing without ratings as 0 (a CASE: SQLite's two-argument MAX is GREATEST elsewhere).
      .orderBy((eb) => sql`(${eb.ref("s.ratingSum")} * 1.0 / CASE WHEN ${eb.ref("s.ratingCount")} > 1 THEN ${eb.ref("s.ratingCount")} ELSE 1 END)`, "desc")
      .orderBy("s.ratingCount", "desc")
      .orderBy("p.id");
  else if (matches) page = page.orderBy(FULL_TEXT_RANK).orderBy("p.id");
  else page = page.orderBy("p.id");
  const ids = await all(reader, page.limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE));
  // Past the last page the window has no row to stand on: count apart.
  const total =
    ids[0]?.total ??
    (filters.page > 1
      ? (
          await one(
            reader,
            from.select((eb) => eb.fn.countAll<number>().as("total")),
          )
        ).total
      : 0);
  return { ids: ids.map((r) => r.id), total };
}

/** The listings of a result page as the page shows them, read now. */
async function showPage({ ids, total }: { ids: number[]; total: number }, day: string, dialect: SqlDialect = engine) {
  const certified = certifiedOnDaySql(`p."id"`, day, dialect);
  const found = ids.length
    ? await all(
        reader,
        listingsWithOrigin()
          .select((eb) => [
            "p.id",
            "p.title",
            "p.unit",
            "p.priceFen",
            "p.marketPriceFen",
            "p.stock",
            "p.minOrderQty",
            "p.category",
            "o.name as supplierName",
            "s.tradeRole",
            "v.county",
            "v.name as villageName",
            // 1 or 0 on both engines (PostgreSQL's EXISTS alone is a boolean).
            sql<number>`CASE WHEN ${sql.raw(certified)} THEN 1 ELSE 0 END`.as("certified"),
            "s.ratingSum",
            "s.ratingCount",
            eb
              .selectFrom("ProductPhoto as ph")
              .select("ph.fileName")
              .whereRef("ph.productId", "=", "p.id")
              .orderBy("ph.position")
              .orderBy("ph.id")
              .limit(1)
              .as("photo"),
          ])
          .where("p.id", "in", ids),
      )
    : [];
  const byId = new Map(found.map((r) => [r.id, r]));
  const rows = ids.flatMap((id) => byId.get(id) ?? []);
  const tiersByProduct = new Map<number, Array<{ minQty: number; priceFen: number }>>();
  if (rows.length) {
    const tiers = await all(
      reader,
      q
        .selectFrom("ProductTierPrice")
        .select(["productId", "minQty", "priceFen"])
        .where(
          "productId",
          "in",
          rows.map((r) => r.id),
        )
        .orderBy("minQty"),
    );
    for (const t of tiers) tiersByProduct.set(t.productId, [...(tiersByProduct.get(t.productId) ?? []), { minQty: t.minQty, priceFen: t.priceFen }]);
  }
  return {
    items: rows.map((r) => ({ ...r, certified: r.certified === 1, tiers: tiersByProduct.get(r.id) ?? [] })),
    total,
    pageCount: Math.ceil(total / PAGE_SIZE),
  };
}

let facetCache: { at: number; value: Awaited<ReturnType<typeof loadFacets>> } | null = null;
const FACET_TTL_MS = 60_000;

async function loadFacets() {
  return {
    counties: (await all(reader, q.selectFrom("Village").select("county").distinct().orderBy("county"))).map((r) => r.county),
    villages: await all(reader, q.selectFrom("Village").select(["id", "name", "county"]).orderBy("county").orderBy("name")),
  };
}

/** Choices for the filter form. Villages are added by onboarding, rarely: a minute-old list is fine. */
export async function catalogFacets() {
  if (!facetCache || Date.now() - facetCache.at > FACET_TTL_MS) facetCache = { at: Date.now(), value: await loadFacets() };
  return facetCache.value;
}
