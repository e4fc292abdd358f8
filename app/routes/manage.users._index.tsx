import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SearchBox } from "~/components/ui/SearchBox";
import { DateText } from "~/components/ui/DateText";
import { ACCOUNT_ADMIN_ROLES } from "~/domain/account-admin";
import { isRole } from "~/domain/roles";
import { searchUsers } from "~/models/access/user-admin.server";
import { useT } from "~/utils/i18n";
import { requireRole } from "~/utils/permissions.server";
import { manageArea } from "~/locales/area/manage";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ...ACCOUNT_ADMIN_ROLES);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 50);
  return json({ users: await searchUsers(actor, q) });
}

export default function ManageUsers() {
  const t = useT(manageArea);
  const { users } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{t.manage.users}</h1>
      <SearchBox id="user-q" label={t.manage.search} placeholder={t.manage.searchUsersHint} />
      <section className="card overflow-x-auto">
        {users.length === 0 ? (
          <p>{t.manage.noResults}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t.manage.username}</th>
                <th>{t.manage.name}</th>
                <th>{t.manage.roles}</th>
                <th>{t.manage.lastSignIn}</th>
                <th>{t.manage.status}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-testid="user-row">
                  <td>
                    <Link to={`/manage/users/${u.id}`}>{u.username}</Link>
                  </td>
                  <td>{u.name}</td>
                  <td>{u.memberships.map((m) => `${isRole(m.role) ? t.roles[m.role] : m.role} · ${m.orgName}`).join("；")}</td>
                  <td>{u.lastSignInAt ? <DateText value={new Date(u.lastSignInAt)} withTime /> : t.manage.never}</td>
                  <td>
                    {u.deactivatedAt ? <span className="badge-warn">{t.manage.deactivated}</span> : <span className="badge-muted">{t.manage.active}</span>}
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
