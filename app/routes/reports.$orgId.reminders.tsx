import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { formatShare } from "~/domain/welfare-share";
import type { Messages } from "~/locales";
import { reminderPanel, saveReminderSchedule, sendReminders } from "~/models/welfare/reminders.server";
import { invalidSubmission, readForm } from "~/utils/forms.server";
import { useLocale, useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { orgIdParam, reportYear } from "~/forms/report-year.server";
import { parseWithZod, z } from "~/utils/validation.server";
import { remindersArea } from "~/locales/area/reminders";

function schema(t: Messages) {
  const template = z.string({ required_error: t.reminders.templateRequired }).trim().min(1, t.reminders.templateRequired).max(500, t.errors.tooLong);
  return z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("send"),
      template,
      unitId: z.array(z.coerce.number().int().positive(), { required_error: t.reminders.chooseUnits }).min(1, t.reminders.chooseUnits),
    }),
    z.object({ intent: z.literal("schedule"), template, enabled: z.literal("on").optional() }),
  ]);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const orgId = orgIdParam.safeParse(params.orgId);
  if (!orgId.success) notFound();
  return json({ panel: await reminderPanel(user, orgId.data, reportYear(request)) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const orgId = orgIdParam.safeParse(params.orgId);
  if (!orgId.success) notFound();
  const t = await getMessages(request);
  const submission = parseWithZod(await readForm(request), { schema: schema(t) });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  const v = submission.value;
  switch (v.intent) {
    case "send": {
      const result = await sendReminders({ sender: user, orgId: orgId.data, unitIds: v.unitId, template: v.template });
      return json({ result: submission.reply({ resetForm: true }), message: t.reminders.sent(result.sent.length, result.rateLimited.length) });
    }
    case "schedule":
      await saveReminderSchedule(user, orgId.data, { enabled: v.enabled === "on", template: v.template });
      return json({ result: submission.reply(), message: t.reminders.scheduleSaved });
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function Reminders() {
  const t = useT(remindersArea);
  const r = t.reminders;
  const locale = useLocale();
  const { panel } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.result?.error ? Object.values(data.result.error).flat().join(" ") : null;
  const message = data && "message" in data && typeof data.message === "string" ? data.message : null;
  return (
    <div className="container-page flex flex-col gap-4">
      <p className="text-sm">
        <Link to={`/reports/${panel.org.id}?year=${panel.year}`}>← {panel.org.name}</Link>
      </p>
      <h1>{r.title(panel.org.name)}</h1>
      <p className="text-sm text-stone-700">{r.intro}</p>
      {message ? (
        <p className="card" role="status" data-testid="reminder-message">
          {message}
        </p>
      ) : null}
      {errors ? (
        <p className="card field-error" role="alert">
          {errors}
        </p>
      ) : null}
      <Form method="post" className="card flex flex-col gap-3">
        <div className="field">
          <label htmlFor="template" className="field-label">
            {r.template}
          </label>
          <textarea id="template" name="template" rows={3} className="input" defaultValue={panel.schedule.template} aria-describedby="template-hint" />
          <p id="template-hint" className="field-hint">
            {r.templateHint}
          </p>
        </div>
        {panel.units.length === 0 ? (
          <p>{r.none}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table text-sm" data-testid="reminder-units">
              <thead>
                <tr>
                  <th>
                    <span className="sr-only">{r.selectAll}</span>
                  </th>
                  <th>{r.unit}</th>
                  <th className="num">{r.share}</th>
                  <th className="num">{r.gap}</th>
                  <th>{r.lastReminded}</th>
                  <th>{r.boughtSince}</th>
                  <th>{r.contact}</th>
                </tr>
              </thead>
              <tbody>
                {panel.units.map((u) => (
                  <tr key={u.orgId} data-testid="reminder-unit">
                    <td>
                      <input type="checkbox" name="unitId" value={u.orgId} aria-label={r.select(u.name)} disabled={!u.mayRemind} />
                    </td>
                    <td className="min-w-32">
                      {u.name}
                      {u.zeroPurchase ? <span className="ml-1 rounded bg-red-100 px-1 text-xs text-red-800">{r.zeroPurchase}</span> : null}
                    </td>
                    <td className="num">{formatShare(u.share, locale)}</td>
                    <td className="num">
                      <Money fen={u.gapFen} />
                    </td>
                    <td data-testid="last-reminded">
                      {u.lastRemindedAt ? <DateText value={u.lastRemindedAt} withTime /> : r.never}
                      {u.mayRemind ? null : <span className="block text-xs text-stone-600">{r.rateLimited}</span>}
                    </td>
                    <td data-testid="bought-since">{u.lastRemindedAt ? (u.boughtSince ? r.yes : r.no) : "—"}</td>
                    <td className="whitespace-nowrap">
                      {u.contactName ?? "—"}
                      {u.contactPhone ? (
                        <>
                          <br />
                          <a href={`tel:${u.contactPhone}`}>{u.contactPhone}</a>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <button type="submit" name="intent" value="send" className="btn-primary self-start">
          {r.send}
        </button>
      </Form>
      <Form method="post" className="card flex flex-col gap-2">
        <h2>{r.schedule}</h2>
        <p className="text-sm text-stone-700">{r.scheduleHint}</p>
        <div className="field">
          <label htmlFor="schedule-template" className="field-label">
            {r.template}
          </label>
          <textarea id="schedule-template" name="template" rows={3} className="input" defaultValue={panel.schedule.template} />
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="enabled" defaultChecked={panel.schedule.enabled} />
          {r.scheduleEnabled}
        </label>
        {panel.schedule.lastRunMonth ? <p className="text-sm text-stone-600">{r.lastRun(panel.schedule.lastRunMonth)}</p> : null}
        <button type="submit" name="intent" value="schedule" className="btn-secondary self-start">
          {r.scheduleSave}
        </button>
      </Form>
    </div>
  );
}
