import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { toCsv } from "~/domain/csv";
import { NUMBER_TABLES, numbersTable, supplierNumbers } from "~/models/orders/supplier-numbers.server";
import { getMessages } from "~/utils/locale.server";
import { requireSupplier } from "~/utils/permissions.server";
import { z } from "~/utils/validation.server";

/** The supplier home's numbers as CSV or XLSX: `?table=trend|products|unions|quality&format=csv|xlsx`. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  const url = new URL(request.url);
  const query = z
    .object({ table: z.enum(NUMBER_TABLES), format: z.enum(["csv", "xlsx"]) })
    .safeParse({ table: url.searchParams.get("table"), format: url.searchParams.get("format") });
  if (!query.success) throw new Response("Unknown table or format", { status: 400 });
  const h = (await getMessages(request)).listingsHome;
  const table = numbersTable(await supplierNumbers(actor.supplierId), query.data.table, h);
  const headers = {
    "Content-Disposition": `attachment; filename="bangfu-supplier-${query.data.table}.${query.data.format}"`,
    "Cache-Control": "private, no-store",
  };
  if (query.data.format === "csv") return new Response(toCsv(table.header, table.rows), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(query.data.table);
  sheet.addRow(table.header).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((cell, i) => (i > 0 && cell !== "" && !Number.isNaN(Number(cell)) ? Number(cell) : cell)));
  return new Response(new Uint8Array(await workbook.xlsx.writeBuffer()), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });
}
