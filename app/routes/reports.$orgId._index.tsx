import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Dashboard } from "~/components/reports/Dashboard";
import { dashboard } from "~/models/welfare/reports.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { childrenPage, orgIdParam, reportYear, selectableYears } from "~/forms/report-year.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const orgId = orgIdParam.safeParse(params.orgId);
  if (!orgId.success) notFound();
  return json({ data: await dashboard(user, orgId.data, reportYear(request), childrenPage(request)), years: selectableYears() });
}

export default function OrgReport() {
  const { data, years } = useLoaderData<typeof loader>();
  return <Dashboard data={data} years={years} />;
}
