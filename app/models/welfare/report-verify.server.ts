// Recomputes every kept-current report aggregate from the order lines and compares it with what is stored.
// The grouping runs in SQL (bounded output even for 1M lines); propagation to ancestors uses the same pure
// reportingOrgIds as the ledger. Takes a connection so it can check any database file.
import type Database from "better-sqlite3";
import { BREAKDOWN_DIMENSIONS, reportingOrgIds, type BreakdownDimension } from "~/domain/procurement-ledger";

// China year and month of an epoch-ms column: +8 hours, then calendar fields in UTC.
const YEAR = (col: string) => `CAST(strftime('%Y', (${col}) / 1000 + 28800, 'unixepoch') AS INTEGER)`;
const MONTH = (col: string) => `strftime('%m', (${col}) / 1000 + 28800, 'unixepoch')`;

const DIMENSION_KEY: Record<BreakdownDimension, string> = {
  MONTH: MONTH(`o."paidAt"`),
  CATEGORY: `l."category"`,
  COUNTY: `l."originCounty"`,
  VILLAGE: `COALESCE(CAST(l."originVillageId" AS TEXT), '-')`,
  SUPPLIER: `CAST(l."supplierId" AS TEXT)`,
  TRADE_ROLE: `l."supplierTradeRole"`,
};

export interface Difference {
  table: "ProcurementTotal" | "ProcurementBreakdown";
  orgId: number;
  year: number;
  dimension?: string;
  key?: string;
  field: string;
  expected: number;
  stored: number;
}

export function verifyReportAggregates(connection: Database.Database): { differences: Difference[]; checkedTotals: number; checkedBreakdowns: number } {
  const orgs = connection.prepare(`SELECT "id", "kind", "path" FROM "Organization"`).all() as Array<{ id: number; kind: string; path: string }>;
  const kinds = new Map(orgs.map((o) => [o.id, o.kind]));
  const ancestryCache = new Map<number, number[]>();
  const reportingOrgs = (unionId: number) => {
    let ids = ancestryCache.get(unionId);
    if (!ids) {
      const path = orgs.find((o) => o.id === unionId)?.path ?? `/${unionId}/`;
      ids = reportingOrgIds(path.split("/").filter(Boolean).map(Number), kinds);
      ancestryCache.set(unionId, ids);
    }
    return ids;
  };

  // Totals: paid lines minus succeeded refund lines, per union and China year of the order's payment.
  const expectedTotals = new Map<string, { certifiedFen: number; otherPlatformFen: number; paidLineCount: number }>();
  const addTotal = (unionId: number, year: number, certifiedFen: number, otherFen: number, lines: number) => {
    for (const orgId of reportingOrgs(unionId)) {
      const key = `${orgId}|${year}`;
      const row = expectedTotals.get(key) ?? { certifiedFen: 0, otherPlatformFen: 0, paidLineCount: 0 };
      row.certifiedFen += certifiedFen;
      row.otherPlatformFen += otherFen;
      row.paidLineCount += lines;
      expectedTotals.set(key, row);
    }
  };
  const paid = connection
    .prepare(
      `SELECT o."unionId" AS "unionId", ${YEAR(`o."paidAt"`)} AS "year",
              SUM(CASE WHEN l."certifiedOnOrderDate" = 1 THEN l."amountFen" ELSE 0 END) AS "certified",
              SUM(CASE WHEN l."certifiedOnOrderDate" = 1 THEN 0 ELSE l."amountFen" END) AS "other", COUNT(*) AS "lines"
       FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId" WHERE o."paidAt" IS NOT NULL GROUP BY 1, 2`,
    )
    .all() as Array<{ unionId: number; year: number; certified: number; other: number; lines: number }>;
  for (const r of paid) addTotal(r.unionId, r.year, r.certified, r.other, r.lines);
  const refunded = connection
    .prepare(
      `SELECT o."unionId" AS "unionId", ${YEAR(`o."paidAt"`)} AS "year",
              SUM(CASE WHEN l."certifiedOnOrderDate" = 1 THEN rl."amountFen" ELSE 0 END) AS "certified",
              SUM(CASE WHEN l."certifiedOnOrderDate" = 1 THEN 0 ELSE rl."amountFen" END) AS "other", COUNT(*) AS "lines"
       FROM "RefundLine" rl JOIN "Refund" r ON r."id" = rl."refundId" JOIN "OrderLine" l ON l."id" = rl."orderLineId"
       JOIN "Order" o ON o."id" = l."orderId"
       WHERE r."status" = 'SUCCEEDED' AND o."paidAt" IS NOT NULL GROUP BY 1, 2`,
    )
    .all() as Array<{ unionId: number; year: number; certified: number; other: number; lines: number }>;
  for (const r of refunded) addTotal(r.unionId, r.year, -r.certified, -r.other, -r.lines);

  // Breakdowns: certified lines only, one grouped query per dimension.
  const expectedBreakdowns = new Map<string, { certifiedFen: number; lineCount: number }>();
  for (const dimension of BREAKDOWN_DIMENSIONS) {
    const key = DIMENSION_KEY[dimension];
    const rows = connection
      .prepare(
        `SELECT "unionId", "year", "key", SUM("amount") AS "amount", SUM("lines") AS "lines" FROM (
           SELECT o."unionId" AS "unionId", ${YEAR(`o."paidAt"`)} AS "year", ${key} AS "key", l."amountFen" AS "amount", 1 AS "lines"
           FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
           WHERE o."paidAt" IS NOT NULL AND l."certifiedOnOrderDate" = 1
           UNION ALL
           SELECT o."unionId", ${YEAR(`o."paidAt"`)}, ${key}, -rl."amountFen", -1
           FROM "RefundLine" rl JOIN "Refund" r ON r."id" = rl."refundId" JOIN "OrderLine" l ON l."id" = rl."orderLineId"
           JOIN "Order" o ON o."id" = l."orderId"
           WHERE r."status" = 'SUCCEEDED' AND o."paidAt" IS NOT NULL AND l."certifiedOnOrderDate" = 1
         ) GROUP BY 1, 2, 3`,
      )
      .all() as Array<{ unionId: number; year: number; key: string; amount: number; lines: number }>;
    for (const r of rows) {
      for (const orgId of reportingOrgs(r.unionId)) {
        const mapKey = `${orgId}|${r.year}|${dimension}|${r.key}`;
        const row = expectedBreakdowns.get(mapKey) ?? { certifiedFen: 0, lineCount: 0 };
        row.certifiedFen += r.amount;
        row.lineCount += r.lines;
        expectedBreakdowns.set(mapKey, row);
      }
    }
  }

  const differences: Difference[] = [];
  const storedTotals = connection.prepare(`SELECT "orgId","year","certifiedFen","otherPlatformFen","paidLineCount" FROM "ProcurementTotal"`).all() as Array<{
    orgId: number; year: number; certifiedFen: number; otherPlatformFen: number; paidLineCount: number;
  }>;
  const seenTotals = new Set<string>();
  for (const s of storedTotals) {
    const key = `${s.orgId}|${s.year}`;
    seenTotals.add(key);
    const e = expectedTotals.get(key) ?? { certifiedFen: 0, otherPlatformFen: 0, paidLineCount: 0 };
    for (const field of ["certifiedFen", "otherPlatformFen", "paidLineCount"] as const) {
      if (e[field] !== s[field]) differences.push({ table: "ProcurementTotal", orgId: s.orgId, year: s.year, field, expected: e[field], stored: s[field] });
    }
  }
  for (const [key, e] of expectedTotals) {
    if (seenTotals.has(key) || (e.certifiedFen === 0 && e.otherPlatformFen === 0 && e.paidLineCount === 0)) continue;
    const [orgId, year] = key.split("|").map(Number);
    differences.push({ table: "ProcurementTotal", orgId, year, field: "certifiedFen", expected: e.certifiedFen, stored: 0 });
  }
  const storedBreakdowns = connection.prepare(`SELECT "orgId","year","dimension","key","certifiedFen","lineCount" FROM "ProcurementBreakdown"`).all() as Array<{
    orgId: number; year: number; dimension: string; key: string; certifiedFen: number; lineCount: number;
  }>;
  const seenBreakdowns = new Set<string>();
  for (const s of storedBreakdowns) {
    const key = `${s.orgId}|${s.year}|${s.dimension}|${s.key}`;
    seenBreakdowns.add(key);
    const e = expectedBreakdowns.get(key) ?? { certifiedFen: 0, lineCount: 0 };
    for (const field of ["certifiedFen", "lineCount"] as const) {
      if (e[field] !== s[field]) differences.push({ table: "ProcurementBreakdown", orgId: s.orgId, year: s.year, dimension: s.dimension, key: s.key, field, expected: e[field], stored: s[field] });
    }
  }
  for (const [key, e] of expectedBreakdowns) {
    if (seenBreakdowns.has(key) || (e.certifiedFen === 0 && e.lineCount === 0)) continue;
    const [orgId, year, dimension, k] = key.split("|");
    differences.push({ table: "ProcurementBreakdown", orgId: Number(orgId), year: Number(year), dimension, key: k, field: "certifiedFen", expected: e.certifiedFen, stored: 0 });
  }
  return { differences, checkedTotals: storedTotals.length, checkedBreakdowns: storedBreakdowns.length };
}
