import { parseWithZod, z } from "~/utils/validation.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/ui/Field";
import { NOTIFICATION_KINDS } from "~/domain/notifications";
import type { Messages } from "~/locales";
import { notificationSettings, saveNotificationSettings } from "~/models/notifications/notifications.server";
import { invalidSubmission, readForm, savedSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { requireUser } from "~/utils/permissions.server";
import { notificationsArea } from "~/locales/area/notifications";

function schema(t: Messages) {
  return z.object({
    // Conform turns an empty field into undefined: no address means notices on the platform only.
    email: z.string().trim().max(200, t.errors.tooLong).email(t.notifications.emailInvalid).optional(),
    emailKind: z.array(z.enum(NOTIFICATION_KINDS)).default([]),
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ settings: await notificationSettings(user.userId) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await getMessages(request);
  const submission = parseWithZod(await readForm(request), { schema: schema(t) });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  await saveNotificationSettings(user.userId, { email: submission.value.email ?? "", emailKinds: submission.value.emailKind });
  return savedSubmission(submission, t.notifications.saved);
}

export default function NotificationSettingsPage() {
  const t = useT(notificationsArea);
  const n = t.notifications;
  const { settings } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const emailErrors = data?.result?.error?.email ?? null;
  return (
    <div className="container-page flex flex-col gap-4">
      <p className="text-sm">
        <Link to="/notifications">← {n.title}</Link>
      </p>
      <h1>{n.settingsTitle}</h1>
      {data?.saved ? (
        <p className="card" role="status" data-testid="saved">
          {data.saved}
        </p>
      ) : null}
      <Form method="post" className="card flex flex-col gap-3" noValidate>
        <Field
          id="email"
          name="email"
          type="email"
          label={n.emailLabel}
          hint={n.emailHint}
          defaultValue={settings.email}
          errors={emailErrors}
          autoComplete="email"
        />
        <fieldset className="flex flex-col gap-1">
          <legend className="field-label">{n.emailColumn}</legend>
          {settings.kinds.map((k) => (
            <label key={k.kind} className="flex items-center gap-2 py-1 text-sm">
              <input type="checkbox" name="emailKind" value={k.kind} defaultChecked={k.email} />
              {n.kinds[k.kind]}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn-primary self-start">
          {n.save}
        </button>
      </Form>
    </div>
  );
}
