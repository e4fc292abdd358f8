// Another process holding SQLite's write lock (a long script, a backup tool, a migration) must not freeze the
// server: reads go on, writes wait a bounded time and then answer 503 with Retry-After, nothing half-written.
// SQLite only: it takes the one database-wide write lock from a second better-sqlite3 connection on the file
// (BEGIN IMMEDIATE) and measures write()'s lock probe and busy_timeout. PostgreSQL has no such lock: another session's
// writes block ours only on the same rows or tables, and a conflict aborts and retries (transactions.test.ts,
// orders-concurrency.test.ts), so nothing here ports. The nearest PostgreSQL case, another session holding a table or
// row lock (LOCK TABLE in a migration), is not bounded by WRITE_WAIT_MS today (no lock_timeout: the write waits until
// the lock is let go): a question for the data layer, not a test of this file.
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

process.env.WRITE_WAIT_MS = "800";
const { db, sqlite, transaction, write } = await import("~/utils/db.server");
const { instant, q, run } = await import("~/utils/sql.server");
const { engine } = await import("~/utils/engine.server");

let other: Database.Database;

describe.skipIf(engine === "postgres")("a database locked by another process", () => {
  beforeAll(async () => {
    other = new Database(path.join(process.env.DATA_DIR ?? "", "test.db"));
    // Prisma compiles its query engine on first use; that start-up stall is not what this file measures.
    await db.auditLog.count();
    await write(() => db.auditLog.create({ data: { action: "warm", entityType: "test", entityId: "0" } }));
  });

  afterEach(() => {
    if (other.inTransaction) other.exec("ROLLBACK");
  });

  it("answers writes with 503 + Retry-After after a bounded wait, while reads and the event loop carry on", async () => {
    other.exec("BEGIN IMMEDIATE");
    other.prepare(`INSERT INTO "AuditLog" ("action","entityType","entityId","at") VALUES ('other-process','test','1',?)`).run(Date.now());
    const started = Date.now();
    let lastTick = Date.now();
    let longestStall = 0;
    const ticker = setInterval(() => {
      longestStall = Math.max(longestStall, Date.now() - lastTick);
      lastTick = Date.now();
    }, 20);
    const answeredAfter: number[] = [];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        transaction((c) =>
          run(c, q.insertInto("AuditLog").values({ action: "blocked", entityType: "test", entityId: String(i), at: instant(Date.now()) })),
        ).finally(() => answeredAfter.push(Date.now() - started)),
      ),
    );
    const readStarted = Date.now();
    expect(sqlite.prepare(`SELECT COUNT(*) AS n FROM "AuditLog"`).get()).toBeTruthy();
    await db.auditLog.count();
    const readMs = Date.now() - readStarted;
    clearInterval(ticker);
    const elapsed = Date.now() - started;
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      const response = (outcome as PromiseRejectedResult).reason as Response;
      expect(response).toBeInstanceOf(Response);
      expect(response.status).toBe(503);
      expect(response.headers.get("Retry-After")).toMatch(/^\d+$/);
    }
    // Every write waited about WRITE_WAIT_MS (800 ms) from when it was asked, not one after another (5 × 800 ms).
    expect(Math.max(...answeredAfter)).toBeLessThan(2_400);
    expect(readMs).toBeLessThan(300);
    // The event loop kept turning while the writes waited (a synchronous busy wait would stall it for seconds).
    expect(longestStall).toBeLessThan(400);
    expect(elapsed).toBeGreaterThanOrEqual(800);
    other.exec("ROLLBACK");
    expect(await db.auditLog.count({ where: { action: { in: ["blocked", "other-process"] } } })).toBe(0);
  });

  it("goes ahead as soon as the other process lets go", async () => {
    other.exec("BEGIN IMMEDIATE");
    setTimeout(() => other.exec("COMMIT"), 300);
    await write(() => db.auditLog.create({ data: { action: "after-wait", entityType: "test", entityId: "1" } }));
    expect(await db.auditLog.count({ where: { action: "after-wait" } })).toBe(1);
  });
});
