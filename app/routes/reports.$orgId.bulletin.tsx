import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BulletinView } from "~/components/reports/Bulletin";
import { bulletin } from "~/models/welfare/bulletin.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { bulletinMonth, orgIdParam, reportYear, selectableYears } from "~/forms/report-year.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const orgId = orgIdParam.safeParse(params.orgId);
  if (!orgId.success) notFound();
  const year = reportYear(request);
  return json({ data: await bulletin(user, orgId.data, year, bulletinMonth(request, year)), years: selectableYears() });
}

/** A printable monthly bulletin; /reports/:orgId/bulletin.pdf is the same page rendered to PDF by the server. */
export default function Bulletin() {
  const { data, years } = useLoaderData<typeof loader>();
  return <BulletinView data={data} years={years} />;
}
