import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { CatalogItem } from "~/models/catalog/catalog-search.server";
import { Money } from "~/components/ui/Money";
import { isPricedAboveMarket, premiumOverMarketBasisPoints, sortedTiers } from "~/domain/pricing";
import { labelOf } from "~/locales/label";
import { useT } from "~/utils/i18n";
import { CountsBadge } from "./CountsBadge";
import { catalogArea } from "~/locales/area/catalog";
import { listingsArea } from "~/locales/area/listings";

/** What a card shows: a catalog search result (the type only; nothing server-side reaches the browser). */
export type ProductCardData = Omit<CatalogItem, "tradeRole" | "ratingSum" | "ratingCount">;

export { CountsBadge } from "./CountsBadge";

export function MarketFlag({ priceFen, marketPriceFen }: { priceFen: number; marketPriceFen: number | null }) {
  const t = useT(catalogArea, listingsArea);
  if (!isPricedAboveMarket(priceFen, marketPriceFen)) return null;
  return <span className="badge-warn">{t.catalog.aboveMarket(Math.round((premiumOverMarketBasisPoints(priceFen, marketPriceFen) ?? 0) / 100))}</span>;
}

export function TierList({ tiers, unit }: { tiers: Array<{ minQty: number; priceFen: number }>; unit: string }) {
  const t = useT(catalogArea, listingsArea);
  if (!tiers.length) return null;
  return (
    <ul className="flex flex-wrap gap-x-3 text-xs text-stone-600" aria-label={t.catalog.tiers} data-testid="tiers">
      {sortedTiers(tiers).map((tier) => (
        <li key={tier.minQty}>
          {t.catalog.tier(tier.minQty, unit)} <Money fen={tier.priceFen} />
        </li>
      ))}
    </ul>
  );
}

export function ProductCard({ product, action }: { product: ProductCardData; action?: ReactNode }) {
  const t = useT(catalogArea, listingsArea);
  return (
    <li className="card flex flex-col gap-2 p-3" data-testid="product-card">
      {product.photo ? (
        <img src={`/files/${product.photo}`} alt={t.photoAlt(product.title)} className="aspect-[4/3] w-full rounded object-cover" loading="lazy" />
      ) : (
        <div className="flex aspect-[4/3] w-full items-center justify-center rounded bg-brand-50 p-2 text-center text-2xl text-brand-700" aria-hidden="true">
          {labelOf(t.categories, product.category)}
        </div>
      )}
      <h3 className="font-medium leading-snug">
        <Link to={`/products/${product.id}`}>{product.title}</Link>
      </h3>
      <div className="flex flex-wrap gap-1">
        {product.certified ? <CountsBadge /> : null}
        <MarketFlag priceFen={product.priceFen} marketPriceFen={product.marketPriceFen} />
        {product.stock <= 0 ? (
          <span className="badge-muted">{t.catalog.outOfStock}</span>
        ) : product.stock < product.minOrderQty ? (
          <span className="badge-muted" data-testid="below-minimum">
            {t.listings.belowMinimum(product.stock, product.minOrderQty, product.unit)}
          </span>
        ) : null}
      </div>
      <p className="text-lg font-semibold text-brand-700">
        <Money fen={product.priceFen} /> <span className="text-xs font-normal text-stone-600">{t.perUnit(product.unit)}</span>
      </p>
      <TierList tiers={product.tiers} unit={product.unit} />
      <p className="mt-auto text-xs text-stone-600">
        {product.supplierName}
        {product.county ? ` · ${product.county}${product.villageName ?? ""}` : ""}
      </p>
      {action}
    </li>
  );
}

/** The results grid; the benchmark's floor route renders this same component from constants. */
export function CatalogResults({ items, action }: { items: ProductCardData[]; action?: (product: ProductCardData) => ReactNode }) {
  return (
    <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4" data-testid="results">
      {items.map((p) => (
        <ProductCard key={p.id} product={p} action={action?.(p)} />
      ))}
    </ul>
  );
}
