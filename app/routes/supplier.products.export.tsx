import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportListings } from "~/forms/listing-import.server";
import { requireSupplier } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  return new Response(await exportListings(actor.supplierId), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="bangfu-listings-${actor.supplierId}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
