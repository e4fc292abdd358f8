// The e-mail outbox worker. Rows are queued by `notify` in the event's own transaction; this sends them with
// nodemailer to SMTP_URL outside any transaction (never await the network inside one), then records the outcome.
// A failure is retried with backoff (domain/notifications.ts) until EMAIL_MAX_ATTEMPTS, then marked FAILED.
import nodemailer from "nodemailer";
import { EMAIL_MAX_ATTEMPTS, emailBackoffMs, parseParams } from "~/domain/notifications";
import { isLocale } from "~/locales";
import { messagesFor } from "~/locales/messages.server";
import { sqlite, writeSql } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { renderNotice } from "~/models/notifications/notifications.server";

interface DueEmail {
  id: number;
  toAddress: string;
  attempts: number;
  kind: string;
  params: string;
  link: string;
  locale: string;
}

export interface DrainResult {
  sent: number;
  failed: number;
}

let draining: Promise<DrainResult> | null = null;

function publicUrl() {
  return (env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

/**
 * Sends every due e-mail once. Safe to call concurrently (a second call waits for the first). Tests call it with
 * their own SMTP URL and clock; the server calls it on a timer.
 */
export function drainEmailOutbox(options: { smtpUrl?: string; now?: Date } = {}): Promise<DrainResult> {
  const run = (draining ?? Promise.resolve({ sent: 0, failed: 0 })).then(() => drainOnce(options));
  draining = run.finally(() => {
    if (draining === run) draining = null;
  });
  return run;
}

async function drainOnce(options: { smtpUrl?: string; now?: Date }): Promise<DrainResult> {
  const smtpUrl = options.smtpUrl ?? env.SMTP_URL;
  if (!smtpUrl) return { sent: 0, failed: 0 };
  const now = (options.now ?? new Date()).getTime();
  const due = sqlite
    .prepare(
      `SELECT e."id", e."toAddress", e."attempts", n."kind", n."params", n."link", u."locale"
       FROM "EmailOutbox" e JOIN "Notification" n ON n."id" = e."notificationId" JOIN "User" u ON u."id" = n."userId"
       WHERE e."status" = 'PENDING' AND e."nextAttemptAt" <= ? ORDER BY e."id" LIMIT 100`,
    )
    .all(now) as DueEmail[];
  if (!due.length) return { sent: 0, failed: 0 };
  const transport = nodemailer.createTransport(smtpUrl, { from: env.MAIL_FROM });
  let sent = 0;
  let failed = 0;
  try {
    for (const mail of due) {
      const locale = isLocale(mail.locale) ? mail.locale : "zh-CN";
      const { title, text } = renderNotice(locale, mail.kind, parseParams(mail.params));
      const footer = messagesFor(locale).notifications.emailFooter;
      try {
        await transport.sendMail({ to: mail.toAddress, subject: title, text: `${text}\n\n${publicUrl()}${mail.link}\n\n${footer}` });
        await writeSql((c) =>
          c
            .prepare(`UPDATE "EmailOutbox" SET "status" = 'SENT', "attempts" = "attempts" + 1, "sentAt" = ?, "lastError" = NULL WHERE "id" = ?`)
            .run(Date.now(), mail.id),
        );
        sent++;
      } catch (error) {
        const attempts = mail.attempts + 1;
        const gaveUp = attempts >= EMAIL_MAX_ATTEMPTS;
        await writeSql((c) =>
          c
            .prepare(`UPDATE "EmailOutbox" SET "status" = ?, "attempts" = ?, "nextAttemptAt" = ?, "lastError" = ? WHERE "id" = ?`)
            .run(
              gaveUp ? "FAILED" : "PENDING",
              attempts,
              now + emailBackoffMs(attempts),
              String(error instanceof Error ? error.message : error).slice(0, 500),
              mail.id,
            ),
        );
        failed++;
      }
    }
  } finally {
    transport.close();
  }
  return { sent, failed };
}

let timer: NodeJS.Timeout | null = null;

/** Started once by server.js: works the outbox every 15 s while SMTP_URL is set. */
export function startEmailOutbox(intervalMs = 15_000) {
  if (timer || !env.SMTP_URL) return;
  timer = setInterval(() => {
    drainEmailOutbox().catch((error) => console.error("email outbox:", error));
  }, intervalMs);
  timer.unref();
}
