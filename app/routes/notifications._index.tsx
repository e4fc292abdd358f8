import { parseWithZod, z } from "~/utils/validation.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DateText } from "~/components/ui/DateText";
import { inbox, markAllRead, markRead } from "~/models/notifications/notifications.server";
import { invalidSubmission, readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { notFound, requireUser } from "~/utils/permissions.server";
import { notificationsArea } from "~/locales/area/notifications";

// A function, not a module constant: validation code is left out of the browser bundle (ADR 0007).
function schema() {
  return z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("open"), notificationId: z.coerce.number().int().positive() }),
    z.object({ intent: z.literal("read"), notificationId: z.coerce.number().int().positive() }),
    z.object({ intent: z.literal("readAll") }),
  ]);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ notices: await inbox(user.userId, await getLocale(request)) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: schema() });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  const input = submission.value;
  switch (input.intent) {
    case "open":
    case "read": {
      const link = await markRead(user.userId, input.notificationId);
      if (!link) notFound();
      return redirect(input.intent === "open" ? link : "/notifications");
    }
    case "readAll":
      await markAllRead(user.userId);
      return redirect("/notifications");
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function Notifications() {
  const t = useT(notificationsArea);
  const n = t.notifications;
  const { notices } = useLoaderData<typeof loader>();
  const unread = notices.filter((x) => !x.read).length;
  return (
    <div className="container-page flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1>{n.title}</h1>
        <div className="flex flex-wrap gap-2">
          {unread > 0 ? (
            <Form method="post">
              <button type="submit" name="intent" value="readAll" className="btn-secondary">
                {n.markAllRead}
              </button>
            </Form>
          ) : null}
          <Link to="/notifications/settings" className="btn-secondary">
            {n.settings}
          </Link>
        </div>
      </div>
      {unread > 0 ? (
        <p className="text-sm text-stone-700" data-testid="unread-summary">
          {n.unread(unread)}
        </p>
      ) : null}
      {notices.length === 0 ? <p className="card">{n.empty}</p> : null}
      <ul className="flex flex-col gap-2" data-testid="notices">
        {notices.map((x) => (
          <li
            key={x.id}
            className={`card flex flex-col gap-1 ${x.read ? "" : "border-l-4 border-l-brand-700"}`}
            data-testid="notice"
            data-read={x.read ? "1" : "0"}
          >
            <p className="flex flex-wrap items-center gap-2 text-sm">
              {x.read ? null : <span className="rounded bg-brand-700 px-1.5 py-0.5 text-xs text-white">{n.newBadge}</span>}
              <span className="font-semibold">{x.title}</span>
              <span className="text-stone-600">
                <DateText value={x.createdAt} withTime />
              </span>
            </p>
            <p className="break-words">{x.text}</p>
            <Form method="post" className="flex flex-wrap gap-2">
              <input type="hidden" name="notificationId" value={x.id} />
              <button type="submit" name="intent" value="open" className="btn-primary">
                {n.open}
              </button>
              {x.read ? null : (
                <button type="submit" name="intent" value="read" className="btn-secondary">
                  {n.markRead}
                </button>
              )}
            </Form>
          </li>
        ))}
      </ul>
    </div>
  );
}
