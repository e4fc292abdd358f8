// The public catalog: full-text search (ProductSearch, see domain/search.ts), filters kept in the URL, sorting,
// pagination. One SQL statement for the page and one for the count, on the raw connection.
import { chinaDate } from "~/domain/china-time";
import { matchExpression } from "~/domain/search";
import { sqlite } from "~/utils/db.server";
import { certifiedOnDaySql } from "~/models/rules-sql.server";

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

export function searchCatalog(filters: CatalogFilters): { items: CatalogItem[]; total: number; pageCount: number } {
  const certified = certifiedOnDaySql(`p."id"`, chinaDate(new Date()));
  const where: string[] = [`p."active" = 1`];
  const params: Record<string, string | number> = {};
  const match = filters.q ? matchExpression(filters.q) : null;
  let join = "";
  if (filters.q && !match) return { items: [], total: 0, pageCount: 0 };
  if (match) {
    // The relevance score only when it orders the page: bm25 for every match costs more than the sort by price.
    const rank = filters.sort === "relevance" ? `bm25("ProductSearch", 10.0, 1.0)` : `0`;
    join = `JOIN (SELECT rowid AS "id", ${rank} AS "rank" FROM "ProductSearch" WHERE "ProductSearch" MATCH @match) f ON f."id" = p."id"`;
    params.match = match;
  }
  if (filters.county) {
    where.push(`v."county" = @county`);
    params.county = filters.county;
  }
  if (filters.villageId) {
    where.push(`p."originVillageId" = @villageId`);
    params.villageId = filters.villageId;
  }
  if (filters.category) {
    where.push(`p."category" = @category`);
    params.category = filters.category;
  }
  if (filters.supplierKind) {
    where.push(`s."kind" = @supplierKind`);
    params.supplierKind = filters.supplierKind;
  }
  if (filters.tradeRole) {
    where.push(`s."tradeRole" = @tradeRole`);
    params.tradeRole = filters.tradeRole;
  }
  if (filters.certified) where.push(certified);
  if (filters.minPriceFen != null) {
    where.push(`p."priceFen" >= @minPrice`);
    params.minPrice = filters.minPriceFen;
  }
  if (filters.maxPriceFen != null) {
    where.push(`p."priceFen" <= @maxPrice`);
    params.maxPrice = filters.maxPriceFen;
  }
  // "In stock" means orderable: at least the minimum order is in stock.
  if (filters.inStock) where.push(`p."stock" > 0 AND p."stock" >= p."minOrderQty"`);
  const order =
    filters.sort === "price_asc"
      ? `p."priceFen" ASC, p."id"`
      : filters.sort === "price_desc"
        ? `p."priceFen" DESC, p."id"`
        : filters.sort === "newest"
          ? `p."createdAt" DESC, p."id" DESC`
          : filters.sort === "rating"
            ? `(s."ratingSum" * 1.0 / MAX(s."ratingCount", 1)) DESC, s."ratingCount" DESC, p."id"`
            : match
              ? `f."rank", p."id"`
              : `p."id"`;
  // The page query joins the supplier and the village only when a filter or the order reads them.
  const needsSupplier = Boolean(filters.supplierKind || filters.tradeRole || filters.sort === "rating");
  const scope = `FROM "Product" p${needsSupplier ? ` JOIN "Supplier" s ON s."id" = p."supplierId"` : ""}${
    filters.county ? ` LEFT JOIN "Village" v ON v."id" = p."originVillageId"` : ""
  } ${join} WHERE ${where.join(" AND ")}`;
  // One pass over the matches: the page's ids in order with the total beside them (a window count), then the
  // costly columns (certification on the day, first photo, supplier name) for those 24 only — computed in the
  // select list of the sorted query, they ran for every match (docs/performance.md).
  const page = sqlite
    .prepare(
      `SELECT p."id" AS "id", COUNT(*) OVER () AS "total" ${scope} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: PAGE_SIZE, offset: (filters.page - 1) * PAGE_SIZE }) as Array<{ id: number; total: number }>;
  const total =
    page[0]?.total ??
    (filters.page > 1
      ? (
          sqlite
            .prepare(`SELECT COUNT(*) AS "total" ${scope}`)
            .get(params) as { total: number }
        ).total
      : 0);
  const found =
    page.length === 0
      ? []
      : (sqlite
          .prepare(
            `SELECT p."id", p."title", p."unit", p."priceFen", p."marketPriceFen", p."stock", p."minOrderQty", p."category", o."name" AS "supplierName",
              s."tradeRole", v."county", v."name" AS "villageName", ${certified} AS "certified", s."ratingSum", s."ratingCount",
              (SELECT ph."fileName" FROM "ProductPhoto" ph WHERE ph."productId" = p."id" ORDER BY ph."position", ph."id" LIMIT 1) AS "photo"
       FROM "Product" p JOIN "Supplier" s ON s."id" = p."supplierId" JOIN "Organization" o ON o."id" = s."orgId"
       LEFT JOIN "Village" v ON v."id" = p."originVillageId" WHERE p."id" IN (${page.map(() => "?").join(",")})`,
          )
          .all(...page.map((r) => r.id)) as Array<Omit<CatalogItem, "certified" | "tiers"> & { certified: number }>);
  const byId = new Map(found.map((r) => [r.id, r]));
  const rows = page.flatMap((r) => byId.get(r.id) ?? []);
  const tiersByProduct = new Map<number, Array<{ minQty: number; priceFen: number }>>();
  if (rows.length) {
    const tiers = sqlite
      .prepare(`SELECT "productId","minQty","priceFen" FROM "ProductTierPrice" WHERE "productId" IN (${rows.map(() => "?").join(",")}) ORDER BY "minQty"`)
      .all(...rows.map((r) => r.id)) as Array<{ productId: number; minQty: number; priceFen: number }>;
    for (const t of tiers) tiersByProduct.set(t.productId, [...(tiersByProduct.get(t.productId) ?? []), { minQty: t.minQty, priceFen: t.priceFen }]);
  }
  return {
    items: rows.map((r) => ({ ...r, certified: r.certified === 1, tiers: tiersByProduct.get(r.id) ?? [] })),
    total,
    pageCount: Math.ceil(total / PAGE_SIZE),
  };
}

let facetCache: { at: number; value: ReturnType<typeof loadFacets> } | null = null;
const FACET_TTL_MS = 60_000;

function loadFacets() {
  return {
    counties: (sqlite.prepare(`SELECT DISTINCT "county" FROM "Village" ORDER BY "county"`).all() as Array<{ county: string }>).map((r) => r.county),
    villages: sqlite.prepare(`SELECT "id","name","county" FROM "Village" ORDER BY "county","name"`).all() as Array<{
      id: number;
      name: string;
      county: string;
    }>,
  };
}

/** Choices for the filter form. Villages are added by onboarding, rarely: a minute-old list is fine. */
export function catalogFacets() {
  if (!facetCache || Date.now() - facetCache.at > FACET_TTL_MS) facetCache = { at: Date.now(), value: loadFacets() };
  return facetCache.value;
}
