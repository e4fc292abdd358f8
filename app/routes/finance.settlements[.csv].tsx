import type { LoaderFunctionArgs } from "@remix-run/node";
import { settlementsCsv } from "~/models/payments/payments.server";
import { getMessages } from "~/utils/locale.server";
import { requireRole } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "FINANCE");
  return new Response(await settlementsCsv((await getMessages(request)).payments.settlementsCsvHeader), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="bangfu-settlements.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
