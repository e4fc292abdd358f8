// The e-mail outbox worker. Rows are queued by `notify` in the event's own transaction (or by a password-reset
// request, access/email-reset.server.ts); this sends them with nodemailer to SMTP_URL outside any transaction (never
// await the network inside one), then records the outcome. A failure is retried with backoff
// (domain/notifications.ts) until EMAIL_MAX_ATTEMPTS, then marked FAILED.
import nodemailer from "nodemailer";
import { EMAIL_MAX_ATTEMPTS, emailBackoffMs, parseParams } from "~/domain/notifications";
import { isLocale, type Locale } from "~/locales";
import { messagesFor } from "~/locales/messages.server";
import { sqlite, writeSql } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { all, q, run } from "~/utils/sql.server";
import { EMAIL_RESET_MINUTES, mintEmailResetToken } from "~/models/access/email-reset.server";
import { renderNotice } from "~/models/notifications/notifications.server";

interface Mail {
  subject: string;
  text: string;
}

export interface DrainResult {
  sent: number;
  failed: number;
}

// Passes run one after another; a pass that threw does not stop the next one.
let draining: Promise<unknown> = Promise.resolve();

function publicUrl() {
  return (env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

/**
 * Sends every due e-mail once. Safe to call concurrently (a second call waits for the first). Tests call it with
 * their own SMTP URL and clock; the server calls it on a timer.
 */
export function drainEmailOutbox(options: { smtpUrl?: string; now?: Date } = {}): Promise<DrainResult> {
  const pass = draining.then(() => drainOnce(options));
  draining = pass.catch(() => undefined);
  return pass;
}

async function drainOnce(options: { smtpUrl?: string; now?: Date }): Promise<DrainResult> {
  const smtpUrl = options.smtpUrl ?? env.SMTP_URL;
  if (!smtpUrl) return { sent: 0, failed: 0 };
  const now = (options.now ?? new Date()).getTime();
  const due = all(
    sqlite,
    q
      .selectFrom("EmailOutbox as e")
      .leftJoin("Notification as n", "n.id", "e.notificationId")
      .leftJoin("User as u", "u.id", "n.userId")
      .select(["e.id", "e.toAddress", "e.attempts", "e.passwordResetId", "n.kind", "n.params", "n.link", "u.locale"])
      .where("e.status", "=", "PENDING")
      .where("e.nextAttemptAt", "<=", now)
      .orderBy("e.id")
      .limit(100),
  );
  if (!due.length) return { sent: 0, failed: 0 };
  const transport = nodemailer.createTransport(smtpUrl, { from: env.MAIL_FROM });
  let sent = 0;
  let failed = 0;
  try {
    for (const row of due) {
      let mail: Mail;
      if (row.passwordResetId != null) {
        // The reset's token is made now, in its own short transaction, and exists in clear only in this mail.
        const resetId = row.passwordResetId;
        const minted = await writeSql((c) => mintEmailResetToken(c, resetId, now));
        if (!minted) {
          await writeSql((c) =>
            run(
              c,
              q
                .updateTable("EmailOutbox")
                .set({ status: "FAILED", attempts: row.attempts + 1, lastError: "password reset no longer valid" })
                .where("id", "=", row.id),
            ),
          );
          failed++;
          continue;
        }
        mail = resetMail(isLocale(minted.locale) ? minted.locale : "zh-CN", minted.username, minted.token);
      } else {
        mail = noticeMail(isLocale(row.locale) ? row.locale : "zh-CN", row.kind ?? "", row.params ?? "{}", row.link ?? "/");
      }
      try {
        await transport.sendMail({ to: row.toAddress, subject: mail.subject, text: mail.text });
        await writeSql((c) =>
          run(
            c,
            q
              .updateTable("EmailOutbox")
              .set({ status: "SENT", attempts: row.attempts + 1, sentAt: Date.now(), lastError: null })
              .where("id", "=", row.id),
          ),
        );
        sent++;
      } catch (error) {
        const attempts = row.attempts + 1;
        const gaveUp = attempts >= EMAIL_MAX_ATTEMPTS;
        await writeSql((c) =>
          run(
            c,
            q
              .updateTable("EmailOutbox")
              .set({
                status: gaveUp ? "FAILED" : "PENDING",
                attempts,
                nextAttemptAt: now + emailBackoffMs(attempts),
                lastError: String(error instanceof Error ? error.message : error).slice(0, 500),
              })
              .where("id", "=", row.id),
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

function noticeMail(locale: Locale, kind: string, params: string, link: string): Mail {
  const { title, text } = renderNotice(locale, kind, parseParams(params));
  const footer = messagesFor(locale).notifications.emailFooter;
  return { subject: title, text: `${text}\n\n${publicUrl()}${link}\n\n${footer}` };
}

function resetMail(locale: Locale, username: string, token: string): Mail {
  const t = messagesFor(locale).accounts.resetEmail;
  return { subject: t.subject, text: `${t.text(username, EMAIL_RESET_MINUTES)}\n\n${publicUrl()}/reset/${token}\n\n${t.footer}` };
}

/** Sends what is due now instead of at the next tick: a reset mail is awaited by someone at the sign-in page. */
export function drainEmailOutboxSoon() {
  if (!env.SMTP_URL) return;
  drainEmailOutbox().catch((error) => console.error("email outbox:", error));
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
