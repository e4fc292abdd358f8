// The PL/pgSQL port of the triggers on "Order" that keep UnionOrderTotal (scripts/postgres-schema.mjs,
// docs/decisions/0197-union-order-totals-by-trigger.md) equals a recomputation with the domain's predicates under
// random inserts, updates and deletes, in a session far from China's time zone; the twin of
// tests/integration/union-order-totals.test.ts. The report check of db:copy finds a kept total that is off.
import fc from "fast-check";
import { orderOperation } from "../support/order-total-cases";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaYear } from "~/domain/china-time";
import { isFestival } from "~/domain/order-builder";
import { isLiveOrder } from "~/domain/order-state";
import { postgresReportDifferences } from "~/models/welfare/report-verify-postgres.server";
import { connect } from "./support";

let client: pg.Client;
let unionIds: number[] = [];

beforeAll(async () => {
  client = await connect();
  await client.query(`SET TIME ZONE 'America/Los_Angeles'`);
  unionIds = [];
  for (const code of ["UOT-1", "UOT-2", "UOT-3"]) {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO "Organization" ("name","kind","code","path") VALUES ($1,'GRASSROOTS',$1,'/') RETURNING "id"`,
      [code],
    );
    await client.query(`UPDATE "Organization" SET "path" = '/' || "id" || '/' WHERE "id" = $1`, [rows[0].id]);
    unionIds.push(rows[0].id);
  }
});
afterAll(() => client.end());

type Totals = Array<[string, { committedFen: number; festivalFen: number }]>;

async function recomputed(): Promise<Totals> {
  const { rows } = await client.query<{ unionId: number; status: string; occasion: string; totalFen: string; createdAt: Date }>(
    `SELECT "unionId","status","occasion","totalFen","createdAt" FROM "Order"`,
  );
  const totals = new Map<string, { committedFen: number; festivalFen: number }>();
  for (const o of rows) {
    if (!isLiveOrder(o)) continue;
    const key = `${o.unionId}/${chinaYear(o.createdAt)}`;
    const t = totals.get(key) ?? { committedFen: 0, festivalFen: 0 };
    totals.set(key, { committedFen: t.committedFen + Number(o.totalFen), festivalFen: t.festivalFen + (isFestival(o.occasion) ? Number(o.totalFen) : 0) });
  }
  return [...totals].sort(([a], [b]) => a.localeCompare(b));
}

async function kept(): Promise<Totals> {
  const { rows } = await client.query<{ unionId: number; year: number; committedFen: string; festivalFen: string }>(
    `SELECT "unionId","year","committedFen","festivalFen" FROM "UnionOrderTotal" WHERE "committedFen" <> 0 OR "festivalFen" <> 0`,
  );
  return rows
    .map((r): Totals[number] => [`${r.unionId}/${r.year}`, { committedFen: Number(r.committedFen), festivalFen: Number(r.festivalFen) }])
    .sort(([a], [b]) => a.localeCompare(b));
}

describe("the PostgreSQL triggers on Order keep UnionOrderTotal equal to a recomputation", () => {
  it("under random inserts, updates and deletes across statuses, occasions, unions and China-year boundaries", async () => {
    const operation = orderOperation;
    let sequence = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
        for (const op of operations) {
          const ids = (await client.query<{ id: number }>(`SELECT "id" FROM "Order" ORDER BY "id"`)).rows.map((r) => r.id);
          if (op.kind === "insert") {
            sequence++;
            const o = op.order;
            await client.query(
              `INSERT INTO "Order" ("code","unionId","createdById","occasion","status","totalFen","certifiedFen","idempotencyKey","payloadHash","createdAt")
               VALUES ($1,$2,1,$3,$4,$5,0,$1,'',$6)`,
              [`PROP-${sequence}`, unionIds[o.union], o.occasion, o.status, o.totalFen, new Date(o.createdAt)],
            );
          } else if (ids.length && op.kind === "update") {
            const c = op.change;
            const sets: Array<[string, unknown]> = [];
            if (c.status !== undefined) sets.push(["status", c.status]);
            if (c.occasion !== undefined) sets.push(["occasion", c.occasion]);
            if (c.totalFen !== undefined) sets.push(["totalFen", c.totalFen]);
            if (c.union !== undefined) sets.push(["unionId", unionIds[c.union]]);
            if (c.createdAt !== undefined) sets.push(["createdAt", new Date(c.createdAt)]);
            if (!sets.length) continue;
            await client.query(`UPDATE "Order" SET ${sets.map(([column], i) => `"${column}" = $${i + 1}`).join(", ")} WHERE "id" = $${sets.length + 1}`, [
              ...sets.map(([, v]) => v),
              ids[op.pick % ids.length],
            ]);
          } else if (ids.length && op.kind === "delete") {
            await client.query(`DELETE FROM "Order" WHERE "id" = $1`, [ids[op.pick % ids.length]]);
          }
        }
        expect(await kept()).toEqual(await recomputed());
      }),
      { numRuns: 60, seed: 20261201 },
    );
    expect((await recomputed()).length).toBeGreaterThan(0);
    expect((await postgresReportDifferences(client)).differences.filter((d) => d.table === "UnionOrderTotal")).toEqual([]);
  });

  it("the report check finds a kept total that is off; TRUNCATE empties the totals with the orders", async () => {
    const { rows } = await client.query<{ unionId: number; year: number; committedFen: string }>(
      `SELECT "unionId","year","committedFen" FROM "UnionOrderTotal" WHERE "committedFen" > 0 ORDER BY 1, 2 LIMIT 1`,
    );
    const row = rows[0];
    await client.query(`UPDATE "UnionOrderTotal" SET "committedFen" = "committedFen" + 1 WHERE "unionId" = $1 AND "year" = $2`, [row.unionId, row.year]);
    const found = (await postgresReportDifferences(client)).differences.filter((d) => d.table === "UnionOrderTotal");
    expect(found).toEqual([
      expect.objectContaining({
        orgId: row.unionId,
        year: row.year,
        field: "committedFen",
        expected: row.committedFen,
        stored: String(BigInt(row.committedFen) + 1n),
      }),
    ]);
    await client.query(`TRUNCATE "Order" CASCADE`);
    expect((await client.query(`SELECT 1 FROM "UnionOrderTotal"`)).rows).toEqual([]);
  });
});
