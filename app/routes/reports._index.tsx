import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Dashboard } from "~/components/reports/Dashboard";
import { dashboard } from "~/models/welfare/reports.server";
import { requireRole } from "~/utils/permissions.server";
import { childrenPage, reportYear, selectableYears } from "~/forms/report-year.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  return json({ data: await dashboard(user, user.org.id, reportYear(request), childrenPage(request)), years: selectableYears() });
}

export default function ReportsHome() {
  const { data, years } = useLoaderData<typeof loader>();
  return <Dashboard data={data} years={years} />;
}
