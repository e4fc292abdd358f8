// The listing spreadsheet (import, export, template) for people who live in Excel: Chinese column names (English
// field names accepted too), category by its Chinese name, and text in UTF-8 (BOM or not) or GBK/GB18030 as Excel
// on Chinese Windows saves it. Pure: no I/O. docs/catalog.md "Import and export".

/** Column order of the export and the template; each with its Chinese header. */
export const SHEET_COLUMNS = [
  ["code", "商品编码"],
  ["title", "商品名称"],
  ["category", "品类"],
  ["unit", "单位"],
  ["price", "单价（元）"],
  ["marketPrice", "市场参考价（元）"],
  ["stock", "库存"],
  ["minOrderQty", "起订量"],
  ["leadTimeDays", "发货天数"],
  ["shelfLifeDays", "保质期（天）"],
  ["lowStockThreshold", "低库存提醒"],
  ["description", "商品介绍"],
  ["tier1Qty", "批量价1起购数量"],
  ["tier1Price", "批量价1单价（元）"],
  ["tier2Qty", "批量价2起购数量"],
  ["tier2Price", "批量价2单价（元）"],
  ["tier3Qty", "批量价3起购数量"],
  ["tier3Price", "批量价3单价（元）"],
  ["village", "产地村"],
] as const;
export type SheetField = (typeof SHEET_COLUMNS)[number][0];

export const REQUIRED_SHEET_FIELDS: readonly SheetField[] = ["title", "category", "unit", "price", "stock", "minOrderQty", "leadTimeDays"];

/** Other headers people type for the same column. */
const EXTRA_ALIASES: Record<string, SheetField> = {
  编码: "code",
  商品编号: "code",
  编号: "code",
  名称: "title",
  商品名: "title",
  类别: "category",
  分类: "category",
  单价: "price",
  价格: "price",
  市场参考价: "marketPrice",
  市场价: "marketPrice",
  库存数量: "stock",
  最小起订量: "minOrderQty",
  发货时间: "leadTimeDays",
  "发货时间（天）": "leadTimeDays",
  保质期: "shelfLifeDays",
  介绍: "description",
  描述: "description",
  产地: "village",
  帮扶村: "village",
  "产地（帮扶村）": "village",
};

function headerKey(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

const HEADER_INDEX: Map<string, SheetField> = new Map([
  ...SHEET_COLUMNS.flatMap(([field, zh]) => [[headerKey(zh), field] as const, [headerKey(field), field] as const]),
  ...Object.entries(EXTRA_ALIASES).map(([alias, field]) => [headerKey(alias), field] as const),
]);

/** The field a header cell names, or null for a column the import ignores (e.g. 状态 in an export). */
export function fieldForHeader(header: string): SheetField | null {
  return HEADER_INDEX.get(headerKey(header)) ?? null;
}

/** A category code from what a person typed: the Chinese or English name, or the code itself. */
export function categoryFromCell(value: string, names: ReadonlyArray<Record<string, string>>, codes: readonly string[]): string | null {
  const key = headerKey(value);
  if (!key) return null;
  const byCode = codes.find((c) => c.toLowerCase() === key);
  if (byCode) return byCode;
  for (const map of names) {
    for (const code of codes) if (map[code] && headerKey(map[code]) === key) return code;
  }
  return null;
}

/**
 * Text from the bytes of an uploaded CSV. A UTF-8 BOM or valid UTF-8 is read as UTF-8; anything else as GB18030
 * (a superset of GBK and GB2312, which Excel uses on Chinese Windows). UTF-16 with a BOM is read too.
 */
export function decodeSpreadsheetText(bytes: Uint8Array): { text: string; encoding: "utf-8" | "gb18030" | "utf-16le" } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8" };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  }
}

/** Whether the bytes are an XLSX workbook (a ZIP file). */
export function isXlsx(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export interface SheetRecord {
  line: number;
  values: Partial<Record<SheetField, string>>;
}

/** Rows of cells (header first) to records keyed by field; unknown columns are dropped, empty rows skipped. */
export function sheetRecords(rows: readonly string[][]): { fields: Array<SheetField | null>; records: SheetRecord[] } {
  const [header = [], ...body] = rows;
  const fields = header.map((h) => fieldForHeader(h));
  const records: SheetRecord[] = [];
  body.forEach((cells, i) => {
    if (!cells.some((c) => c.trim() !== "")) return;
    const values: Partial<Record<SheetField, string>> = {};
    fields.forEach((field, j) => {
      if (field) values[field] = (cells[j] ?? "").trim();
    });
    records.push({ line: i + 2, values });
  });
  return { fields, records };
}
