// A table as a download: CSV or XLSX. Money goes out as yuan with two decimals (exact strings in CSV, numbers with a
// ¥ format in XLSX) so finance offices can sum it; shares as percentages. Reports, order lines, settlements, campaigns
// and the audit trail all leave through here.
import ExcelJS from "exceljs";
import { toCsv } from "~/domain/csv";
import { fenToYuanString } from "~/domain/money";
import { shareForExport } from "~/domain/welfare-share";

export type Cell = { money: number } | { percent: number | null } | string | number | null;

export interface Table {
  name: string;
  header: string[];
  rows: Cell[][];
  /** Column widths in characters; 18 each when absent. */
  widths?: number[];
}

function plain(cell: Cell): string | number | null {
  if (cell && typeof cell === "object") {
    if ("money" in cell) return fenToYuanString(cell.money);
    return shareForExport(cell.percent);
  }
  return cell;
}

export function tableToCsv(table: Table): string {
  return toCsv(
    table.header,
    table.rows.map((r) => r.map(plain)),
  );
}

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A table as a private download: CSV (UTF-8) or XLSX, never cached, named `${baseName}.${format}`. */
export async function tableDownload(table: Table, format: ExportFormat, baseName: string): Promise<Response> {
  const headers = { "Content-Disposition": `attachment; filename="${baseName}.${format}"`, "Cache-Control": "private, no-store" };
  if (format === "csv") return new Response(tableToCsv(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  return new Response(new Uint8Array(await tableToXlsx(table)), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });
}

export async function tableToXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Bangfu";
  // Sheet names cannot hold some characters and are limited to 31 of them.
  const sheet = workbook.addWorksheet(table.name.replace(/[\\/?*[\]:]/g, " ").slice(0, 31));
  sheet.addRow(table.header).font = { bold: true };
  for (const row of table.rows) {
    const added = sheet.addRow(row.map((cell) => (cell && typeof cell === "object" ? ("money" in cell ? cell.money / 100 : cell.percent) : cell)));
    row.forEach((cell, i) => {
      if (cell && typeof cell === "object") added.getCell(i + 1).numFmt = "money" in cell ? '"¥"#,##0.00' : "0.00%";
    });
  }
  sheet.columns.forEach((column, i) => {
    column.width = table.widths?.[i] ?? 18;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
