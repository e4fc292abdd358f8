import type { LoaderFunctionArgs } from "@remix-run/node";
import { importTemplate } from "~/forms/listing-import.server";
import { requireSupplier } from "~/utils/permissions.server";

/** The import template with Chinese headers and an example row; the XLSX one lists the valid values on a second sheet. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  const format = new URL(request.url).searchParams.get("format") === "csv" ? "csv" : "xlsx";
  const body = await importTemplate(actor.supplierId, format);
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="bangfu-listing-template.${format}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
