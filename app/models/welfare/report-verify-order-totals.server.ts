// The kept union-year order totals (UnionOrderTotal: what budgetPosition reads, kept by the triggers on "Order",
// docs/decisions/0197-union-order-totals-by-trigger.md) against a recomputation that shares nothing with the triggers'
// SQL: each China year's orders (inChinaYearSql, the year rule's one SQL home) summed per union, status and occasion,
// then counted with the domain's own isLiveOrder and isFestival. Part of `npm run report:verify`.
import { sql, type SqlBool } from "kysely";
import { isFestival } from "~/domain/order-builder";
import { isLiveOrder } from "~/domain/order-state";
import { chinaYear } from "~/domain/china-time";
import { toFen } from "~/domain/money";
import { inChinaYearSql } from "~/models/rules-sql.server";
import { all, first, q, type Connection } from "~/utils/sql.server";

export interface OrderTotalDifference {
  table: "UnionOrderTotal";
  orgId: number;
  year: number;
  field: "committedFen" | "festivalFen";
  expected: number;
  stored: number;
}

/** Every union-year whose kept totals differ from the recomputation (a missing row counts as zero), and how many rows were read. */
export async function verifyUnionOrderTotals(connection: Connection): Promise<{ differences: OrderTotalDifference[]; checked: number }> {
  const expected = new Map<string, { committedFen: number; festivalFen: number }>();
  const span = await first(
    connection,
    q.selectFrom("Order").select((eb) => [eb.fn.min<number | null>("createdAt").as("first"), eb.fn.max<number | null>("createdAt").as("last")]),
  );
  if (span?.first != null && span.last != null) {
    for (let year = chinaYear(new Date(span.first)); year <= chinaYear(new Date(span.last)); year++) {
      const groups = await all(
        connection,
        q
          .selectFrom("Order")
          .select((eb) => ["unionId", "status", "occasion", eb.fn.sum<number>("totalFen").as("fen")])
          .where(sql.raw<SqlBool>(inChinaYearSql(`"createdAt"`, year)))
          .groupBy(["unionId", "status", "occasion"]),
      );
      for (const g of groups) {
        if (!isLiveOrder(g)) continue;
        const key = `${g.unionId}|${year}`;
        const e = expected.get(key) ?? { committedFen: 0, festivalFen: 0 };
        const fen = toFen(g.fen);
        expected.set(key, { committedFen: e.committedFen + fen, festivalFen: e.festivalFen + (isFestival(g.occasion) ? fen : 0) });
      }
    }
  }

  const differences: OrderTotalDifference[] = [];
  const stored = await all(connection, q.selectFrom("UnionOrderTotal").select(["unionId", "year", "committedFen", "festivalFen"]));
  const seen = new Set<string>();
  for (const s of stored) {
    const key = `${s.unionId}|${s.year}`;
    seen.add(key);
    const e = expected.get(key) ?? { committedFen: 0, festivalFen: 0 };
    for (const field of ["committedFen", "festivalFen"] as const) {
      const kept = toFen(s[field]);
      if (kept !== e[field]) differences.push({ table: "UnionOrderTotal", orgId: s.unionId, year: s.year, field, expected: e[field], stored: kept });
    }
  }
  for (const [key, e] of expected) {
    if (seen.has(key)) continue;
    const [orgId, year] = key.split("|").map(Number);
    for (const field of ["committedFen", "festivalFen"] as const) {
      if (e[field] !== 0) differences.push({ table: "UnionOrderTotal", orgId, year, field, expected: e[field], stored: 0 });
    }
  }
  return { differences, checked: stored.length };
}
