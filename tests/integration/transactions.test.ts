// The engine-neutral transaction of app/utils/db.server.ts (docs/decisions/0190-two-engines.md): what a caller may
// rely on whichever engine DATABASE_URL names. Written against `transaction` and `reader` only, so the PostgreSQL
// suite runs the same file.
import { beforeAll, describe, expect, it } from "vitest";
import { reader, transaction } from "~/utils/db.server";
import { engine } from "~/utils/engine.server";
import { all, first, instant, one, q, run } from "~/utils/sql.server";

let orgId = 0;
const headcount = () => one(reader, q.selectFrom("Organization").select("headcount").where("id", "=", orgId)).then((r) => r.headcount);
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

beforeAll(async () => {
  orgId = await transaction(async (tx) => {
    const { id } = await one(
      tx,
      q
        .insertInto("Organization")
        .values({ kind: "GRASSROOTS", name: "事务测试工会", code: "TX-TEST", path: "/", createdAt: instant(Date.now()) })
        .returning("id"),
    );
    await run(
      tx,
      q
        .updateTable("Organization")
        .set({ path: `/${id}/`, headcount: 0 })
        .where("id", "=", id),
    );
    return id;
  });
});

describe("a transaction on the engine DATABASE_URL names", () => {
  it("is seen by no other reader until it commits, then whole", async () => {
    let seenDuring: number | null = -1;
    await transaction(async (tx) => {
      await run(tx, q.updateTable("Organization").set({ headcount: 41 }).where("id", "=", orgId));
      await tick();
      seenDuring = await headcount();
      // Its own statements see its own writes.
      expect((await one(tx, q.selectFrom("Organization").select("headcount").where("id", "=", orgId))).headcount).toBe(41);
    });
    expect(seenDuring).toBe(0);
    expect(await headcount()).toBe(41);
  });

  it("leaves nothing when it throws, a thrown Response included", async () => {
    const before = await headcount();
    await expect(
      transaction(async (tx) => {
        await run(tx, q.updateTable("Organization").set({ headcount: 7 }).where("id", "=", orgId));
        await tick();
        throw new Response("conflict", { status: 409 });
      }),
    ).rejects.toBeInstanceOf(Response);
    expect(await headcount()).toBe(before);
  });

  it("joins the open transaction when called inside one, and rolls back with it", async () => {
    const before = await headcount();
    await expect(
      transaction(async (tx) => {
        await transaction((inner) => run(inner, q.updateTable("Organization").set({ headcount: 99 }).where("id", "=", orgId)));
        expect((await one(tx, q.selectFrom("Organization").select("headcount").where("id", "=", orgId))).headcount).toBe(99);
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(await headcount()).toBe(before);
  });

  it("keeps every read-then-write of 60 concurrent transactions: the count is exact", async () => {
    const before = (await headcount()) ?? 0;
    await Promise.all(
      Array.from({ length: 60 }, () =>
        transaction(async (tx) => {
          const { headcount: now } = await one(tx, q.selectFrom("Organization").select("headcount").where("id", "=", orgId));
          await tick();
          await run(
            tx,
            q
              .updateTable("Organization")
              .set({ headcount: (now ?? 0) + 1 })
              .where("id", "=", orgId),
          );
        }),
      ),
    );
    expect(await headcount()).toBe(before + 60);
  });

  it("answers each of 80 concurrent callers only once its own work is kept, or gone if it failed", async () => {
    // On SQLite, transactions that queue behind each other commit together (group commit): a caller must still be
    // answered only after its rows are durable and visible, and one that fails must leave the others whole.
    const label = `tx-group-${Date.now()}`;
    const rowOf = (i: number) => first(reader, q.selectFrom("AuditLog").select("id").where("action", "=", label).where("entityId", "=", String(i)));
    const seenOnAnswer: Array<boolean> = [];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 80 }, async (_, i) => {
        await transaction(async (tx) => {
          await run(tx, q.insertInto("AuditLog").values({ at: instant(Date.now()), action: label, entityType: "test", entityId: String(i) }));
          if (i % 3 === 0) await tick();
          if (i % 4 === 1) throw new Error(`refused ${i}`);
        });
        seenOnAnswer[i] = (await rowOf(i)) !== undefined;
      }),
    );
    outcomes.forEach((outcome, i) => {
      if (i % 4 === 1) expect(outcome).toEqual({ status: "rejected", reason: new Error(`refused ${i}`) });
      else expect(outcome.status, `transaction ${i}`).toBe("fulfilled");
    });
    expect(seenOnAnswer.filter(Boolean)).toHaveLength(60);
    const kept = await all(reader, q.selectFrom("AuditLog").select("entityId").where("action", "=", label));
    expect(kept.map((r) => Number(r.entityId)).sort((a, b) => a - b)).toEqual(Array.from({ length: 80 }, (_, i) => i).filter((i) => i % 4 !== 1));
  });

  it.skipIf(engine !== "sqlite")("reports none of a group as done when SQLite ends the whole group's transaction", async () => {
    // SQLite only: there is no group on PostgreSQL. A statement ending the outer transaction stands in for an I/O
    // error or a full disk, after which SQLite has rolled back everything the group did.
    const label = `tx-lost-${Date.now()}`;
    const insert = (tx: Parameters<Parameters<typeof transaction>[0]>[0], i: number) =>
      run(tx, q.insertInto("AuditLog").values({ at: instant(Date.now()), action: label, entityType: "test", entityId: String(i) }));
    const outcomes = await Promise.allSettled([
      transaction((tx) => insert(tx, 1)),
      transaction(async (tx) => {
        await insert(tx, 2);
        await tx.script("ROLLBACK");
      }),
      transaction((tx) => insert(tx, 3)),
    ]);
    expect(outcomes[0].status).toBe("rejected");
    expect(outcomes[1].status).toBe("rejected");
    const kept = await all(reader, q.selectFrom("AuditLog").select("entityId").where("action", "=", label));
    // The third ran in the next group, or was not reached before the failure and ran after it: kept either way.
    expect(outcomes[2].status).toBe("fulfilled");
    expect(kept.map((r) => r.entityId)).toEqual(["3"]);
    await transaction((tx) => insert(tx, 4));
    expect(await all(reader, q.selectFrom("AuditLog").select("entityId").where("action", "=", label).where("entityId", "=", "4"))).toHaveLength(1);
  });

  it("gives rows the same types on both engines: instants as epoch ms, counts as numbers", async () => {
    const [row] = await all(
      reader,
      q
        .selectFrom("Organization")
        .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("createdAt").as("latest")])
        .where("id", "=", orgId),
    );
    expect(row.n).toBe(1);
    expect(typeof row.latest).toBe("number");
    expect(Number(row.latest)).toBeGreaterThan(Date.UTC(2020, 0, 1));
    expect(Number(row.latest)).toBeLessThan(Date.UTC(2100, 0, 1));
  });
});
