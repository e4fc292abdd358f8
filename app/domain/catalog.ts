// Product categories, units and the categories welfare funds may not buy (shared/docs/domain.md).

export const PRODUCT_CATEGORIES = [
  "TEA",
  "HONEY",
  "WALNUT",
  "FUNGUS",
  "CHESTNUT",
  "MUSHROOM",
  "LOTUS_ROOT",
  "WINE",
  "GRAIN_OIL",
  "CURED_MEAT",
  "HERB",
  "FRUIT",
  "OTHER",
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

/** Banned for welfare purchases: tobacco, high-end liquor, jewellery, shopping cards, cash equivalents. */
export const BANNED_WELFARE_CATEGORIES = ["TOBACCO", "HIGH_END_LIQUOR", "JEWELLERY", "SHOPPING_CARD", "CASH_EQUIVALENT"] as const;
export type BannedCategory = (typeof BANNED_WELFARE_CATEGORIES)[number];

export const UNITS = ["箱", "盒", "袋", "斤", "瓶", "件", "罐", "包"] as const;

export const SUPPLIER_KINDS = ["COOPERATIVE", "COMMUNITY_FACTORY", "ENTERPRISE", "HOUSEHOLD"] as const;
export const TRADE_ROLES = ["PRODUCER", "TRADING_AGENT"] as const;
export const CERTIFICATE_LEVELS = ["COUNTY", "CITY", "PROVINCE"] as const;

export const SHANGLUO_COUNTIES = ["商州区", "洛南县", "丹凤县", "商南县", "山阳县", "镇安县", "柞水县"] as const;

export function isProductCategory(value: string): value is ProductCategory {
  return (PRODUCT_CATEGORIES as readonly string[]).includes(value);
}

export function isBannedCategory(value: string): boolean {
  return (BANNED_WELFARE_CATEGORIES as readonly string[]).includes(value);
}

/** The listing form's fields, which are also the CSV columns of the listing import and export (docs/catalog.md). */
export const LISTING_FIELDS = [
  "title",
  "category",
  "unit",
  "price",
  "marketPrice",
  "stock",
  "minOrderQty",
  "leadTimeDays",
  "shelfLifeDays",
  "description",
  "tier1Qty",
  "tier1Price",
  "tier2Qty",
  "tier2Price",
  "tier3Qty",
  "tier3Price",
] as const;
