import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportOrg } from "~/models/welfare/reports.server";
import { getMessages } from "~/utils/locale.server";
import { chromiumExecutable, renderPdf } from "~/utils/pdf.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { bulletinMonth, orgIdParam, reportYear } from "~/forms/report-year.server";

/** The bulletin as a PDF rendered by the server from the bulletin page itself (same HTML, print CSS). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const orgId = orgIdParam.safeParse(params.orgId);
  if (!orgId.success) notFound();
  const org = await reportOrg(user, orgId.data);
  const year = reportYear(request);
  const month = bulletinMonth(request, year);
  const executable = chromiumExecutable();
  if (!executable) {
    const t = await getMessages(request);
    return new Response(t.reports.bulletinPage.pdfUnavailable, {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "3600" },
    });
  }
  const pdf = await renderPdf(request, `/reports/${org.id}/bulletin?year=${year}&month=${month}`, executable);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="bulletin-${org.id}-${year}-${String(month).padStart(2, "0")}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
