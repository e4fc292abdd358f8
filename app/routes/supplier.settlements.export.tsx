import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "~/utils/validation.server";
import { tableToCsv, tableToXlsx } from "~/models/welfare/report-export.server";
import { supplierLedgerTable } from "~/models/payments/supplier-money.server";
import { getMessages } from "~/utils/locale.server";
import { requireSupplier } from "~/utils/permissions.server";

/** The supplier's settlement ledger (open and settled parts) as CSV or XLSX. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  const format = z.enum(["csv", "xlsx"]).safeParse(new URL(request.url).searchParams.get("format"));
  if (!format.success) throw new Response("Unknown format", { status: 400 });
  const table = supplierLedgerTable(actor.supplierId, await getMessages(request));
  const headers = { "Content-Disposition": `attachment; filename="bangfu-settlements.${format.data}"`, "Cache-Control": "private, no-store" };
  if (format.data === "csv") return new Response(tableToCsv(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  return new Response(new Uint8Array(await tableToXlsx(table)), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });
}
