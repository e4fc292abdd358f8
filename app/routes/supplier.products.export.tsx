import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportListingsCsv, exportListingsXlsx } from "~/forms/listing-import.server";
import { requireSupplier } from "~/utils/permissions.server";

/** The cooperative's listings in the import's columns: CSV (UTF-8 with BOM) by default, `?format=xlsx` for Excel. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  const xlsx = new URL(request.url).searchParams.get("format") === "xlsx";
  const headers = {
    "Content-Disposition": `attachment; filename="bangfu-listings-${actor.supplierId}.${xlsx ? "xlsx" : "csv"}"`,
    "Cache-Control": "private, no-store",
  };
  if (xlsx)
    return new Response(new Uint8Array(await exportListingsXlsx(actor.supplierId)), {
      headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    });
  return new Response(await exportListingsCsv(actor.supplierId), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
}
