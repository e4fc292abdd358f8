import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Money } from "~/components/ui/Money";
import { chinaYear } from "~/domain/china-time";
import { formatShare } from "~/domain/welfare-share";
import { childRollUps } from "~/models/reports.server";
import { useLocale, useT } from "~/utils/i18n";
import { requireRole } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const year = chinaYear(new Date());
  return json({ year, orgName: user.org.name, rows: await childRollUps(user.org, year) });
}

export default function Reports() {
  const t = useT();
  const locale = useLocale();
  const { year, orgName, rows } = useLoaderData<typeof loader>();
  return (
    <div className="container-page">
      <h1>{orgName} · {year}</h1>
      <div className="card mt-4 overflow-x-auto">
        <table className="table">
          <thead>
            <tr><th>{t.admin.name}</th><th className="num">{t.unionHome.budget}</th><th className="num">{t.unionHome.procurement}</th><th className="num">{t.unionHome.share}</th><th>{t.unionHome.grade}</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.orgId}>
                <td>{r.name}</td>
                <td className="num"><Money fen={r.figures.budgetFen} /></td>
                <td className="num"><Money fen={r.figures.assistanceProcurementFen} /></td>
                <td className="num">{formatShare(r.figures.share, locale)}</td>
                <td>{r.figures.grade ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
