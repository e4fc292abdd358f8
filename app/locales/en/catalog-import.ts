import type { catalogImport as zh } from "../zh-CN/catalog-import";

export const catalogImport: typeof zh = {
  title: "Import listings from CSV",
  help: "The first row is the header with these columns (the same as the export). The file is imported only if every row is valid; otherwise nothing is imported.",
  file: "CSV file (UTF-8)",
  submit: "Import",
  rowError: (line: number, message: string) => `Line ${line}: ${message}`,
  missingColumns: (cols: string) => `Missing columns: ${cols}`,
  empty: "The file has no listing rows",
  tooMany: "At most 500 rows at a time",
  imported: (n: number) => `Imported ${n} listings`,
  unknownCategory: "Unknown category",
  invalidNumber: (col: string) => `${col} is not a valid number`,
  invalidAmount: (col: string) => `${col} is not a valid amount`,
  required: (col: string) => `${col} is required`,
};
