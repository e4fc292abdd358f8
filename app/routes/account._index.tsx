import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DateText } from "~/components/ui/DateText";
import { Field } from "~/components/ui/Field";
import { SavedNotice } from "~/components/ui/SavedNotice";
import { SelectField } from "~/components/ui/SelectField";
import { LOCALES } from "~/locales";
import { endOwnSession, getAccount, listOwnSessions, setLanguage, updateProfile } from "~/models/access/accounts.server";
import { endSessionSchema, languageSchema, profileSchema } from "~/forms/account-schemas.server";
import { invalidSubmission, savedSubmission, readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { getMessages, localeCookie } from "~/utils/locale.server";
import { requireSession } from "~/utils/permissions.server";
import { parseWithZod } from "~/utils/validation.server";
import { accountsArea } from "~/locales/area/accounts";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, sessionId } = await requireSession(request);
  const [account, sessions] = await Promise.all([getAccount(actor.userId), listOwnSessions(actor.userId, sessionId)]);
  return json({ account, sessions });
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireSession(request);
  const t = await getMessages(request);
  const formData = await readForm(request);
  switch (formData.get("intent")) {
    case "profile": {
      const submission = parseWithZod(formData, { schema: profileSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), "profile");
      await updateProfile(actor, { name: submission.value.name, phone: submission.value.phone, email: submission.value.email });
      return savedSubmission(submission, t.accounts.profileSaved, "profile");
    }
    case "language": {
      const submission = parseWithZod(formData, { schema: languageSchema });
      // Only a tampered request gets here (the choice is a select of the two languages): nothing changes.
      if (submission.status !== "success") return redirect("/account");
      await setLanguage(actor, submission.value.locale);
      // The whole document changes language, so this form reloads the document (like the header's switch) and the
      // answer is a redirect to the page in the new language, which confirms the save.
      return redirect("/account?language=saved", { headers: { "Set-Cookie": await localeCookie.serialize(submission.value.locale) } });
    }
    case "endSession": {
      const submission = parseWithZod(formData, { schema: endSessionSchema });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), "endSession");
      await endOwnSession(actor, submission.value.session);
      return savedSubmission(submission, t.accounts.sessionEnded, "endSession");
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function Account() {
  const t = useT(accountsArea);
  const { account, sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const answered = (intent: string) => (actionData?.intent === intent ? actionData : null);
  const [searchParams] = useSearchParams();
  const passwordChanged = searchParams.get("password") === "changed";
  const [profileForm, profileFields] = useForm({
    id: "profile",
    lastResult: answered("profile")?.result,
    defaultValue: { name: account.name, phone: account.phone ?? "", email: account.email ?? "" },
  });
  const [languageForm, languageFields] = useForm({ id: "language", defaultValue: { locale: account.locale } });
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{t.accounts.title}</h1>
      <p className="text-sm text-stone-600">
        {account.username}
        {account.lastSignInAt ? (
          <>
            {" · "}
            {t.accounts.lastSignIn}: <DateText value={account.lastSignInAt} withTime />
          </>
        ) : null}
      </p>
      <SavedNotice message={passwordChanged ? t.accounts.passwordChanged : answered("endSession")?.saved} />
      <div className="grid gap-4 lg:grid-cols-2">
        <section className="card" aria-labelledby="profile-heading">
          <h2 id="profile-heading" className="mb-3">
            {t.accounts.profile}
          </h2>
          <SavedNotice message={answered("profile")?.saved} />
          <Form method="post" className="flex flex-col gap-3" {...getFormProps(profileForm)}>
            <input type="hidden" name="intent" value="profile" />
            <Field
              label={t.accounts.name}
              errors={profileFields.name.errors}
              autoComplete="name"
              {...getInputProps(profileFields.name, { type: "text" })}
              id={profileFields.name.id}
            />
            <Field
              label={t.accounts.phone}
              errors={profileFields.phone.errors}
              autoComplete="tel"
              {...getInputProps(profileFields.phone, { type: "tel" })}
              id={profileFields.phone.id}
            />
            <Field
              label={t.accounts.email}
              errors={profileFields.email.errors}
              autoComplete="email"
              {...getInputProps(profileFields.email, { type: "email" })}
              id={profileFields.email.id}
            />
            <div>
              <button type="submit" className="btn-primary">
                {t.accounts.saveProfile}
              </button>
            </div>
          </Form>
        </section>
        <div className="flex flex-col gap-4">
          <section className="card" aria-labelledby="language-heading">
            <h2 id="language-heading" className="mb-3">
              {t.accounts.language}
            </h2>
            <SavedNotice message={searchParams.get("language") === "saved" ? t.accounts.languageSaved : null} />
            <Form method="post" reloadDocument className="flex flex-col gap-3" {...getFormProps(languageForm)}>
              <input type="hidden" name="intent" value="language" />
              <SelectField label={t.accounts.language} {...getSelectProps(languageFields.locale)} id={languageFields.locale.id}>
                {LOCALES.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {l === "en" ? "English" : "简体中文"}
                  </option>
                ))}
              </SelectField>
              <p className="field-hint">{t.accounts.languageHint}</p>
              <div>
                <button type="submit" className="btn-primary">
                  {t.accounts.saveLanguage}
                </button>
              </div>
            </Form>
          </section>
          <section className="card" aria-labelledby="password-heading">
            <h2 id="password-heading" className="mb-3">
              {t.accounts.password}
            </h2>
            <Link to="/account/password" className="btn-secondary">
              {t.accounts.changePassword}
            </Link>
          </section>
          {/* Notification settings (issue 13) belong here, beside language and password. */}
        </div>
      </div>
      <section className="card overflow-x-auto" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t.accounts.sessions}</h2>
        <p className="mt-1 text-sm text-stone-600">{t.accounts.sessionsHint}</p>
        <table className="table mt-2">
          <thead>
            <tr>
              <th>{t.accounts.device}</th>
              <th>{t.accounts.signedInAt}</th>
              <th>
                <span className="sr-only">{t.accounts.endSession}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.handle} data-testid="session-row">
                <td className="max-w-xs break-words">
                  {s.userAgent || "—"}
                  {s.current ? <span className="badge-certified ml-2">{t.accounts.thisSession}</span> : null}
                </td>
                <td>
                  <DateText value={s.createdAt} withTime />
                </td>
                <td>
                  {s.current ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="endSession" />
                      <input type="hidden" name="session" value={s.handle} />
                      <button type="submit" className="btn-secondary">
                        {t.accounts.endSession}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
