import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "~/utils/validation.server";
import { EXPORT_TABLES, reportTable, tableToCsv, tableToXlsx } from "~/models/welfare/report-export.server";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { orgIdParam, reportYear } from "~/forms/report-year.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const orgId = orgIdParam.safeParse(params.orgId);
  const url = new URL(request.url);
  const query = z
    .object({ table: z.enum(EXPORT_TABLES), format: z.enum(["csv", "xlsx"]) })
    .safeParse({ table: url.searchParams.get("table"), format: url.searchParams.get("format") });
  if (!orgId.success) notFound();
  if (!query.success) throw new Response("Unknown table or format", { status: 400 });
  const year = reportYear(request);
  const table = await reportTable(user, orgId.data, year, query.data.table, await getMessages(request));
  const fileName = `bangfu-${query.data.table}-${orgId.data}-${year}.${query.data.format}`;
  const headers = {
    "Content-Disposition": `attachment; filename="${fileName}"`,
    "Cache-Control": "private, no-store",
  };
  if (query.data.format === "csv") {
    return new Response(tableToCsv(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  }
  return new Response(new Uint8Array(await tableToXlsx(table)), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });
}
