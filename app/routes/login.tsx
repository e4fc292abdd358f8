import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "~/utils/validation.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "~/utils/validation.server";
import { Field } from "~/components/ui/Field";
import { SavedNotice } from "~/components/ui/SavedNotice";
import { homePathFor } from "~/domain/roles";
import type { Messages } from "~/locales";
import { emailResetAvailable } from "~/models/access/email-reset.server";
import { loginThrottle, verifyLogin } from "~/models/access/users.server";
import { clientKey, invalidSubmission, readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { createUserSession, getCurrentUser } from "~/utils/session.server";
import { accountsArea } from "~/locales/area/accounts";
import { authArea } from "~/locales/area/auth";

function loginSchema(t: Messages) {
  return z.object({
    username: z.string({ required_error: t.auth.required }).trim().min(1, t.auth.required).max(100, t.errors.tooLong),
    password: z.string({ required_error: t.auth.required }).min(1, t.auth.required).max(200, t.errors.tooLong),
    redirectTo: z.string().optional(),
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (user) throw redirect(homePathFor(user.role));
  return json({ emailReset: emailResetAvailable() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = await getMessages(request);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: loginSchema(t) });
  if (submission.status !== "success") return invalidSubmission(submission.reply({ hideFields: ["password"] }));
  const { username, password, redirectTo } = submission.value;
  const client = clientKey(context);
  const throttle = await loginThrottle(username, client);
  if (throttle.refused) {
    return json({ result: submission.reply({ formErrors: [t.auth.rateLimited], hideFields: ["password"] }) }, { status: 429 });
  }
  if (throttle.delayMs) await new Promise((resolve) => setTimeout(resolve, throttle.delayMs));
  const login = await verifyLogin(username, password, client);
  if (!login) return invalidSubmission(submission.reply({ formErrors: [t.auth.invalid], hideFields: ["password"] }));
  if ("problem" in login) return invalidSubmission(submission.reply({ formErrors: [t.accounts.temporaryPasswordExpired], hideFields: ["password"] }));
  return createUserSession(request, login.userId, login.membershipId, login.role, redirectTo ?? null);
}

export default function Login() {
  const t = useT(accountsArea, authArea);
  const actionData = useActionData<typeof action>();
  const { emailReset } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
  });
  return (
    <div className="container-page">
      <div className="card mx-auto mt-6 max-w-sm">
        <h1>{t.auth.title}</h1>
        <Form method="post" className="mt-4 flex flex-col gap-4" {...getFormProps(form)}>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <SavedNotice message={searchParams.get("reset") === "done" ? t.accounts.reset.done : null} />
          <Field
            label={t.auth.username}
            errors={fields.username.errors}
            autoComplete="username"
            {...getInputProps(fields.username, { type: "text" })}
            id={fields.username.id}
          />
          <Field
            label={t.auth.password}
            errors={fields.password.errors}
            autoComplete="current-password"
            {...getInputProps(fields.password, { type: "password" })}
            id={fields.password.id}
          />
          {form.errors?.length ? (
            <p className="field-error" role="alert" id={form.errorId}>
              {form.errors.join(" ")}
            </p>
          ) : null}
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            {t.auth.submit}
          </button>
          {emailReset ? (
            <p className="text-sm">
              <Link to="/forgot-password">{t.accounts.forgot.link}</Link>
            </p>
          ) : (
            <p className="text-xs text-stone-600">{t.auth.forgotPassword}</p>
          )}
          <p className="text-xs text-stone-500">{t.auth.demoHint}</p>
        </Form>
      </div>
    </div>
  );
}
