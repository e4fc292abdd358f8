// Spreadsheet import and export of a cooperative's listings (docs/catalog.md). An import is planned first: every row
// is validated with the listing form's own schema (welfare rules included) and classified as created, updated,
// unchanged or refused; the person sees that preview, and only a confirmed plan with no refused row is written, in
// one transaction. The confirmation carries the rows back and is planned again, so what is written is what was shown.
import crypto from "node:crypto";
import ExcelJS from "exceljs";
import { parseCsv, toCsv } from "~/domain/csv";
import { BANNED_WELFARE_CATEGORIES, PRODUCT_CATEGORIES, UNITS } from "~/domain/catalog";
import { categoryFromCell, decodeSpreadsheetText, isXlsx, REQUIRED_SHEET_FIELDS, SHEET_COLUMNS, sheetRecords, type SheetField } from "~/domain/listing-sheet";
import { fenToYuanString } from "~/domain/money";
import type { Messages } from "~/locales";
import { messagesFor } from "~/locales/messages.server";
import { labelOf } from "~/locales/label";
import { db, transaction } from "~/utils/db.server";
import { first, q } from "~/utils/sql.server";
import { listingSchema } from "~/forms/listing-schema.server";
import type { SupplierActor } from "~/domain/actor";
import { adjustStockOn, changedListingFields, createListingsOn, updateListingOn, type ListingInput } from "~/models/catalog/products.server";
import { loadWelfareRules } from "~/models/catalog/welfare-rules.server";

export const MAX_IMPORT_ROWS = 500;

export type RowOutcome = "CREATED" | "UPDATED" | "UNCHANGED" | "REFUSED";

export interface PlannedRow {
  line: number;
  code: string;
  title: string;
  outcome: RowOutcome;
  /** What an update changes ("单价 45.00 → 48.00"), or why the row is refused. */
  notes: string[];
}

type Ready =
  | { kind: "create"; listing: ListingInput & { stock: number } }
  | { kind: "update"; productId: number; listing: ListingInput; stock: number; stockBefore: number };

export type ImportPlan =
  { ok: false; errors: string[] } | { ok: true; rows: PlannedRow[]; counts: Record<RowOutcome, number>; payload: string; digest: string; ready: Ready[] };

/** Cells of the first sheet (XLSX) or of the CSV text, whatever the encoding. */
export async function readSpreadsheet(bytes: Uint8Array): Promise<string[][] | null> {
  if (isXlsx(bytes)) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    } catch {
      return null;
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) return null;
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = [];
      for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value));
      rows.push(cells);
    });
    return rows.filter((r) => r.some((c) => c.trim() !== ""));
  }
  return parseCsv(decodeSpreadsheetText(bytes).text);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return "";
  if (typeof value === "number") return String(Math.round(value * 100) / 100);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("result" in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  if ("text" in value) return String(value.text);
  return "";
}

const CATEGORY_NAMES = [messagesFor("zh-CN").categories, messagesFor("en").categories];

function describeChange(t: Messages, field: string, before: unknown, after: unknown): string {
  const show = (v: unknown) => (v == null || v === "" ? "—" : typeof v === "number" && /Fen$/.test(field) ? fenToYuanString(v) : String(v));
  return field === "tiers" ? labelOf(t.listings.changedFields, field) : `${labelOf(t.listings.changedFields, field)} ${show(before)} → ${show(after)}`;
}

/** Validates every row and classifies it; writes nothing. */
export async function planImport(actor: SupplierActor, rows: string[][], t: Messages): Promise<ImportPlan> {
  const { fields, records } = sheetRecords(rows);
  const present = new Set(fields.filter((f): f is SheetField => f != null));
  const missing = REQUIRED_SHEET_FIELDS.filter((f) => !present.has(f));
  if (missing.length) {
    const zh = new Map<string, string>(SHEET_COLUMNS.map(([f, h]) => [f, h]));
    return { ok: false, errors: [t.catalogImport.missingColumns(missing.map((f) => zh.get(f) ?? f).join("、"))] };
  }
  if (!records.length) return { ok: false, errors: [t.catalogImport.empty] };
  if (records.length > MAX_IMPORT_ROWS) return { ok: false, errors: [t.catalogImport.tooMany] };

  const [welfare, villages, own] = await Promise.all([
    loadWelfareRules(),
    db.supplierVillage.findMany({ where: { supplierId: actor.supplierId }, include: { village: true } }),
    db.product.findMany({
      where: { supplierId: actor.supplierId, code: { in: records.map((r) => r.values.code ?? "").filter(Boolean) } },
      include: { tierPrices: { orderBy: { minQty: "asc" } } },
    }),
  ]);
  const byCode = new Map(own.map((p) => [p.code, p]));
  const schema = listingSchema(t, { withStock: true, welfare });
  const im = t.listingImport;
  const seenCodes = new Set<string>();
  const planned: PlannedRow[] = [];
  const ready: Ready[] = [];
  for (const record of records) {
    const v = record.values;
    const code = v.code ?? "";
    const notes: string[] = [];
    const category = v.category ? categoryFromCell(v.category, CATEGORY_NAMES, [...PRODUCT_CATEGORIES, ...BANNED_WELFARE_CATEGORIES]) : null;
    if (v.category && !category) notes.push(im.unknownCategory(v.category));
    const unit = v.unit ? UNITS.find((u) => u === v.unit?.normalize("NFKC").trim()) : undefined;
    if (v.unit && !unit) notes.push(im.unknownUnit(v.unit));
    const village = v.village
      ? villages.find(
          (sv) =>
            sv.village.name === v.village || `${sv.village.county}${sv.village.township}${sv.village.name}` === v.village || String(sv.villageId) === v.village,
        )
      : undefined;
    if (v.village && !village) notes.push(im.unknownVillage(v.village));
    const existing = code ? byCode.get(code) : undefined;
    if (code && !existing) notes.push(im.unknownCode(code));
    if (code && seenCodes.has(code)) notes.push(im.duplicateCode(code));
    if (code) seenCodes.add(code);
    const parsed = schema.safeParse({
      ...v,
      category: category ?? v.category ?? "",
      unit: unit ?? v.unit ?? "",
      villageId: village ? String(village.villageId) : undefined,
    });
    if (!parsed.success) {
      for (const [field, messages] of Object.entries(parsed.error.flatten().fieldErrors)) {
        // The unknown category and unit are already named above, with what was typed.
        if ((field === "category" && v.category && !category) || (field === "unit" && v.unit && !unit)) continue;
        notes.push(`${field}: ${(messages ?? []).join(" ")}`);
      }
      notes.push(...parsed.error.flatten().formErrors);
    }
    if (notes.length || !parsed.success) {
      planned.push({ line: record.line, code, title: v.title ?? "", outcome: "REFUSED", notes });
      continue;
    }
    const { stock, ...listing } = parsed.data;
    if (!existing) {
      ready.push({ kind: "create", listing: parsed.data });
      planned.push({ line: record.line, code, title: listing.title, outcome: "CREATED", notes: [] });
      continue;
    }
    const before: ListingInput = {
      title: existing.title,
      description: existing.description,
      category: existing.category,
      unit: existing.unit,
      priceFen: existing.priceFen,
      marketPriceFen: existing.marketPriceFen,
      minOrderQty: existing.minOrderQty,
      leadTimeDays: existing.leadTimeDays,
      shelfLifeDays: existing.shelfLifeDays,
      originVillageId: existing.originVillageId,
      lowStockThreshold: existing.lowStockThreshold,
      tiers: existing.tierPrices.map((x) => ({ minQty: x.minQty, priceFen: x.priceFen })),
    };
    // A column the file leaves out keeps the product's value (an old export has no 低库存提醒, for instance).
    if (!present.has("lowStockThreshold")) listing.lowStockThreshold = before.lowStockThreshold;
    if (!present.has("village")) listing.originVillageId = before.originVillageId;
    const changed = changedListingFields(before, listing);
    const changes = changed.map((f) => describeChange(t, f, before[f], listing[f]));
    if (stock !== existing.stock) changes.push(`${t.stock} ${existing.stock} → ${stock}`);
    ready.push({ kind: "update", productId: existing.id, listing, stock, stockBefore: existing.stock });
    planned.push({ line: record.line, code, title: listing.title, outcome: changes.length ? "UPDATED" : "UNCHANGED", notes: changes });
  }
  const counts: Record<RowOutcome, number> = { CREATED: 0, UPDATED: 0, UNCHANGED: 0, REFUSED: 0 };
  for (const r of planned) counts[r.outcome]++;
  const payload = JSON.stringify(rows);
  return { ok: true, rows: planned, counts, payload, digest: planDigest(planned), ready };
}

/** A fingerprint of what the preview showed; the confirmation must plan to exactly the same rows. */
function planDigest(rows: PlannedRow[]): string {
  return crypto.createHash("sha256").update(JSON.stringify(rows)).digest("hex");
}

export type ApplyOutcome =
  | { outcome: "applied"; created: number; updated: number; pendingReview: number }
  | { outcome: "refused"; plan: ImportPlan }
  | { outcome: "stale"; plan: ImportPlan };

/**
 * Writes a confirmed plan, all or nothing: plans again from the rows the preview carried, refuses if any row is
 * refused or if the plan differs from what was shown, then creates and updates in one transaction. An update sets
 * stock to the file's figure through a stock adjustment, so the history shows it.
 */
export async function applyImport(actor: SupplierActor, rows: string[][], shownDigest: string, t: Messages): Promise<ApplyOutcome> {
  const plan = await planImport(actor, rows, t);
  if (!plan.ok || plan.counts.REFUSED > 0) return { outcome: "refused", plan };
  if (plan.digest !== shownDigest) return { outcome: "stale", plan };
  const result = await transaction(async (c) => {
    const creates = plan.ready.flatMap((r) => (r.kind === "create" ? [r.listing] : []));
    const created = creates.length ? await createListingsOn(c, actor, creates) : { outcome: "created" as const, ids: [], pendingReview: 0 };
    if (created.outcome !== "created") throw new StaleImport();
    let updated = 0;
    let pendingReview = created.pendingReview;
    for (const r of plan.ready) {
      if (r.kind !== "update") continue;
      const saved = await updateListingOn(c, actor, r.productId, r.listing);
      if (saved.outcome !== "saved") throw new StaleImport();
      const current = (await first(c, q.selectFrom("Product").select("stock").where("id", "=", r.productId)))?.stock;
      if (current !== r.stockBefore) throw new StaleImport();
      if (r.stock !== current && (await adjustStockOn(c, actor, r.productId, r.stock - current, t.listings.importReason)) !== "ok") throw new StaleImport();
      if (saved.changed.length || r.stock !== current) updated++;
      if (saved.trigger) pendingReview++;
    }
    return { created: creates.length, updated, pendingReview };
  }).catch((error: unknown) => {
    if (error instanceof StaleImport) return null;
    throw error;
  });
  if (!result) return { outcome: "stale", plan: await planImport(actor, rows, t) };
  return { outcome: "applied", ...result };
}

/** Thrown inside the transaction when the data moved under the plan (stock sold meanwhile, product gone): rolls back. */
class StaleImport extends Error {}

/** The rows a confirmation carries back: a JSON array of arrays of strings, bounded like an upload. */
export function parsePayload(text: string): string[][] | null {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value) || value.length > MAX_IMPORT_ROWS + 1) return null;
    if (!value.every((row) => Array.isArray(row) && row.length <= 100 && row.every((cell) => typeof cell === "string" && cell.length <= 4000))) return null;
    return value as string[][];
  } catch {
    return null;
  }
}

const HEADER_ZH = SHEET_COLUMNS.map(([, zh]) => zh);

async function exportRows(supplierId: number): Promise<string[][]> {
  const products = await db.product.findMany({
    where: { supplierId },
    orderBy: { id: "asc" },
    include: { tierPrices: { orderBy: { minQty: "asc" } }, originVillage: true },
  });
  const zh = messagesFor("zh-CN");
  return products.map((p) => {
    const tier = (i: number) => p.tierPrices[i];
    const values: Record<SheetField, string | number | null> = {
      code: p.code,
      title: p.title,
      category: labelOf(zh.categories, p.category),
      unit: p.unit,
      price: fenToYuanString(p.priceFen),
      marketPrice: p.marketPriceFen ? fenToYuanString(p.marketPriceFen) : "",
      stock: p.stock,
      minOrderQty: p.minOrderQty,
      leadTimeDays: p.leadTimeDays,
      shelfLifeDays: p.shelfLifeDays,
      lowStockThreshold: p.lowStockThreshold,
      description: p.description,
      tier1Qty: tier(0)?.minQty ?? "",
      tier1Price: tier(0) ? fenToYuanString(tier(0).priceFen) : "",
      tier2Qty: tier(1)?.minQty ?? "",
      tier2Price: tier(1) ? fenToYuanString(tier(1).priceFen) : "",
      tier3Qty: tier(2)?.minQty ?? "",
      tier3Price: tier(2) ? fenToYuanString(tier(2).priceFen) : "",
      village: p.originVillage?.name ?? "",
    };
    return [...SHEET_COLUMNS.map(([f]) => String(values[f] ?? "")), labelOf(zh.listings.states, p.listingState)];
  });
}

const STATE_HEADER = "状态";

/** The cooperative's listings in the import's own columns (状态 is for reading; the import ignores it). */
export async function exportListingsCsv(supplierId: number): Promise<string> {
  return toCsv([...HEADER_ZH, STATE_HEADER], await exportRows(supplierId));
}

export async function exportListingsXlsx(supplierId: number): Promise<Buffer> {
  return workbookOf([{ name: "商品", header: [...HEADER_ZH, STATE_HEADER], rows: await exportRows(supplierId) }]);
}

const TEMPLATE_EXAMPLE = ["", "核桃仁 500g", "核桃", "袋", "45", "42", "100", "5", "3", "270", "20", "当季新核桃仁", "100", "42", "", "", "", "", ""];

/** The template: the header, one example row, and (XLSX) a sheet of the valid values. */
export async function importTemplate(supplierId: number, format: "csv" | "xlsx"): Promise<string | Buffer> {
  const villages = await db.supplierVillage.findMany({ where: { supplierId }, include: { village: true } });
  const example = [...TEMPLATE_EXAMPLE];
  example[SHEET_COLUMNS.findIndex(([f]) => f === "village")] = villages[0]?.village.name ?? "";
  if (format === "csv") return toCsv(HEADER_ZH, [example]);
  const zh = messagesFor("zh-CN");
  const categories = PRODUCT_CATEGORIES.map((c) => zh.categories[c]);
  const longest = Math.max(categories.length, UNITS.length, villages.length);
  const valid = Array.from({ length: longest }, (_, i) => [categories[i] ?? "", UNITS[i] ?? "", villages[i]?.village.name ?? ""]);
  return workbookOf([
    { name: "商品", header: HEADER_ZH, rows: [example] },
    { name: "可选值", header: ["品类", "单位", "产地村"], rows: valid },
  ]);
}

async function workbookOf(sheets: Array<{ name: string; header: string[]; rows: string[][] }>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Bangfu";
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name);
    sheet.addRow(s.header).font = { bold: true };
    // Text cells: codes like P00012 and prices like 45.50 stay exactly as written.
    for (const row of s.rows) sheet.addRow(row);
    sheet.columns.forEach((column) => {
      column.width = 16;
      column.numFmt = "@";
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
