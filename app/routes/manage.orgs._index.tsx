import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SearchBox } from "~/components/ui/SearchBox";
import { labelOf } from "~/locales/label";
import { listManagedOrganizations } from "~/models/access/org-admin.server";
import { useT } from "~/utils/i18n";
import { requireRole } from "~/utils/permissions.server";
import { manageArea } from "~/locales/area/manage";
import { adminArea } from "~/locales/area/admin";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "ADMIN", "LEADER");
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 50);
  return json({ organizations: await listManagedOrganizations(actor, q) });
}

export default function ManageOrganizations() {
  const t = useT(adminArea, manageArea);
  const { organizations } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{t.manage.organizations}</h1>
      <SearchBox id="org-q" label={t.manage.search} placeholder={t.manage.searchOrgsHint} />
      <section className="card overflow-x-auto">
        {organizations.length === 0 ? (
          <p>{t.manage.noResults}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t.manage.org.name}</th>
                <th>{t.manage.org.kind}</th>
                <th>{t.manage.org.parent}</th>
                <th className="num">{t.admin.members}</th>
                <th>{t.manage.status}</th>
              </tr>
            </thead>
            <tbody>
              {organizations.map((o) => (
                <tr key={o.id} data-testid="org-row">
                  <td>
                    <Link to={`/manage/orgs/${o.id}`}>{o.name}</Link> <span className="text-xs text-stone-500">{o.code}</span>
                  </td>
                  <td>{labelOf(t.orgKinds, o.kind)}</td>
                  <td>{o.parentName ?? "—"}</td>
                  <td className="num">{o.members}</td>
                  <td>
                    {o.mergedIntoId ? (
                      <span className="badge-muted">{t.manage.merged}</span>
                    ) : o.deactivatedAt ? (
                      <span className="badge-warn">{t.manage.deactivated}</span>
                    ) : (
                      <span className="badge-muted">{t.manage.active}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
