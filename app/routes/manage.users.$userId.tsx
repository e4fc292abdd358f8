import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateText } from "~/components/ui/DateText";
import { SavedNotice } from "~/components/ui/SavedNotice";
import { SelectField } from "~/components/ui/SelectField";
import { ACCOUNT_ADMIN_ROLES } from "~/domain/account-admin";
import { isRole, ROLES } from "~/domain/roles";
import {
  addMembership,
  assignableOrganizations,
  getManagedUser,
  issueResetLink,
  issueTemporaryPassword,
  removeMembership,
  setUserActive,
} from "~/models/access/user-admin.server";
import { addMembershipSchema, intentSchema, removeMembershipSchema } from "~/forms/account-schemas.server";
import { invalidSubmission, savedSubmission, type FormReply, readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { idParam, parseWithZod } from "~/utils/validation.server";
import { manageArea } from "~/locales/area/manage";

interface IssuedSecret {
  kind: "link" | "temporary";
  secret: string;
  expiresAt: string;
}

// The action's union of replies loses this member's type through serialisation; the guard restores it.
function isIssuedSecret(value: unknown): value is IssuedSecret {
  return (
    typeof value === "object" &&
    value !== null &&
    "kind" in value &&
    (value.kind === "link" || value.kind === "temporary") &&
    "secret" in value &&
    typeof value.secret === "string" &&
    "expiresAt" in value &&
    typeof value.expiresAt === "string"
  );
}

function userIdOf(params: LoaderFunctionArgs["params"]) {
  const id = idParam.safeParse(params.userId);
  if (!id.success) notFound();
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ...ACCOUNT_ADMIN_ROLES);
  const managed = await getManagedUser(actor, userIdOf(params));
  return json({ ...managed, organizations: managed.canAdminister ? await assignableOrganizations(actor) : [] });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ...ACCOUNT_ADMIN_ROLES);
  const userId = userIdOf(params);
  const t = await getMessages(request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent"));
  switch (intent) {
    case "addMembership": {
      const submission = parseWithZod(formData, { schema: addMembershipSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
      const result = await addMembership(actor, userId, submission.value.orgId, submission.value.role);
      if ("problem" in result) return invalidSubmission(submission.reply({ formErrors: [t.manage.problems[result.problem]] }), intent);
      return savedSubmission(submission, t.manage.user.membershipAdded, intent);
    }
    case "removeMembership": {
      const submission = parseWithZod(formData, { schema: removeMembershipSchema });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
      const result = await removeMembership(actor, userId, submission.value.membershipId);
      if ("problem" in result) return invalidSubmission(submission.reply({ formErrors: [t.manage.problems[result.problem]] }), intent);
      return savedSubmission(submission, t.manage.user.membershipRemoved, intent);
    }
    case "deactivate":
    case "reactivate": {
      const submission = parseWithZod(formData, { schema: intentSchema });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
      await setUserActive(actor, userId, intent === "reactivate");
      return savedSubmission(submission, intent === "reactivate" ? t.manage.user.reactivated : t.manage.user.deactivated, "status");
    }
    case "resetLink":
    case "temporaryPassword": {
      const submission = parseWithZod(formData, { schema: intentSchema });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
      // The secret is shown once, in this answer, and never stored in clear.
      const issued: IssuedSecret =
        intent === "resetLink"
          ? await issueResetLink(actor, userId).then(({ token, expiresAt }) => ({
              kind: "link" as const,
              secret: `${new URL(request.url).origin}/reset/${token}`,
              expiresAt: expiresAt.toISOString(),
            }))
          : await issueTemporaryPassword(actor, userId).then(({ password, expiresAt }) => ({
              kind: "temporary" as const,
              secret: password,
              expiresAt: expiresAt.toISOString(),
            }));
      return json<FormReply & { issued: IssuedSecret }>(
        { result: submission.reply({ resetForm: true }), intent: "reset", saved: null, issued },
        { headers: { "Cache-Control": "no-store" } },
      );
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function ManageUser() {
  const t = useT(manageArea);
  const { user, canAdminister, canReset, organizations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const answered = (intent: string) => (actionData?.intent === intent ? actionData : null);
  const [form, fields] = useForm({ id: "add-membership", lastResult: answered("addMembership")?.result });
  const removed = answered("removeMembership");
  const issued = actionData && "issued" in actionData && isIssuedSecret(actionData.issued) ? actionData.issued : null;
  return (
    <div className="container-page flex flex-col gap-4">
      <p>
        <Link to="/manage/users">{t.manage.back}</Link>
      </p>
      <h1>{t.manage.user.title(user.username)}</h1>
      <p className="text-sm text-stone-700">
        {user.name} · {t.manage.lastSignIn}: {user.lastSignInAt ? <DateText value={new Date(user.lastSignInAt)} withTime /> : t.manage.never} ·{" "}
        {user.deactivatedAt ? (
          <span className="badge-warn" data-testid="user-status">
            {t.manage.deactivated}
          </span>
        ) : (
          <span className="badge-muted" data-testid="user-status">
            {t.manage.active}
          </span>
        )}
      </p>
      <SavedNotice message={answered("status")?.saved} />
      {!canAdminister && !canReset ? <p className="card">{t.manage.user.noPermission}</p> : null}
      <section className="card overflow-x-auto" aria-labelledby="memberships-heading">
        <h2 id="memberships-heading">{t.manage.user.memberships}</h2>
        <SavedNotice message={removed?.saved ?? answered("addMembership")?.saved} />
        {removed?.result.error?.[""]?.length ? (
          <p className="field-error" role="alert">
            {removed.result.error[""].join(" ")}
          </p>
        ) : null}
        <table className="table mt-2">
          <thead>
            <tr>
              <th>{t.manage.user.org}</th>
              <th>{t.manage.user.role}</th>
              <th>
                <span className="sr-only">{t.manage.user.removeMembership}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {user.memberships.map((m) => (
              <tr key={m.id} data-testid="membership-row">
                <td>{m.orgName}</td>
                <td>{isRole(m.role) ? t.roles[m.role] : m.role}</td>
                <td>
                  {canAdminister && user.memberships.length > 1 ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="removeMembership" />
                      <input type="hidden" name="membershipId" value={m.id} />
                      <button type="submit" className="btn-secondary">
                        {t.manage.user.removeMembership}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {canAdminister ? (
          <Form method="post" className="mt-4 grid gap-3 sm:grid-cols-3 sm:items-end" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="addMembership" />
            <SelectField label={t.manage.user.org} errors={fields.orgId.errors} {...getSelectProps(fields.orgId)} id={fields.orgId.id}>
              {organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </SelectField>
            <SelectField label={t.manage.user.role} errors={fields.role.errors} {...getSelectProps(fields.role)} id={fields.role.id}>
              {ROLES.filter((r) => organizations.some((o) => o.roles.includes(r))).map((r) => (
                <option key={r} value={r}>
                  {t.roles[r]}
                </option>
              ))}
            </SelectField>
            <div>
              <button type="submit" className="btn-primary">
                {t.manage.user.addMembership}
              </button>
            </div>
            {form.errors?.length ? (
              <p className="field-error sm:col-span-3" role="alert">
                {form.errors.join(" ")}
              </p>
            ) : null}
          </Form>
        ) : null}
      </section>
      {canReset ? (
        <section className="card" aria-labelledby="reset-heading">
          <h2 id="reset-heading">{t.manage.user.resetTitle}</h2>
          <p className="mt-1 text-sm text-stone-600">{t.manage.user.resetHint}</p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Form method="post">
              <input type="hidden" name="intent" value="resetLink" />
              <button type="submit" className="btn-secondary">
                {t.manage.user.issueLink}
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="temporaryPassword" />
              <button type="submit" className="btn-secondary">
                {t.manage.user.issueTemporary}
              </button>
            </Form>
          </div>
          {issued ? (
            <div className="mt-3 rounded-md border border-amber-600/30 bg-amber-50 p-3 text-sm" role="status">
              <p>{issued.kind === "link" ? t.manage.user.linkIssued : t.manage.user.temporaryIssued}</p>
              <p className="mt-1 break-all font-mono text-base" data-testid="issued-secret">
                {issued.secret}
              </p>
              <p className="mt-1">
                {t.manage.user.validUntil} <DateText value={issued.expiresAt} withTime />
              </p>
            </div>
          ) : null}
        </section>
      ) : null}
      {canAdminister ? (
        <section className="card" aria-labelledby="status-heading">
          <h2 id="status-heading">{user.deactivatedAt ? t.manage.user.reactivate : t.manage.user.deactivate}</h2>
          {user.deactivatedAt ? null : <p className="mt-1 text-sm text-stone-600">{t.manage.user.deactivateHint}</p>}
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value={user.deactivatedAt ? "reactivate" : "deactivate"} />
            <button type="submit" className={user.deactivatedAt ? "btn-primary" : "btn-danger"}>
              {user.deactivatedAt ? t.manage.user.reactivate : t.manage.user.deactivate}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
