import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/ui/Field";
import { SavedNotice } from "~/components/ui/SavedNotice";
import type { Messages } from "~/locales";
import { emailResetAvailable, requestEmailReset } from "~/models/access/email-reset.server";
import { drainEmailOutboxSoon } from "~/models/notifications/email-outbox.server";
import { clientKey, invalidSubmission, readForm, savedSubmission, type FormReply } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { notFound } from "~/utils/permissions.server";
import { parseWithZod, z } from "~/utils/validation.server";
import { accountsArea } from "~/locales/area/accounts";

// Password reset by e-mail (docs/decisions/0143-password-reset-by-email.md): there only while SMTP_URL is set.

function schema(t: Messages) {
  return z.object({
    identifier: z.string({ required_error: t.auth.required }).trim().min(1, t.auth.required).max(100, t.errors.tooLong),
  });
}

export async function loader(_args: LoaderFunctionArgs) {
  if (!emailResetAvailable()) notFound();
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (!emailResetAvailable()) notFound();
  const t = await getMessages(request);
  const submission = parseWithZod(await readForm(request), { schema: schema(t) });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  const { refused } = await requestEmailReset(submission.value.identifier, clientKey(context));
  if (refused)
    return json<FormReply>({ result: submission.reply({ formErrors: [t.accounts.forgot.rateLimited] }), intent: null, saved: null }, { status: 429 });
  drainEmailOutboxSoon();
  // The same answer whether or not an account matched: the form tells nobody which accounts exist.
  return savedSubmission(submission, t.accounts.forgot.sent);
}

export default function ForgotPassword() {
  const t = useT(accountsArea);
  const f = t.accounts.forgot;
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({ id: "forgot-password", lastResult: actionData?.result });
  return (
    <div className="container-page">
      <div className="card mx-auto mt-6 max-w-sm">
        <h1>{f.title}</h1>
        <Form method="post" className="mt-4 flex flex-col gap-4" {...getFormProps(form)}>
          <SavedNotice message={actionData?.saved} />
          <p className="text-sm text-stone-700">{f.hint}</p>
          <Field
            label={f.identifier}
            errors={fields.identifier.errors}
            autoComplete="username"
            {...getInputProps(fields.identifier, { type: "text" })}
            id={fields.identifier.id}
          />
          {form.errors?.length ? (
            <p className="field-error" role="alert" id={form.errorId}>
              {form.errors.join(" ")}
            </p>
          ) : null}
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            {f.submit}
          </button>
          <p className="text-xs text-stone-600">{f.noEmailHint}</p>
          <p className="text-sm">
            <Link to="/login">← {f.backToLogin}</Link>
          </p>
        </Form>
      </div>
    </div>
  );
}
