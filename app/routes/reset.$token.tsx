import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/ui/Field";
import { resetLinkState, redeemResetLink } from "~/models/access/accounts.server";
import { resetPasswordSchema } from "~/forms/account-schemas.server";
import { invalidSubmission, readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { parseWithZod } from "~/utils/validation.server";
import { accountsArea } from "~/locales/area/accounts";

// The token is a secret in the URL: keep it out of Referer headers sent to anyone.
export const meta: MetaFunction = () => [{ name: "referrer", content: "no-referrer" }];

export async function loader({ params }: LoaderFunctionArgs) {
  return json(await resetLinkState(params.token ?? ""), { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const t = await getMessages(request);
  const state = await resetLinkState(params.token ?? "");
  if ("problem" in state) return json({ result: null, problem: state.problem }, { status: 410 });
  const submission = parseWithZod(await readForm(request), { schema: resetPasswordSchema(t, state.username) });
  if (submission.status !== "success") return invalidSubmission(submission.reply({ hideFields: ["newPassword", "confirmPassword"] }));
  const result = await redeemResetLink(params.token ?? "", submission.value.newPassword);
  if ("problem" in result) return json({ result: null, problem: result.problem }, { status: 410 });
  return redirect("/login?reset=done");
}

export default function ResetPassword() {
  const t = useT(accountsArea);
  const state = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const problem = "problem" in state ? state.problem : actionData && "problem" in actionData ? actionData.problem : null;
  const [form, fields] = useForm({ id: "reset-password", lastResult: actionData && "result" in actionData ? actionData.result : null });
  return (
    <div className="container-page">
      <div className="card mx-auto max-w-md">
        <h1>{t.accounts.reset.title}</h1>
        {problem || "problem" in state ? (
          <p className="field-error mt-3" role="alert">
            {t.accounts.reset[problem ?? "invalid"]}
          </p>
        ) : (
          <Form method="post" className="mt-4 flex flex-col gap-4" {...getFormProps(form)}>
            <p className="text-sm text-stone-700">{t.accounts.reset.forUser(state.username)}</p>
            <input type="text" name="username" value={state.username} autoComplete="username" readOnly hidden />
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
            <button type="submit" className="btn-primary">
              {t.accounts.reset.submit}
            </button>
          </Form>
        )}
      </div>
    </div>
  );
}
