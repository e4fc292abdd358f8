// Reminders to lagging and zero-purchase units. A leader picks units in their subtree (or all lagging ones) and
// a template; each unit's buyers and chair get a notice (and e-mail if they chose it) with the unit's own figures;
// the list shows when each unit was last reminded and whether it has ordered since. A unit is reminded at most
// once per REMINDER_MIN_INTERVAL_DAYS. A county can switch on a monthly reminder, run by the server's worker.
import type { Actor } from "~/domain/actor";
import { chinaDate, chinaYear } from "~/domain/china-time";
import { formatMoney } from "~/domain/money";
import { laggingUnits, unitShare, type UnitFigures } from "~/domain/report";
import { mayRemind, renderReminder } from "~/domain/reminders";
import { formatShare } from "~/domain/welfare-share";
import { sql, type SqlBool } from "kysely";
import { reader, transaction } from "~/utils/db.server";
import { all, first, instant, q, run } from "~/utils/sql.server";
import { liveOrderSql } from "~/models/rules-sql.server";
import { recordAudit } from "~/models/access/audit.server";
import { notify } from "~/models/notifications/notifications.server";
import { governingPolicy } from "~/models/welfare/welfare.server";
import { reportOrg, unitsUnder } from "~/models/welfare/reports.server";

export const DEFAULT_TEMPLATE = "截至{date}，贵单位帮扶采购占比{share}（目标{target}），距目标还差{gap}。请尽快安排采购扶贫产品。";

interface UnitStatus {
  lastRemindedAt: number | null;
  boughtSince: boolean;
}

/** Last reminder per unit and whether the unit placed an order (not rejected or cancelled) after it. */
async function statusOf(unitIds: number[]): Promise<Map<number, UnitStatus>> {
  const out = new Map<number, UnitStatus>();
  if (!unitIds.length) return out;
  const lastReminders = q
    .selectFrom("Reminder")
    .select((eb) => ["unitId", eb.fn.max("createdAt").as("last")])
    .where("unitId", "in", unitIds)
    .groupBy("unitId");
  const rows = await all(
    reader,
    q.selectFrom(lastReminders.as("l")).select((eb) => [
      "l.unitId",
      "l.last",
      eb
        .exists(
          eb
            .selectFrom("Order as o")
            .select(sql.lit(1).as("one"))
            .whereRef("o.unionId", "=", "l.unitId")
            .whereRef("o.createdAt", ">", "l.last")
            .where(sql.raw<SqlBool>(liveOrderSql(`o."status"`))),
        )
        .as("bought"),
    ]),
  );
  for (const r of rows) out.set(r.unitId, { lastRemindedAt: r.last, boughtSince: r.bought === 1 });
  return out;
}

/** The reminder page: lagging units (zero-purchase ones flagged) with their reminder status, and the schedule. */
export async function reminderPanel(leader: Actor, orgId: number, year: number) {
  const org = await reportOrg(leader, orgId);
  const policy = await governingPolicy(org.path, year);
  const lagging = laggingUnits(await unitsUnder(org, year), policy.targetBasisPoints, 500);
  const status = await statusOf(lagging.map((l) => l.unit.orgId));
  const schedule = await first(reader, q.selectFrom("ReminderSchedule").select(["enabled", "template", "lastRunMonth"]).where("orgId", "=", org.id));
  return {
    org: { id: org.id, name: org.name, kind: org.kind },
    year,
    targetBasisPoints: policy.targetBasisPoints,
    units: lagging.map(({ unit, figures }) => ({
      orgId: unit.orgId,
      name: unit.name,
      contactName: unit.contactName,
      contactPhone: unit.contactPhone,
      share: figures.share,
      gapFen: figures.gapFen,
      zeroPurchase: unit.assistanceProcurementFen === 0 && unit.otherPlatformFen === 0,
      lastRemindedAt: status.get(unit.orgId)?.lastRemindedAt != null ? new Date(status.get(unit.orgId)!.lastRemindedAt!).toISOString() : null,
      boughtSince: status.get(unit.orgId)?.boughtSince ?? false,
      mayRemind: mayRemind(status.get(unit.orgId)?.lastRemindedAt ?? null, Date.now()),
    })),
    schedule: { enabled: schedule?.enabled === 1, template: schedule?.template ?? DEFAULT_TEMPLATE, lastRunMonth: schedule?.lastRunMonth ?? null },
  };
}

function figuresFor(unit: UnitFigures, targetBasisPoints: number, now: Date) {
  const share = unitShare(unit, targetBasisPoints);
  // Reminders read in Chinese whatever the sender's language: they go to many readers, the template is the leader's.
  return {
    unit: unit.name,
    date: chinaDate(now),
    share: formatShare(share.share, "zh-CN"),
    gap: formatMoney(share.gapFen, "zh-CN"),
    target: formatShare(targetBasisPoints / 10_000, "zh-CN"),
  };
}

export interface SendResult {
  sent: number[];
  rateLimited: number[];
}

/**
 * Sends one reminder to each chosen unit in the sender's subtree that was not reminded in the last week. The
 * figures are read just before the transaction; the notice, the reminder row and the audit entry commit together.
 */
export async function sendReminders(input: {
  sender: { userId: number | null; org: { id: number; path: string } };
  orgId: number;
  unitIds: number[] | "lagging";
  template: string;
  scheduled?: boolean;
  now?: Date;
}): Promise<SendResult> {
  const now = input.now ?? new Date();
  const year = chinaYear(now);
  const org = await reportOrg(input.sender, input.orgId);
  const policy = await governingPolicy(org.path, year);
  const units = await unitsUnder(org, year);
  const chosen =
    input.unitIds === "lagging"
      ? laggingUnits(units, policy.targetBasisPoints, 500).map((l) => l.unit)
      : units.filter((u) => (input.unitIds as number[]).includes(u.orgId));
  const from = org.name;
  return transaction(async (c) => {
    const result: SendResult = { sent: [], rateLimited: [] };
    const lastReminded = async (unitId: number) =>
      (
        await first(
          c,
          q
            .selectFrom("Reminder")
            .select((eb) => eb.fn.max<number | null>("createdAt").as("last"))
            .where("unitId", "=", unitId),
        )
      )?.last ?? null;
    for (const unit of chosen) {
      if (!mayRemind(await lastReminded(unit.orgId), now.getTime())) {
        result.rateLimited.push(unit.orgId);
        continue;
      }
      const text = renderReminder(input.template, figuresFor(unit, policy.targetBasisPoints, now));
      await run(
        c,
        q.insertInto("Reminder").values({
          unitId: unit.orgId,
          leaderOrgId: org.id,
          sentById: input.sender.userId,
          text,
          scheduled: input.scheduled ? 1 : 0,
          createdAt: instant(now.getTime()),
        }),
      );
      await notify(
        c,
        { to: { orgs: [{ orgId: unit.orgId, roles: ["BUYER", "APPROVER"] }] }, kind: "reminder", params: { text, from }, link: "/union/budget" },
        now.getTime(),
      );
      result.sent.push(unit.orgId);
    }
    await recordAudit(
      c,
      {
        actorId: input.sender.userId,
        orgId: org.id,
        action: input.scheduled ? "reminder.scheduled" : "reminder.send",
        entityType: "Organization",
        entityId: org.id,
        detail: { sent: result.sent, rateLimited: result.rateLimited, template: input.template },
      },
      now,
    );
    return result;
  });
}

/** Switches the monthly reminder of the leader's report organisation on or off, with its template. */
export async function saveReminderSchedule(leader: Actor, orgId: number, input: { enabled: boolean; template: string }) {
  const org = await reportOrg(leader, orgId);
  return transaction(async (c) => {
    const before = (await first(c, q.selectFrom("ReminderSchedule").select(["enabled", "template"]).where("orgId", "=", org.id))) ?? null;
    await run(
      c,
      q
        .insertInto("ReminderSchedule")
        .values({ orgId: org.id, enabled: input.enabled ? 1 : 0, template: input.template, updatedById: leader.userId })
        .onConflict((oc) =>
          oc.column("orgId").doUpdateSet((eb) => ({
            enabled: eb.ref("excluded.enabled"),
            template: eb.ref("excluded.template"),
            updatedById: eb.ref("excluded.updatedById"),
          })),
        ),
    );
    await recordAudit(c, {
      actorId: leader.userId,
      orgId: org.id,
      action: "reminderSchedule.save",
      entityType: "Organization",
      entityId: org.id,
      detail: { before, after: input },
    });
  });
}

/** Runs every switched-on monthly reminder that has not run in this China month. Called by the server's worker. */
export async function runScheduledReminders(now = new Date()): Promise<number> {
  const month = chinaDate(now).slice(0, 7);
  const due = await all(
    reader,
    q
      .selectFrom("ReminderSchedule as s")
      .innerJoin("Organization as o", "o.id", "s.orgId")
      .select(["s.orgId", "s.template", "o.path"])
      .where("s.enabled", "=", 1)
      .where((eb) => eb.or([eb("s.lastRunMonth", "is", null), eb("s.lastRunMonth", "<>", month)])),
  );
  let sent = 0;
  for (const schedule of due) {
    // Mark the month first, so a crash mid-send never sends twice in a month; the rate limit guards the rest.
    const claimed = await transaction(
      async (c) =>
        (
          await run(
            c,
            q
              .updateTable("ReminderSchedule")
              .set({ lastRunMonth: month })
              .where("orgId", "=", schedule.orgId)
              .where((eb) => eb.or([eb("lastRunMonth", "is", null), eb("lastRunMonth", "<>", month)])),
          )
        ).changes,
    );
    if (!claimed) continue;
    const result = await sendReminders({
      sender: { userId: null, org: { id: schedule.orgId, path: schedule.path } },
      orgId: schedule.orgId,
      unitIds: "lagging",
      template: schedule.template,
      scheduled: true,
      now,
    });
    sent += result.sent.length;
  }
  return sent;
}
