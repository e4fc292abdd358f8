// The data-loss hazard of the single-connection adapter, measured: without the serialized writer, a plain write
// issued during another request's interactive transaction joined it and vanished with its rollback. On PostgreSQL
// (no queue: each transaction holds a pooled connection of its own) the same interleaving must keep every
// acknowledged write too, and the write() guard, the append-only audit log and the stock check hold on both engines.
import { describe, expect, it } from "vitest";
import { db, write, writeTransaction } from "~/utils/db.server";
import { engine } from "~/utils/engine.server";

describe("the write path", () => {
  it("keeps all 300 plain writes interleaved with 300 rolled-back transactions", async () => {
    const rolledBack: Array<Promise<unknown>> = [];
    const plain: Array<Promise<unknown>> = [];
    for (let i = 0; i < 300; i++) {
      rolledBack.push(
        writeTransaction(async (tx) => {
          await tx.auditLog.create({ data: { action: "doomed", entityType: "test", entityId: String(i) } });
          await new Promise((resolve) => setTimeout(resolve, 0));
          throw new Error("roll back");
        }).catch((error: Error) => error.message),
      );
      plain.push(write(() => db.auditLog.create({ data: { action: "plain", entityType: "test", entityId: String(i) } })));
    }
    const outcomes = await Promise.all(rolledBack);
    await Promise.all(plain);
    expect(outcomes.every((m) => m === "roll back")).toBe(true);
    expect(await db.auditLog.count({ where: { action: "plain" } })).toBe(300);
    expect(await db.auditLog.count({ where: { action: "doomed" } })).toBe(0);
  });

  it("refuses a write issued outside the serialized writer", async () => {
    await expect(db.auditLog.create({ data: { action: "stray", entityType: "test", entityId: "1" } })).rejects.toThrow(/outside write/);
    expect(await db.auditLog.count({ where: { action: "stray" } })).toBe(0);
  });

  // SQLite-only: WAL, the foreign_keys pragma and busy_timeout are SQLite connection settings; PostgreSQL has none of them.
  it.skipIf(engine === "postgres")("runs with WAL, foreign keys and a busy timeout", async () => {
    const { sqlite } = await import("~/utils/db.server");
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(sqlite.pragma("busy_timeout", { simple: true })).toBe(50);
    const [fk] = await db.$queryRawUnsafe<Array<{ foreign_keys: bigint | number }>>("PRAGMA foreign_keys");
    expect(Number(fk.foreign_keys)).toBe(1);
  });

  it("keeps the audit log append-only", async () => {
    await write(() => db.auditLog.create({ data: { action: "kept", entityType: "test", entityId: "1" } }));
    await expect(write(() => db.auditLog.updateMany({ data: { action: "changed" } }))).rejects.toThrow(/append-only/);
    await expect(write(() => db.auditLog.deleteMany({}))).rejects.toThrow(/append-only/);
  });

  it("enforces stock ≥ 0 in the database itself", async () => {
    const { seedDemoBase } = await import("../support/fixtures");
    await seedDemoBase();
    await expect(write(() => db.product.update({ where: { id: 1 }, data: { stock: -1 } }))).rejects.toThrow();
    expect((await db.product.findUniqueOrThrow({ where: { id: 1 } })).stock).toBeGreaterThanOrEqual(0);
  });
});
