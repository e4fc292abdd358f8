import { beforeAll, describe, expect, it } from "vitest";
import { action as remindersAction, loader as remindersLoader } from "~/routes/reports.$orgId.reminders";
import { loader as inboxLoader } from "~/routes/notifications._index";
import { runScheduledReminders } from "~/models/welfare/reminders.server";
import { db } from "~/utils/db.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";

let leader: string;
let countyId: number;

beforeAll(async () => {
  await seedDemoBase();
  leader = await cookieFor("sz.leader");
  const user = await db.user.findUniqueOrThrow({ where: { username: "sz.leader" }, include: { memberships: true } });
  countyId = user.memberships[0].orgId;
});

const panel = async (who = leader) =>
  (
    await (
      await responseOf(() => remindersLoader({ request: getRequest(`/reports/${countyId}/reminders`, who), params: { orgId: String(countyId) }, context: {} }))
    ).json()
  ).panel;
const post = (fields: Record<string, string | string[]>, who = leader) =>
  responseOf(() => remindersAction({ request: formRequest(`/reports/${countyId}/reminders`, fields, who), params: { orgId: String(countyId) }, context: {} }));

describe("reminders to lagging units", () => {
  it("sends to 3 chosen units: their buyers and chairs see it with their own figures; the list shows last reminded; a week's rate limit", async () => {
    const before = await panel();
    expect(before.units.length).toBeGreaterThanOrEqual(3);
    expect(before.units.every((u: { zeroPurchase: boolean }) => u.zeroPurchase)).toBe(true); // no orders in the base seed
    const three = before.units.slice(0, 3);
    const response = await post({
      intent: "send",
      template: "截至{date}，{unit}帮扶采购占比{share}，距目标还差{gap}。",
      unitId: three.map((u: { orgId: number }) => String(u.orgId)),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).message).toContain("3");

    for (const unit of three) {
      const members = await db.membership.findMany({ where: { orgId: unit.orgId }, include: { user: true } });
      expect(members.map((m) => m.role).sort()).toEqual(["APPROVER", "BUYER"]);
      for (const m of members) {
        const inbox = await (
          await responseOf(async () => inboxLoader({ request: getRequest("/notifications", await cookieFor(m.user.username)), params: {}, context: {} }))
        ).json();
        const reminder = inbox.notices.find((n: { kind: string }) => n.kind === "reminder");
        expect(reminder.text).toContain(unit.name);
        expect(reminder.text).toMatch(/占比0(\.0)?%，距目标还差¥[\d,]+\.\d\d。$/);
      }
    }
    const after = await panel();
    for (const unit of three) {
      const row = after.units.find((u: { orgId: number }) => u.orgId === unit.orgId);
      expect(row.lastRemindedAt).not.toBeNull();
      expect([row.boughtSince, row.mayRemind]).toEqual([false, false]);
    }
    expect(after.units.find((u: { orgId: number }) => u.orgId === before.units[3]?.orgId)?.lastRemindedAt ?? null).toBeNull();

    // Again within the week: nothing is sent twice.
    const again = await post({ intent: "send", template: "再次提醒", unitId: [String(three[0].orgId)] });
    expect((await again.json()).message).toContain("7");
    expect(await db.reminder.count({ where: { unitId: three[0].orgId } })).toBe(1);

    // The unit orders afterwards: "bought since".
    await insertOrder({
      unionId: three[0].orgId,
      createdAt: new Date(Date.now() + 1000),
      status: "PLACED",
      lines: [{ productId: 1, quantity: 5, certified: true }],
    });
    expect((await panel()).units.find((u: { orgId: number }) => u.orgId === three[0].orgId).boughtSince).toBe(true);
    expect(await db.auditLog.count({ where: { action: "reminder.send" } })).toBe(2);
  });

  it("refuses an empty selection and another county's report", async () => {
    expect((await post({ intent: "send", template: "提醒" })).status).toBe(400);
    expect((await post({ intent: "send", template: "", unitId: ["1"] })).status).toBe(400);
    const other = await responseOf(async () =>
      remindersLoader({
        request: getRequest(`/reports/${countyId}/reminders`, await cookieFor("ln.leader")),
        params: { orgId: String(countyId) },
        context: {},
      }),
    );
    expect(other.status).toBe(403);
  });

  it("runs the county's monthly reminder once a month when switched on", async () => {
    expect((await post({ intent: "schedule", template: "{unit}：本月帮扶采购占比{share}", enabled: "on" })).status).toBe(200);
    expect((await panel()).schedule).toMatchObject({ enabled: true, template: "{unit}：本月帮扶采购占比{share}" });
    const nextMonth = new Date(Date.now() + 32 * 86_400_000);
    const sent = await runScheduledReminders(nextMonth);
    expect(sent).toBeGreaterThan(0);
    expect(await runScheduledReminders(new Date(nextMonth.getTime() + 3600_000))).toBe(0); // once a month
    expect(await db.reminder.count({ where: { scheduled: true } })).toBe(sent);
    await post({ intent: "schedule", template: "x" }); // switched off
    expect((await panel()).schedule.enabled).toBe(false);
  });
});
