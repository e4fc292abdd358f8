// The engine-neutral transaction of app/utils/db.server.ts (docs/decisions/0190-two-engines.md): what a caller may
// rely on whichever engine DATABASE_URL names. Written against `transaction` and `reader` only, so the PostgreSQL
// suite runs the same file.
import { beforeAll, describe, expect, it } from "vitest";
import { reader, transaction } from "~/utils/db.server";
import { all, instant, one, q, run } from "~/utils/sql.server";

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
