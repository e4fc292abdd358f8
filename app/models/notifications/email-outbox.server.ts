// The e-mail outbox worker. Rows are queued by `notify` in the event's own transaction (or by a password-reset
// request, access/email-reset.server.ts); this sends them with nodemailer to SMTP_URL outside any transaction (never
// await the network inside one), then records the outcome. A failure is retried with backoff
// (domain/notifications.ts) until EMAIL_MAX_ATTEMPTS, then marked FAILED. Any number of processes may drain the
// same outbox: each pass claims rows in the database before sending them (email-outbox-sql.server.ts,
// docs/decisions/0199-outbox-claims.md), so each mail goes to one pass.
import nodemailer from "nodemailer";
import { EMAIL_MAX_ATTEMPTS, emailBackoffMs, parseParams } from "~/domain/notifications";
import { isLocale, type Locale } from "~/locales";
import { messagesFor } from "~/locales/messages.server";
import { claimantToken } from "~/utils/claimant.server";
import { reader, transaction } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { all, first, run } from "~/utils/sql.server";
import { EMAIL_RESET_MINUTES, mintEmailResetToken } from "~/models/access/email-reset.server";
import { renderNotice } from "~/models/notifications/notifications.server";
import {
  claimEmailsQuery,
  claimedNoticesQuery,
  EMAIL_CLAIM_BATCH,
  EMAIL_LEASE_MS,
  emailOutcomeQuery,
  releaseEmailsQuery,
  stillClaimedQuery,
  type EmailOutcome,
} from "~/models/notifications/email-outbox-sql.server";

interface Mail {
  subject: string;
  text: string;
}

export interface DrainResult {
  sent: number;
  failed: number;
}

/**
 * A pass stops sending this long before its lease ends and gives the rest back: a mail is handed to SMTP only while
 * no other pass can have claimed it. Longer than one send can take (the SMTP timeouts below).
 */
const LEASE_MARGIN_MS = 2 * 60_000;
const SMTP_TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 };

// Passes in this process run one after another; a pass that threw does not stop the next one. Across processes the
// claims keep passes apart.
let draining: Promise<unknown> = Promise.resolve();

function publicUrl() {
  return (env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

/**
 * Sends every due e-mail once. Safe to call concurrently (a second call waits for the first) and from several
 * processes at once (rows are claimed in the database). Tests call it with their own SMTP URL, clock and claim size;
 * the server calls it on a timer.
 */
export function drainEmailOutbox(options: { smtpUrl?: string; now?: Date; batch?: number } = {}): Promise<DrainResult> {
  const pass = draining.then(() => drainOnce(options));
  draining = pass.catch(() => undefined);
  return pass;
}

async function drainOnce(options: { smtpUrl?: string; now?: Date; batch?: number }): Promise<DrainResult> {
  const smtpUrl = options.smtpUrl ?? env.SMTP_URL;
  if (!smtpUrl) return { sent: 0, failed: 0 };
  // The pass's clock: the given start (tests pass one) moved on by the time the pass has taken, so every claim's
  // lease and every retry's backoff are counted from when they happen, not from the start of a long pass.
  const startedAt = (options.now ?? new Date()).getTime();
  const startedTick = performance.now();
  const now = () => startedAt + Math.round(performance.now() - startedTick);
  const claimant = claimantToken();
  const result = { sent: 0, failed: 0 };
  let transport: ReturnType<typeof nodemailer.createTransport> | null = null;
  try {
    for (;;) {
      const claimedTick = performance.now();
      const claimed = await transaction(async (c) => all(c, claimEmailsQuery(claimant, now(), options.batch ?? EMAIL_CLAIM_BATCH)));
      if (!claimed.length) break;
      // The lease ends EMAIL_LEASE_MS after this claim; stop handing mail to SMTP a margin before that.
      const sendUntil = claimedTick + EMAIL_LEASE_MS - LEASE_MARGIN_MS;
      const notices = new Map(
        (
          await all(
            reader,
            claimedNoticesQuery(
              claimant,
              claimed.map((row) => row.id),
            ),
          )
        ).map((n) => [n.id, n]),
      );
      transport ??= nodemailer.createTransport(smtpUrl, { from: env.MAIL_FROM, ...SMTP_TIMEOUTS });
      for (const [index, row] of claimed.entries()) {
        if (performance.now() > sendUntil) {
          const rest = claimed.slice(index).map((r) => r.id);
          await transaction(async (c) => run(c, releaseEmailsQuery(claimant, rest)));
          return result;
        }
        const outcome = await attempt(row, notices.get(row.id), claimant, now(), transport);
        const recorded = await transaction(async (c) => Number((await run(c, emailOutcomeQuery(claimant, row.id, outcome))).changes));
        // Not recorded: the lease ran out and another pass holds the row now; its outcome stands.
        if (recorded && outcome.kind === "sent") result.sent++;
        else if (recorded) result.failed++;
      }
    }
  } finally {
    transport?.close();
  }
  return result;
}

type ClaimedRow = { id: number; toAddress: string; attempts: number; passwordResetId: number | null };
type Notice = { kind: string | null; params: string | null; link: string | null; locale: string | null };

async function attempt(
  row: ClaimedRow,
  notice: Notice | undefined,
  claimant: string,
  now: number,
  transport: ReturnType<typeof nodemailer.createTransport>,
): Promise<EmailOutcome> {
  let mail: Mail;
  if (row.passwordResetId != null) {
    // The reset's token is made now, in its own short transaction, and exists in clear only in this mail; only while
    // this pass still holds the row, so a pass that lost it cannot replace the token another pass mailed.
    const resetId = row.passwordResetId;
    const minted = await transaction(async (c) =>
      (await first(c, stillClaimedQuery(claimant, row.id))) ? await mintEmailResetToken(c, resetId, now) : "lost",
    );
    if (minted === "lost") return { kind: "failed", error: "claim lost" };
    if (!minted) return { kind: "failed", error: "password reset no longer valid" };
    mail = resetMail(isLocale(minted.locale) ? minted.locale : "zh-CN", minted.username, minted.token);
  } else {
    mail = noticeMail(isLocale(notice?.locale) ? notice.locale : "zh-CN", notice?.kind ?? "", notice?.params ?? "{}", notice?.link ?? "/");
  }
  try {
    await transport.sendMail({ to: row.toAddress, subject: mail.subject, text: mail.text });
    return { kind: "sent", atMs: Date.now() };
  } catch (error) {
    const attempts = row.attempts + 1;
    return {
      kind: "retry",
      gaveUp: attempts >= EMAIL_MAX_ATTEMPTS,
      nextAttemptAtMs: now + emailBackoffMs(attempts),
      error: String(error instanceof Error ? error.message : error),
    };
  }
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
