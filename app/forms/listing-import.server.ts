// CSV import and export of a cooperative's listings. An import is all-or-nothing: every row is validated with the
// same schema as the form, errors are reported per line, and only a clean file is written (in one transaction).
import { parseCsvRecords, toCsv } from "~/domain/csv";
import { fenToYuanString } from "~/domain/money";
import type { Messages } from "~/locales";
import { db } from "~/utils/db.server";
import { LISTING_FIELDS, listingSchema } from "./listing-schema.server";
import { createListings, type ListingInput } from "~/models/catalog/products.server";
import type { SupplierActor } from "~/domain/actor";

export const MAX_IMPORT_ROWS = 500;
const REQUIRED_COLUMNS = ["title", "category", "unit", "price", "stock", "minOrderQty", "leadTimeDays"] as const;

export type ImportResult = { ok: true; count: number } | { ok: false; errors: string[] };

export async function importListings(actor: SupplierActor, csv: string, t: Messages): Promise<ImportResult> {
  const { header, records } = parseCsvRecords(csv);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return { ok: false, errors: [t.catalog.import.missingColumns(missing.join(", "))] };
  if (!records.length) return { ok: false, errors: [t.catalog.import.empty] };
  if (records.length > MAX_IMPORT_ROWS) return { ok: false, errors: [t.catalog.import.tooMany] };
  const villages = await db.supplierVillage.findMany({ where: { supplierId: actor.supplierId }, include: { village: true } });
  const schema = listingSchema(t, { withStock: true });
  const errors: string[] = [];
  const listings: Array<ListingInput & { stock: number }> = [];
  for (const record of records) {
    const { village, ...fields } = record.values;
    const villageId = village ? villages.find((v) => v.village.name === village || String(v.villageId) === village)?.villageId : undefined;
    const parsed = schema.safeParse({ ...fields, villageId: villageId ? String(villageId) : undefined });
    if (village && !villageId) errors.push(t.catalog.import.rowError(record.line, `village: ${village}`));
    if (!parsed.success) {
      for (const [field, messages] of Object.entries(parsed.error.flatten().fieldErrors)) {
        errors.push(t.catalog.import.rowError(record.line, `${field}: ${(messages ?? []).join(" ")}`));
      }
      for (const message of parsed.error.flatten().formErrors) errors.push(t.catalog.import.rowError(record.line, message));
    } else listings.push(parsed.data);
  }
  if (errors.length) return { ok: false, errors };
  await createListings(actor, listings);
  return { ok: true, count: listings.length };
}

export async function exportListings(supplierId: number): Promise<string> {
  const products = await db.product.findMany({
    where: { supplierId },
    orderBy: { id: "asc" },
    include: { tierPrices: { orderBy: { minQty: "asc" } }, originVillage: true },
  });
  const header = ["code", ...LISTING_FIELDS, "village", "active"];
  return toCsv(
    header,
    products.map((p) => {
      const tier = (i: number) => p.tierPrices[i];
      const values: Record<string, string | number | null> = {
        code: p.code, title: p.title, category: p.category, unit: p.unit, price: fenToYuanString(p.priceFen),
        marketPrice: p.marketPriceFen ? fenToYuanString(p.marketPriceFen) : "", stock: p.stock, minOrderQty: p.minOrderQty,
        leadTimeDays: p.leadTimeDays, shelfLifeDays: p.shelfLifeDays, description: p.description,
        tier1Qty: tier(0)?.minQty ?? "", tier1Price: tier(0) ? fenToYuanString(tier(0).priceFen) : "",
        tier2Qty: tier(1)?.minQty ?? "", tier2Price: tier(1) ? fenToYuanString(tier(1).priceFen) : "",
        tier3Qty: tier(2)?.minQty ?? "", tier3Price: tier(2) ? fenToYuanString(tier(2).priceFen) : "",
        village: p.originVillage?.name ?? "", active: p.active ? 1 : 0,
      };
      return header.map((h) => values[h] ?? "");
    }),
  );
}
