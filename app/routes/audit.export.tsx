import type { LoaderFunctionArgs } from "@remix-run/node";
import { AUDIT_READER_ROLES } from "~/domain/account-admin";
import { exportAudit } from "~/models/access/audit-trail.server";
import { auditFiltersFrom } from "~/forms/audit-filters.server";
import { getLocale, getMessages } from "~/utils/locale.server";
import { requireRole } from "~/utils/permissions.server";

// A GET that writes (the export's own audit entry): the entry is the point, so a prefetch must not trigger it;
// the page links here with `download`, which browsers never prefetch.
export async function loader({ request }: LoaderFunctionArgs) {
  const reader = await requireRole(request, ...AUDIT_READER_ROLES);
  const params = new URL(request.url).searchParams;
  const format = params.get("format");
  if (format !== "csv" && format !== "xlsx") throw new Response("Unknown format", { status: 400 });
  const { filters } = auditFiltersFrom(params);
  return exportAudit(reader, filters, format, await getMessages(request), await getLocale(request));
}
