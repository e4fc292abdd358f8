import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { isRole } from "~/domain/roles";
import { labelOf } from "~/locales/label";
import { listOrganizationsForAdmin } from "~/models/organizations.server";
import { listUsersWithMemberships } from "~/models/users.server";
import { useT } from "~/utils/i18n";
import { requireRole } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const [organizations, users] = await Promise.all([listOrganizationsForAdmin(), listUsersWithMemberships()]);
  return json({ organizations, users });
}

export default function Admin() {
  const t = useT();
  const { organizations, users } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-6">
      <h1>{t.admin.title}</h1>
      <section className="card overflow-x-auto">
        <h2>{t.admin.users} ({users.length})</h2>
        <table className="table mt-2">
          <thead><tr><th>{t.admin.username}</th><th>{t.admin.name}</th><th>{t.admin.role}</th><th>{t.admin.org}</th></tr></thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.name}</td>
                <td>{u.memberships.map((m) => (isRole(m.role) ? t.roles[m.role] : m.role)).join("、")}</td>
                <td>{u.memberships.map((m) => m.org.name).join("、")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card overflow-x-auto">
        <h2>{t.admin.organizations} ({organizations.length})</h2>
        <table className="table mt-2">
          <thead><tr><th>{t.admin.name}</th><th>{t.admin.kind}</th><th>{t.admin.parent}</th><th className="num">{t.admin.members}</th></tr></thead>
          <tbody>
            {organizations.map((o) => (
              <tr key={o.id}>
                <td style={{ paddingLeft: `${(o.path.split("/").length - 3) * 1}rem` }}>{o.name}</td>
                <td>{labelOf(t.orgKinds, o.kind)}</td>
                <td>{o.parent?.name ?? "—"}</td>
                <td className="num">{o._count.memberships}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
