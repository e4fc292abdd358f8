import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "~/utils/validation.server";
import { EXPORT_TABLES, reportTable } from "~/models/welfare/report-export.server";
import { EXPORT_FORMATS, tableDownload } from "~/utils/table-download.server";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { orgIdParam, reportYear } from "~/forms/report-year.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const orgId = orgIdParam.safeParse(params.orgId);
  const url = new URL(request.url);
  const query = z
    .object({ table: z.enum(EXPORT_TABLES), format: z.enum(EXPORT_FORMATS) })
    .safeParse({ table: url.searchParams.get("table"), format: url.searchParams.get("format") });
  if (!orgId.success) notFound();
  if (!query.success) throw new Response("Unknown table or format", { status: 400 });
  const year = reportYear(request);
  const table = await reportTable(user, orgId.data, year, query.data.table, await getMessages(request));
  return tableDownload(table, query.data.format, `bangfu-${query.data.table}-${orgId.data}-${year}`);
}
