import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "~/utils/validation.server";
import { EXPORT_FORMATS, tableDownload } from "~/utils/table-download.server";
import { unionOrderLines } from "~/models/orders/union-export.server";
import { getMessages } from "~/utils/locale.server";
import { requireRole } from "~/utils/permissions.server";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(d)));

/** The union's orders and lines for a date range, as CSV or XLSX, for its accountant. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const t = await getMessages(request);
  const url = new URL(request.url);
  const query = z
    .object({ from: isoDate, to: isoDate, format: z.enum(EXPORT_FORMATS) })
    .refine((q) => q.from <= q.to && Date.parse(q.to) - Date.parse(q.from) <= 366 * 86400_000)
    .safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw new Response(t.payments.unionExport.rangeInvalid, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const table = await unionOrderLines(user.org.id, query.data.from, query.data.to, t);
  return tableDownload(table, query.data.format, `bangfu-orders-${query.data.from}-${query.data.to}`);
}
