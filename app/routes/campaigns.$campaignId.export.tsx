import type { LoaderFunctionArgs } from "@remix-run/node";
import { campaignReportTable } from "~/models/campaigns/campaign-report-export.server";
import { tableToCsv, tableToXlsx } from "~/models/welfare/report-export.server";
import { getLocale } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { idParam, z } from "~/utils/validation.server";
import { campaignMessages } from "~/utils/campaign-i18n";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const id = idParam.safeParse(params.campaignId);
  const format = z.enum(["csv", "xlsx"]).safeParse(new URL(request.url).searchParams.get("format"));
  if (!id.success) notFound();
  if (!format.success) throw new Response("Unknown format", { status: 400 });
  const table = campaignReportTable(user, id.data, campaignMessages(await getLocale(request)));
  if (!table) notFound();
  const headers = { "Content-Disposition": `attachment; filename="bangfu-campaign-${id.data}.${format.data}"`, "Cache-Control": "private, no-store" };
  if (format.data === "csv") return new Response(tableToCsv(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  return new Response(new Uint8Array(await tableToXlsx(table)), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });
}
