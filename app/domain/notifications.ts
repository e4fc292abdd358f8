// What a notification can be about. Each kind is a locale key (locales/*/notifications.ts) rendered with its
// params at read time, so a notice reads in the reader's language and never stores Chinese text.

export const NOTIFICATION_KINDS = [
  "approvalNeeded",
  "orderApproved",
  "orderRejected",
  "newOrder",
  "subOrderConfirmed",
  "subOrderDeclined",
  "subOrderShipped",
  "addressReceived",
  "paymentReceived",
  "paymentShort",
  "paymentOver",
  "refundDone",
  "complaintFiled",
  "complaintAnswered",
  "complaintEscalated",
  "complaintResolved",
  "certificateApproved",
  "certificateRejected",
  "reminder",
  "message",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Values a notice is rendered with. Amounts are fen (formatted at read time), everything else plain text. */
export type NotificationParams = Record<string, string | number | null>;

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === "string" && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** Parses stored params; a damaged row renders with no params rather than failing the inbox. */
export function parseParams(json: string): NotificationParams {
  try {
    const value: unknown = JSON.parse(json);
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const out: NotificationParams = {};
      for (const [k, v] of Object.entries(value)) if (typeof v === "string" || typeof v === "number" || v === null) out[k] = v;
      return out;
    }
  } catch {
    // fall through
  }
  return {};
}

/** Delay before the next e-mail attempt: 1, 2, 4 … minutes, capped at an hour. */
export function emailBackoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

/** After this many failed attempts an e-mail is marked FAILED (the in-app notice stays). */
export const EMAIL_MAX_ATTEMPTS = 8;
