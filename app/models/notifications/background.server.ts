// Work the production server does besides answering requests, started once by server.js: the refund outbox
// (docs/decisions/0121-refund-outbox.md), the e-mail outbox and the monthly reminders. Tests call
// drainRefundOutbox, drainEmailOutbox and runScheduledReminders directly.
import { startEmailOutbox } from "~/models/notifications/email-outbox.server";
import { runScheduledReminders } from "~/models/welfare/reminders.server";
import { startRefundWorker } from "~/models/payments/refund-outbox.server";

let started = false;

export function startBackgroundWork() {
  if (started) return;
  started = true;
  startRefundWorker();
  startEmailOutbox();
  const runReminders = () => void runScheduledReminders().catch((error) => console.error("scheduled reminders:", error));
  setTimeout(runReminders, 30_000).unref();
  setInterval(runReminders, 60 * 60_000).unref();
}
