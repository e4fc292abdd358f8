// The kept union-year order totals (UnionOrderTotal, docs/decisions/0197-union-order-totals-by-trigger.md) are
// written by SQLite triggers on "Order" whose status and occasion lists are literals. These tests prove the triggers
// equal a recomputation with the domain's own predicates (isLiveOrder, isFestival, chinaYear) under random inserts,
// updates and deletes, and that the real write paths (submit, cancel, merge of two unions) leave budgetPosition right.
// Runs on both engines: on PostgreSQL the same triggers are the PL/pgSQL port of the baseline migration.
import { sql } from "kysely";
import fc from "fast-check";
import { orderOperation } from "../support/order-total-cases";
import { beforeAll, describe, expect, it } from "vitest";
import { chinaYear } from "~/domain/china-time";
import { isFestival } from "~/domain/order-builder";
import { ENDED_WITHOUT_GOODS, isLiveOrder } from "~/domain/order-state";
import { FESTIVAL_OCCASIONS } from "~/domain/order-builder";
import { cancelOrder } from "~/models/orders/orders.server";
import { submitOrder } from "~/models/orders/order-submit.server";
import { budgetPosition } from "~/models/welfare/welfare.server";
import { verifyReportAggregates } from "~/models/welfare/report-verify.server";
import { action as orgAction } from "~/routes/manage.orgs.$orgId";
import type { Actor } from "~/domain/actor";
import { db, reader, transaction } from "~/utils/db.server";
import { all, instant, one, q, run, type Connection } from "~/utils/sql.server";
import { cookieFor, formRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { insertOrder } from "../support/order-fixtures";

/** The totals recomputed in JavaScript from every order, with the domain's predicates; keys "unionId/year". */
async function recomputed(): Promise<Map<string, { committedFen: number; festivalFen: number }>> {
  const totals = new Map<string, { committedFen: number; festivalFen: number }>();
  const rows = await all(reader, q.selectFrom("Order").select(["unionId", "status", "occasion", "totalFen", "createdAt"]));
  for (const o of rows) {
    if (!isLiveOrder(o)) continue;
    const key = `${o.unionId}/${chinaYear(new Date(o.createdAt))}`;
    const t = totals.get(key) ?? { committedFen: 0, festivalFen: 0 };
    t.committedFen += o.totalFen;
    if (isFestival(o.occasion)) t.festivalFen += o.totalFen;
    totals.set(key, t);
  }
  return totals;
}

async function kept(): Promise<Map<string, { committedFen: number; festivalFen: number }>> {
  const rows = await all(reader, q.selectFrom("UnionOrderTotal").select(["unionId", "year", "committedFen", "festivalFen"]));
  // A row that fell back to zero (every order cancelled or moved away) is the same as no row.
  return new Map(
    rows
      .filter((r) => r.committedFen !== 0 || r.festivalFen !== 0)
      .map((r) => [`${r.unionId}/${r.year}`, { committedFen: r.committedFen, festivalFen: r.festivalFen }]),
  );
}

async function expectKeptEqualsRecomputed() {
  const expected = [...(await recomputed())].sort(([a], [b]) => a.localeCompare(b));
  const actual = [...(await kept())].sort(([a], [b]) => a.localeCompare(b));
  expect(actual).toEqual(expected);
}

/**
 * The row triggers on "Order" with their SQL: SQLite's text, or PostgreSQL's definition followed by its function's
 * body. PostgreSQL also has a statement trigger on TRUNCATE (no lists: it empties the totals, which SQLite has no
 * statement for; tests/postgres/union-order-totals.test.ts covers it), hence row triggers only (tgtype bit 0).
 */
const triggerSql =
  reader.dialect === "postgres"
    ? sql<{ name: string; sql: string }>`SELECT t.tgname AS "name", pg_get_triggerdef(t.oid) || ' ' || p.prosrc AS "sql"
        FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE t.tgrelid = '"Order"'::regclass AND NOT t.tgisinternal AND (t.tgtype & 1) = 1`
    : sql<{ name: string; sql: string }>`SELECT "name", "sql" FROM sqlite_master WHERE "type" = 'trigger' AND "tbl_name" = 'Order'`;

let unionIds: number[] = [];
let userId = 0;

beforeAll(async () => {
  await seedDemoBase();
  unionIds = (await all(reader, q.selectFrom("Organization").select("id").where("kind", "=", "GRASSROOTS").orderBy("id").limit(3))).map((r) => r.id);
  userId = (await one(reader, q.selectFrom("User").select("id").orderBy("id").limit(1))).id;
});

describe("the triggers on Order keep UnionOrderTotal equal to a recomputation", () => {
  it("their status and occasion lists are the domain's constants", async () => {
    const triggers = await all(reader, { compile: () => triggerSql.compile(q) });
    expect(triggers.map((t) => t.name).sort()).toEqual(["Order_union_totals_delete", "Order_union_totals_insert", "Order_union_totals_update"]);
    const quoted = (list: readonly string[]) => list.map((s) => `'${s}'`).join(",");
    for (const t of triggers) {
      // PL/pgSQL's function also tests which event fired it (TG_OP IN ('UPDATE', 'DELETE')): not a list of the domain's.
      const lists = [...t.sql.matchAll(/(?<!TG_OP )IN \(([^)]*)\)/g)].map((m) => m[1]);
      expect(lists.length, t.name).toBeGreaterThan(0);
      for (const list of lists) expect([quoted(ENDED_WITHOUT_GOODS), quoted(FESTIVAL_OCCASIONS)], `${t.name}: ${list}`).toContain(list);
    }
  });

  it("under random inserts, updates and deletes across statuses, occasions, unions and China-year boundaries", async () => {
    const operation = orderOperation;
    let sequence = 0;
    const propertyOrders = (c: Connection) =>
      all(c, q.selectFrom("Order").select("id").where("code", "like", "PROP-%").orderBy("id")).then((rows) => rows.map((r) => r.id));
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        // Each statement as its own transaction, as the autocommit statements of a single connection would be.
        for (const op of operations) {
          const ids = await propertyOrders(reader);
          if (op.kind === "insert") {
            sequence++;
            const o = op.order;
            await transaction((tx) =>
              run(
                tx,
                q.insertInto("Order").values({
                  code: `PROP-${sequence}`,
                  unionId: unionIds[o.union],
                  createdById: userId,
                  occasion: o.occasion,
                  status: o.status,
                  totalFen: o.totalFen,
                  certifiedFen: 0,
                  idempotencyKey: `prop-${sequence}`,
                  payloadHash: "",
                  createdAt: instant(o.createdAt),
                }),
              ),
            );
          } else if (ids.length && op.kind === "update") {
            const id = ids[op.pick % ids.length];
            const c = op.change;
            const sets = {
              ...(c.status !== undefined && { status: c.status }),
              ...(c.occasion !== undefined && { occasion: c.occasion }),
              ...(c.totalFen !== undefined && { totalFen: c.totalFen }),
              ...(c.union !== undefined && { unionId: unionIds[c.union] }),
              ...(c.createdAt !== undefined && { createdAt: instant(c.createdAt) }),
            };
            if (!Object.keys(sets).length) continue;
            await transaction((tx) => run(tx, q.updateTable("Order").set(sets).where("id", "=", id)));
          } else if (ids.length && op.kind === "delete") {
            await transaction((tx) => run(tx, q.deleteFrom("Order").where("id", "=", ids[op.pick % ids.length])));
          }
        }
        await expectKeptEqualsRecomputed();
      }),
      { numRuns: 150, seed: 20261201 },
    );
    await transaction((tx) => run(tx, q.deleteFrom("Order").where("code", "like", "PROP-%")));
    await expectKeptEqualsRecomputed();
  });
});

describe("budgetPosition through the real write paths", () => {
  const thisYear = chinaYear(new Date());

  async function actorFor(username: string): Promise<Actor> {
    const user = await db.user.findUniqueOrThrow({ where: { username }, include: { memberships: { include: { org: true } } } });
    const m = user.memberships[0];
    return {
      userId: user.id,
      username,
      name: user.name,
      role: m.role as Actor["role"],
      membershipId: m.id,
      org: { id: m.org.id, name: m.org.name, kind: m.org.kind, path: m.org.path, region: m.org.region },
      supplierId: null,
    };
  }

  /** What budgetPosition summed before the totals were kept, in JavaScript from the union's orders. */
  async function expectPositionRecomputed(unionId: number, year: number) {
    const t = (await recomputed()).get(`${unionId}/${year}`) ?? { committedFen: 0, festivalFen: 0 };
    const position = await budgetPosition(unionId, year);
    expect({ union: unionId, year, committed: position.committedOrdersFen, festival: position.festivalSpentFen }).toEqual({
      union: unionId,
      year,
      committed: t.committedFen,
      festival: t.festivalFen,
    });
  }

  it("submit, cancel and an org-admin merge of two unions keep the buyer's position equal to the recomputation", async () => {
    const hospital = await actorFor("hospital.buyer");
    const school = await actorFor("school.buyer");
    const product = await one(reader, q.selectFrom("Product").select("id").where("active", "=", 1).orderBy("id").limit(1));
    await transaction(async (c) => {
      await run(c, q.updateTable("Product").set({ stock: 100000, minOrderQty: 1 }).where("id", "=", product.id));
      await run(c, q.updateTable("WelfareBudget").set({ blockOverBudget: 0 }));
    });
    // Last year's orders, one on each side of the China new year, so a year rule that slipped would show.
    await insertOrder({
      unionId: school.org.id,
      createdAt: new Date(Date.UTC(thisYear - 1, 11, 31, 15, 59, 59, 999)),
      lines: [{ productId: product.id, quantity: 3, certified: true }],
    });
    await insertOrder({
      unionId: school.org.id,
      createdAt: new Date(Date.UTC(thisYear - 1, 11, 31, 16, 0, 0, 0)),
      lines: [{ productId: product.id, quantity: 4, certified: true }],
    });

    const submit = async (buyer: Actor, token: string, occasion: string, quantity: number) => {
      const outcome = await submitOrder(buyer, {
        token,
        occasion,
        headcount: 320,
        lines: [{ productId: product.id, quantity }],
        packs: [],
        addresses: [{ recipient: "工会办公室", phone: "0914-1234567", address: "商州区北新街 1 号" }],
        note: "",
      });
      expect(outcome.kind, token).toBe("created");
      return outcome.kind === "created" ? outcome.orderId : 0;
    };
    const festivalOrder = await submit(hospital, "totals-1", "MID_AUTUMN", 2);
    await submit(hospital, "totals-2", "UNION_ACTIVITY", 5);
    await submit(school, "totals-3", "SPRING_FESTIVAL", 6);
    const schoolCancelled = await submit(school, "totals-4", "UNION_ACTIVITY", 1);
    for (const union of [hospital.org.id, school.org.id]) for (const year of [thisYear - 1, thisYear]) await expectPositionRecomputed(union, year);
    expect((await budgetPosition(hospital.org.id, thisYear)).festivalSpentFen).toBeGreaterThan(0);

    const before = await budgetPosition(hospital.org.id, thisYear);
    expect(await cancelOrder(hospital, festivalOrder, "买重了")).toBe("ok");
    const after = await budgetPosition(hospital.org.id, thisYear);
    expect(after.festivalSpentFen).toBe(0);
    expect(after.committedOrdersFen).toBeLessThan(before.committedOrdersFen);
    expect(await cancelOrder(school, schoolCancelled, "取消")).toBe("ok");
    for (const union of [hospital.org.id, school.org.id]) for (const year of [thisYear - 1, thisYear]) await expectPositionRecomputed(union, year);

    // Merge the school's union into the hospital's: its orders (UPDATE "Order" SET "unionId") move their totals.
    const survivorBefore = await budgetPosition(hospital.org.id, thisYear);
    const mergedBefore = await budgetPosition(school.org.id, thisYear);
    const cityLeader = await cookieFor("city.leader");
    const response = await responseOf(() =>
      orgAction({
        request: formRequest(`/manage/orgs/${school.org.id}`, { intent: "merge", survivorId: String(hospital.org.id), confirm: "yes" }, cityLeader),
        params: { orgId: String(school.org.id) },
        context: {},
      }),
    );
    expect(response.status).toBe(200);
    const survivorAfter = await budgetPosition(hospital.org.id, thisYear);
    expect(survivorAfter.committedOrdersFen).toBe(survivorBefore.committedOrdersFen + mergedBefore.committedOrdersFen);
    expect(survivorAfter.festivalSpentFen).toBe(survivorBefore.festivalSpentFen + mergedBefore.festivalSpentFen);
    expect((await budgetPosition(school.org.id, thisYear)).committedOrdersFen).toBe(0);
    for (const union of [hospital.org.id, school.org.id]) for (const year of [thisYear - 1, thisYear]) await expectPositionRecomputed(union, year);
    await expectKeptEqualsRecomputed();
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });
});

describe("report:verify checks the kept order totals", () => {
  it("finds a kept total that is off, and one that is missing", async () => {
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
    const row = await one(
      reader,
      q.selectFrom("UnionOrderTotal").select(["unionId", "year", "committedFen", "festivalFen"]).where("festivalFen", ">", 0).limit(1),
    );
    await transaction((tx) =>
      run(
        tx,
        q
          .updateTable("UnionOrderTotal")
          .set((eb) => ({ committedFen: eb("committedFen", "+", 1) }))
          .where("unionId", "=", row.unionId)
          .where("year", "=", row.year),
      ),
    );
    expect((await verifyReportAggregates(reader)).differences).toEqual([
      { table: "UnionOrderTotal", orgId: row.unionId, year: row.year, field: "committedFen", expected: row.committedFen, stored: row.committedFen + 1 },
    ]);
    await transaction((tx) => run(tx, q.deleteFrom("UnionOrderTotal").where("unionId", "=", row.unionId).where("year", "=", row.year)));
    expect((await verifyReportAggregates(reader)).differences).toEqual([
      { table: "UnionOrderTotal", orgId: row.unionId, year: row.year, field: "committedFen", expected: row.committedFen, stored: 0 },
      { table: "UnionOrderTotal", orgId: row.unionId, year: row.year, field: "festivalFen", expected: row.festivalFen, stored: 0 },
    ]);
    await transaction((tx) => run(tx, q.insertInto("UnionOrderTotal").values(row)));
    expect((await verifyReportAggregates(reader)).differences).toEqual([]);
  });
});
