import { parseWithZod } from "~/utils/validation.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CreateOrganizationForm, CreateUserForm } from "~/components/AdminForms";
import { createOrganization, createUser } from "~/models/access/onboarding.server";
import { organizationSchema, userSchema } from "~/forms/admin-schemas.server";
import { invalidSubmission, readForm } from "~/utils/forms.server";
import { getMessages } from "~/utils/locale.server";
import { isRole } from "~/domain/roles";
import { labelOf } from "~/locales/label";
import { listOrganizationsForAdmin } from "~/models/access/organizations.server";
import { listUsersWithMemberships } from "~/models/access/users.server";
import { useT } from "~/utils/i18n";
import { requireRole } from "~/utils/permissions.server";
import { adminArea } from "~/locales/area/admin";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const [organizations, users] = await Promise.all([listOrganizationsForAdmin(), listUsersWithMemberships()]);
  return json({ organizations, users });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "ADMIN");
  const t = await getMessages(request);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  switch (intent) {
    case "createOrganization": {
      const submission = parseWithZod(formData, { schema: organizationSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply());
      const v = submission.value;
      const result = await createOrganization(admin.userId, {
        kind: v.kind,
        name: v.name,
        code: v.code,
        parentId: v.parentId ?? null,
        region: v.region || null,
        contactName: v.contactName || null,
        contactPhone: v.contactPhone || null,
        supplier:
          v.kind === "SUPPLIER" && v.supplierKind && v.tradeRole && v.county ? { kind: v.supplierKind, tradeRole: v.tradeRole, county: v.county } : null,
      });
      if ("problem" in result) return invalidSubmission(submission.reply({ formErrors: [t.admin.problems[result.problem]] }));
      return redirect("/admin");
    }
    case "createUser": {
      const submission = parseWithZod(formData, { schema: userSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply({ hideFields: ["password"] }));
      const result = await createUser(admin.userId, submission.value);
      if ("problem" in result) return invalidSubmission(submission.reply({ formErrors: [t.admin.problems[result.problem]], hideFields: ["password"] }));
      return redirect("/admin");
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function Admin() {
  const t = useT(adminArea);
  const { organizations, users } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData?.result;
  const choices = organizations.map((o) => ({ id: o.id, name: o.name, kind: o.kind }));
  return (
    <div className="container-page flex flex-col gap-6">
      <h1>{t.admin.title}</h1>
      <div className="grid gap-4 lg:grid-cols-2">
        <section className="card" aria-labelledby="new-user">
          <h2 id="new-user" className="mb-3">
            {t.admin.createUser}
          </h2>
          <CreateUserForm organizations={choices} lastResult={lastResult?.initialValue?.intent === "createUser" ? lastResult : null} />
        </section>
        <section className="card" aria-labelledby="new-org">
          <h2 id="new-org" className="mb-3">
            {t.admin.createOrganization}
          </h2>
          <CreateOrganizationForm organizations={choices} lastResult={lastResult?.initialValue?.intent === "createOrganization" ? lastResult : null} />
        </section>
      </div>
      <section className="card overflow-x-auto">
        <h2>
          {t.admin.users} ({users.length})
        </h2>
        <table className="table mt-2">
          <thead>
            <tr>
              <th>{t.admin.username}</th>
              <th>{t.admin.name}</th>
              <th>{t.admin.role}</th>
              <th>{t.admin.org}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/manage/users/${u.id}`}>{u.username}</Link>
                </td>
                <td>{u.name}</td>
                <td>{u.memberships.map((m) => (isRole(m.role) ? t.roles[m.role] : m.role)).join("、")}</td>
                <td>{u.memberships.map((m) => m.org.name).join("、")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card overflow-x-auto">
        <h2>
          {t.admin.organizations} ({organizations.length})
        </h2>
        <table className="table mt-2">
          <thead>
            <tr>
              <th>{t.admin.name}</th>
              <th>{t.admin.kind}</th>
              <th>{t.admin.parent}</th>
              <th className="num">{t.admin.members}</th>
            </tr>
          </thead>
          <tbody>
            {organizations.map((o) => (
              <tr key={o.id}>
                <td style={{ paddingLeft: `${(o.path.split("/").length - 3) * 1}rem` }}>
                  <Link to={`/manage/orgs/${o.id}`}>{o.name}</Link>
                </td>
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
