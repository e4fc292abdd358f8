import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/ui/Field";
import { homePathFor } from "~/domain/roles";
import { changeOwnPassword } from "~/models/access/accounts.server";
import { changePasswordSchema } from "~/forms/account-schemas.server";
import { invalidSubmission, readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { requireSession } from "~/utils/permissions.server";
import { parseWithZod } from "~/utils/validation.server";
import { accountsArea } from "~/locales/area/accounts";

// Also the page a temporary password leads to: requireSession sends every other page here until it is changed.
export async function loader({ request }: LoaderFunctionArgs) {
  const { mustChangePassword } = await requireSession(request);
  return json({ forced: mustChangePassword });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireSession(request);
  const t = await getMessages(request);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: changePasswordSchema(t, session.actor.username) });
  const hidden = { hideFields: ["currentPassword", "newPassword", "confirmPassword"] };
  if (submission.status !== "success") return invalidSubmission(submission.reply(hidden), "changePassword");
  const result = await changeOwnPassword(session.actor, session.sessionId, submission.value.currentPassword, submission.value.newPassword);
  if ("problem" in result)
    return invalidSubmission(submission.reply({ fieldErrors: { currentPassword: [t.accounts.problems.currentWrong] }, ...hidden }), "changePassword");
  // After a temporary password the user goes on to their own pages; otherwise back to the account page, which
  // confirms the change.
  return redirect(session.mustChangePassword ? homePathFor(session.actor.role) : "/account?password=changed");
}

export default function ChangePassword() {
  const t = useT(accountsArea);
  const { forced } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({ id: "change-password", lastResult: actionData?.result });
  return (
    <div className="container-page">
      <div className="card mx-auto max-w-md">
        <h1>{forced ? t.accounts.forcedTitle : t.accounts.changePassword}</h1>
        {forced ? (
          <p className="mt-2 text-sm text-stone-700" role="note">
            {t.accounts.forcedHint}
          </p>
        ) : null}
        <Form method="post" className="mt-4 flex flex-col gap-4" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="changePassword" />
          <Field
            label={t.accounts.currentPassword}
            errors={fields.currentPassword.errors}
            autoComplete="current-password"
            {...getInputProps(fields.currentPassword, { type: "password" })}
            id={fields.currentPassword.id}
          />
          <Field
            label={t.accounts.newPassword}
            hint={t.accounts.passwordRule}
            errors={fields.newPassword.errors}
            autoComplete="new-password"
            {...getInputProps(fields.newPassword, { type: "password" })}
            id={fields.newPassword.id}
          />
          <Field
            label={t.accounts.confirmPassword}
            errors={fields.confirmPassword.errors}
            autoComplete="new-password"
            {...getInputProps(fields.confirmPassword, { type: "password" })}
            id={fields.confirmPassword.id}
          />
          {form.errors?.length ? (
            <p className="field-error" role="alert">
              {form.errors.join(" ")}
            </p>
          ) : null}
          <button type="submit" className="btn-primary">
            {t.accounts.changePassword}
          </button>
          {forced ? null : <Link to="/account">{t.accounts.title}</Link>}
        </Form>
      </div>
    </div>
  );
}
