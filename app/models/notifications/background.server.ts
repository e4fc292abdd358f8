// Work the production server does besides answering requests, started once by server.js: the e-mail outbox and
// the monthly reminders. Tests call drainEmailOutbox and runScheduledReminders directly.
import { startEmailOutbox } from "~/models/notifications/email-outbox.server";
import { runScheduledReminders } from "~/models/welfare/reminders.server";

let started = false;

export function startBackgroundWork() {
  if (started) return;
  started = true;
  startEmailOutbox();
  const runReminders = () => runScheduledReminders().catch((error) => console.error("scheduled reminders:", error));
  setTimeout(runReminders, 30_000).unref();
  setInterval(runReminders, 60 * 60_000).unref();
}
