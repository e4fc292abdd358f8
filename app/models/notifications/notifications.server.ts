// Notifications: one writer (`notify`) called on the connection of the transaction that makes the hand-off, so a
// notice exists exactly when its event committed; an e-mail copy is queued in the same transaction for users who
// asked for this kind by e-mail (sent later by email-outbox.server.ts). Reads are scoped to the signed-in user.
import type { Role } from "~/domain/roles";
import { isNotificationKind, NOTIFICATION_KINDS, parseParams, type NotificationKind, type NotificationParams } from "~/domain/notifications";
import { formatMoney } from "~/domain/money";
import type { Locale } from "~/locales";
import { messagesFor } from "~/locales/messages.server";
import { db, reader, transaction } from "~/utils/db.server";
import { all, first, instant, one, prepared, q, run, type Instant, type Connection } from "~/utils/sql.server";

/** Who is told: users by id, and/or every user holding one of `roles` in an organisation. */
export interface Recipients {
  userIds?: Array<number | null | undefined>;
  orgs?: Array<{ orgId: number; roles: Role[] }>;
  /** The person who acted is not told about their own act. */
  exceptUserId?: number | null;
}

export interface NoticeInput {
  to: Recipients;
  kind: NotificationKind;
  params: NotificationParams;
  link: string;
}

async function resolveRecipients(c: Connection, to: Recipients): Promise<number[]> {
  const ids = new Set<number>();
  for (const id of to.userIds ?? []) if (id != null) ids.add(id);
  for (const { orgId, roles } of to.orgs ?? []) {
    if (!roles.length) continue;
    const rows = await all(c, q.selectFrom("Membership").select("userId").distinct().where("orgId", "=", orgId).where("role", "in", roles));
    for (const r of rows) ids.add(r.userId);
  }
  if (to.exceptUserId != null) ids.delete(to.exceptUserId);
  return [...ids].sort((a, b) => a - b);
}

// Prepared once: notify runs inside order transitions, once per recipient (docs/performance.md).
const insertNotice = prepared((p: { userId: number; kind: string; params: string; link: string; at: Instant }) =>
  q.insertInto("Notification").values({ userId: p.userId, kind: p.kind, params: p.params, link: p.link, createdAt: p.at }).returning("id"),
);
const queueEmail = prepared((p: { notificationId: number; toAddress: string; at: Instant }) =>
  q.insertInto("EmailOutbox").values({
    notificationId: p.notificationId,
    toAddress: p.toAddress,
    status: "PENDING",
    attempts: 0,
    nextAttemptAt: p.at,
    createdAt: p.at,
  }),
);

/** Writes the notices (and queued e-mails) inside the caller's transaction. Returns the recipients. */
export async function notify(c: Connection, input: NoticeInput, at = Date.now()): Promise<number[]> {
  const userIds = await resolveRecipients(c, input.to);
  const params = JSON.stringify(input.params);
  // Who of them asked for this kind by e-mail, read once for all of them.
  const emailOf = new Map(
    userIds.length
      ? (
          await all(
            c,
            q
              .selectFrom("NotificationSettings as s")
              .innerJoin("NotificationPreference as p", (join) => join.onRef("p.userId", "=", "s.userId").on("p.kind", "=", input.kind).on("p.email", "=", 1))
              .select(["s.userId", "s.email"])
              .where("s.userId", "in", userIds)
              .where("s.email", "<>", ""),
          )
        ).map((r) => [r.userId, r.email])
      : [],
  );
  const atInstant = instant(at);
  for (const userId of userIds) {
    const { id: notificationId } = await one(c, insertNotice({ userId, kind: input.kind, params, link: input.link, at: atInstant }));
    const address = emailOf.get(userId);
    if (address) await run(c, queueEmail({ notificationId, toAddress: address, at: atInstant }));
  }
  return userIds;
}

/** A notice's text in a locale. */
export function renderNotice(locale: Locale, kind: string, params: NotificationParams): { title: string; text: string } {
  const t = messagesFor(locale).notifications;
  if (!isNotificationKind(kind)) return { title: kind, text: "" };
  return { title: t.kinds[kind], text: t.text[kind](params, { money: (fen) => formatMoney(fen, locale) }) };
}

// ---------- reads for the signed-in user ----------

export async function unreadCount(userId: number): Promise<number> {
  const row = await first(
    reader,
    q
      .selectFrom("Notification")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("userId", "=", userId)
      .where("readAt", "is", null),
  );
  return row?.n ?? 0;
}

export async function inbox(userId: number, locale: Locale, limit = 100) {
  const rows = await db.notification.findMany({ where: { userId }, orderBy: { id: "desc" }, take: limit });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    link: r.link,
    read: r.readAt != null,
    createdAt: r.createdAt.toISOString(),
    ...renderNotice(locale, r.kind, parseParams(r.params)),
  }));
}

/** Marks one of the user's notices read and returns where it points; null when it is not theirs. */
export function markRead(userId: number, notificationId: number): Promise<string | null> {
  return transaction(async (c) => {
    const row = await first(c, q.selectFrom("Notification").select("link").where("id", "=", notificationId).where("userId", "=", userId));
    if (!row) return null;
    await run(
      c,
      q
        .updateTable("Notification")
        .set({ readAt: instant(Date.now()) })
        .where("id", "=", notificationId)
        .where("readAt", "is", null),
    );
    return row.link;
  });
}

export function markAllRead(userId: number): Promise<number> {
  return transaction(
    async (c) =>
      (
        await run(
          c,
          q
            .updateTable("Notification")
            .set({ readAt: instant(Date.now()) })
            .where("userId", "=", userId)
            .where("readAt", "is", null),
        )
      ).changes,
  );
}

// ---------- e-mail preferences ----------

export async function notificationSettings(userId: number) {
  const [settings, prefs] = await Promise.all([
    db.notificationSettings.findUnique({ where: { userId } }),
    db.notificationPreference.findMany({ where: { userId } }),
  ]);
  const emailKinds = new Set(prefs.filter((p) => p.email).map((p) => p.kind));
  return { email: settings?.email ?? "", kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, email: emailKinds.has(kind) })) };
}

export function saveNotificationSettings(userId: number, input: { email: string; emailKinds: NotificationKind[] }) {
  return transaction(async (c) => {
    await run(
      c,
      q
        .insertInto("NotificationSettings")
        .values({ userId, email: input.email })
        .onConflict((oc) => oc.column("userId").doUpdateSet((eb) => ({ email: eb.ref("excluded.email") }))),
    );
    for (const kind of NOTIFICATION_KINDS)
      await run(
        c,
        q
          .insertInto("NotificationPreference")
          .values({ userId, kind, email: input.emailKinds.includes(kind) ? 1 : 0 })
          .onConflict((oc) => oc.columns(["userId", "kind"]).doUpdateSet((eb) => ({ email: eb.ref("excluded.email") }))),
      );
  });
}

/** The counts the navigation shows: unread notices, and for a chair the orders waiting for approval. */
export async function shellCounts(user: { userId: number; role: Role; org: { id: number } }): Promise<{ unread: number; approvals: number }> {
  const approvals =
    user.role === "APPROVER"
      ? ((
          await first(
            reader,
            q
              .selectFrom("Order")
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .where("unionId", "=", user.org.id)
              .where("status", "=", "PENDING_APPROVAL"),
          )
        )?.n ?? 0)
      : 0;
  return { unread: await unreadCount(user.userId), approvals };
}
