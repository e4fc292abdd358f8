import { z } from "zod";
import { PRODUCT_CATEGORIES, SUPPLIER_KINDS, TRADE_ROLES } from "~/domain/catalog";
import { idParam, yuanField } from "~/utils/validation.server";
import { normaliseQuery } from "~/domain/search";

const SORTS = ["relevance", "price_asc", "price_desc", "newest", "rating"] as const;

const optional = <T extends z.ZodTypeAny>(schema: T) => schema.optional().catch(undefined);

// The message is never shown: a bad price filter is dropped, not reported.
const yuan = yuanField("");

// Lenient on purpose: a shared link with one stale or mistyped filter still shows results for the rest.
const schema = z.object({
  q: optional(z.string().transform(normaliseQuery).pipe(z.string().min(1))),
  county: optional(z.string().min(1).max(20)),
  village: optional(idParam),
  category: optional(z.enum(PRODUCT_CATEGORIES)),
  kind: optional(z.enum(SUPPLIER_KINDS)),
  role: optional(z.enum(TRADE_ROLES)),
  certified: optional(z.literal("1")),
  stock: optional(z.literal("1")),
  min: optional(yuan),
  max: optional(yuan),
  pm: optional(yuan),
  sort: z.enum(SORTS).catch("relevance"),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});

/** Catalog filters from the URL: every filter lives in the query string so a result page can be shared. */
export function parseCatalogParams(searchParams: URLSearchParams) {
  const raw = Object.fromEntries([...searchParams.entries()].filter(([, v]) => v !== ""));
  const p = schema.parse(raw);
  return {
    q: p.q,
    county: p.county,
    villageId: p.village,
    category: p.category,
    supplierKind: p.kind,
    tradeRole: p.role,
    certified: p.certified === "1",
    inStock: p.stock === "1",
    minPriceFen: p.min,
    // A budget per member bounds the unit price (one unit per member) and a ready pack's price alike.
    maxPriceFen: p.pm != null && (p.max == null || p.pm < p.max) ? p.pm : p.max,
    perMemberMaxFen: p.pm,
    sort: p.q || p.sort !== "relevance" ? p.sort : "newest",
    page: p.page,
  } as const;
}
