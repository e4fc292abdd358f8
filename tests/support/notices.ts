// Reads who was told what, for notification tests.
import { db } from "~/utils/db.server";

export async function userId(username: string) {
  return (await db.user.findUniqueOrThrow({ where: { username } })).id;
}

/** Notices of one kind since a notification id, as [username, link] pairs sorted by username. */
export async function noticesOf(kind: string, sinceId = 0) {
  const rows = await db.notification.findMany({ where: { kind, id: { gt: sinceId } }, orderBy: { id: "asc" } });
  const users = await db.user.findMany({ where: { id: { in: rows.map((r) => r.userId) } } });
  return rows.map((r) => [users.find((u) => u.id === r.userId)!.username, r.link] as const).sort((a, b) => a[0].localeCompare(b[0]));
}

export async function lastNotificationId() {
  return (await db.notification.findFirst({ orderBy: { id: "desc" } }))?.id ?? 0;
}
