// The e-mail outbox drained by several app processes at once (docs/decisions/0199-outbox-claims.md): two real
// processes on one database (a SQLite file, or PostgreSQL), one real SMTP server, every mail received exactly once.
// Without the claim both processes read the same due rows and both send them (checked by hand against the unclaimed
// drain; see the ADR).
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainEmailOutbox } from "~/models/notifications/email-outbox.server";
import { claimEmailsQuery, EMAIL_LEASE_MS, emailOutcomeQuery } from "~/models/notifications/email-outbox-sql.server";
import { db, reader, transaction } from "~/utils/db.server";
import { all, instant, one, q, run } from "~/utils/sql.server";
import { seedDemoBase } from "../support/fixtures";
import { otherProcess as spawnOther } from "../support/other-process";

const received: string[] = [];
let smtp: SMTPServer;
let smtpUrl = "";
let userId = 0;

beforeAll(async () => {
  await seedDemoBase();
  userId = (await db.user.findFirstOrThrow({ where: { username: "school.buyer" } })).id;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      // A little time per mail, as a real relay takes, so the two processes' passes overlap.
      stream.on("end", () => {
        received.push(...session.envelope.rcptTo.map((r) => r.address));
        setTimeout(callback, 20);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

/** Queues `count` mails, each to its own address, due now. */
function queueMails(prefix: string, count: number, at = Date.now()) {
  return transaction(async (c) => {
    for (let i = 0; i < count; i++) {
      const { id: notificationId } = await one(
        c,
        q
          .insertInto("Notification")
          .values({
            userId,
            kind: "orderRejected",
            params: JSON.stringify({ code: `BF-${prefix}-${i}`, reason: "测试" }),
            link: "/union/orders",
            createdAt: instant(at),
          })
          .returning("id"),
      );
      await run(
        c,
        q.insertInto("EmailOutbox").values({ notificationId, toAddress: `${prefix}${i}@claims.example`, nextAttemptAt: instant(at), createdAt: instant(at) }),
      );
    }
  });
}

/** Another app process on this database, drained on `go()`. */
function otherProcess(batch: number) {
  return spawnOther<{ sent: number; failed: number }>("tests/support/email-outbox-child.ts", [smtpUrl, String(batch)]);
}

describe("the e-mail outbox drained by two processes at once", () => {
  it("delivers each of 40 queued mails exactly once, the work shared between the processes", async () => {
    await queueMails("two", 40);
    const [one, two] = await Promise.all([otherProcess(5), otherProcess(5)]);
    const [a, b] = await Promise.all([one.go(), two.go()]);
    const mine = received.filter((address) => address.startsWith("two"));
    expect(mine).toHaveLength(40);
    expect(new Set(mine).size).toBe(40);
    expect(a.sent + b.sent).toBe(40);
    expect(a.failed + b.failed).toBe(0);
    // Both took part: the claims split the queue rather than one process taking it all.
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    const rows = await all(reader, q.selectFrom("EmailOutbox").select(["status", "claimedBy", "claimedUntil"]).where("toAddress", "like", "two%"));
    expect(rows.every((r) => r.status === "SENT" && r.claimedBy === null && r.claimedUntil === null)).toBe(true);
  });

  it("leaves a row to the pass holding it until its lease ends, then sends it; the old claimant's late outcome changes nothing", async () => {
    const now = Date.now();
    await queueMails("lease", 3, now);
    // A pass in another process claimed the rows, then stopped (paused, or died) before sending.
    const claimed = await transaction(async (c) => all(c, claimEmailsQuery("paused-host/1/a", now, 10)));
    expect(claimed.map((r) => r.toAddress).sort()).toEqual(["lease0@claims.example", "lease1@claims.example", "lease2@claims.example"]);
    // A pass's clock runs on from the start it is given, so start it well inside the lease (not 1 ms before its end).
    expect(await drainEmailOutbox({ smtpUrl, now: new Date(now + EMAIL_LEASE_MS - 60_000) })).toEqual({ sent: 0, failed: 0 });
    expect(received.filter((address) => address.startsWith("lease"))).toHaveLength(0);
    // The lease has run out: the rows are claimable again, and this pass sends them.
    expect(await drainEmailOutbox({ smtpUrl, now: new Date(now + EMAIL_LEASE_MS) })).toEqual({ sent: 3, failed: 0 });
    expect(received.filter((address) => address.startsWith("lease")).sort()).toEqual(claimed.map((r) => r.toAddress).sort());
    // The paused pass resumes and records a failure for its rows: nothing changes, the rows stay SENT.
    const changed = await transaction(async (c) => {
      const counts: number[] = [];
      for (const r of claimed)
        counts.push(
          (await run(c, emailOutcomeQuery("paused-host/1/a", r.id, { kind: "retry", gaveUp: false, nextAttemptAtMs: now + 60_000, error: "late" }))).changes,
        );
      return counts;
    });
    expect(changed).toEqual([0, 0, 0]);
    const rows = await all(reader, q.selectFrom("EmailOutbox").select(["status", "attempts", "lastError"]).where("toAddress", "like", "lease%"));
    expect(rows).toEqual(Array.from({ length: 3 }, () => ({ status: "SENT", attempts: 1, lastError: null })));
  });
});
