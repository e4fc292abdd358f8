import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "~/utils/validation.server";
import { EXPORT_FORMATS, tableDownload } from "~/utils/table-download.server";
import { supplierLedgerTable } from "~/models/payments/supplier-money.server";
import { getMessages } from "~/utils/locale.server";
import { requireSupplier } from "~/utils/permissions.server";

/** The supplier's settlement ledger (open and settled parts) as CSV or XLSX. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  const format = z.enum(EXPORT_FORMATS).safeParse(new URL(request.url).searchParams.get("format"));
  if (!format.success) throw new Response("Unknown format", { status: 400 });
  const table = await supplierLedgerTable(actor.supplierId, await getMessages(request));
  return tableDownload(table, format.data, "bangfu-settlements");
}
