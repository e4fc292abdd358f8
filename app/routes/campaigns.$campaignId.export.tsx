import type { LoaderFunctionArgs } from "@remix-run/node";
import { campaignReportTable } from "~/models/campaigns/campaign-report-export.server";
import { EXPORT_FORMATS, tableDownload } from "~/utils/table-download.server";
import { getLocale } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { idParam, z } from "~/utils/validation.server";
import { campaignMessages } from "~/utils/campaign-i18n";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const id = idParam.safeParse(params.campaignId);
  const format = z.enum(EXPORT_FORMATS).safeParse(new URL(request.url).searchParams.get("format"));
  if (!id.success) notFound();
  if (!format.success) throw new Response("Unknown format", { status: 400 });
  const table = await campaignReportTable(user, id.data, campaignMessages(await getLocale(request)));
  if (!table) notFound();
  return tableDownload(table, format.data, `bangfu-campaign-${id.data}`);
}
