// The PostgreSQL twin of the recomputation behind `npm run report:verify` (report-verify.server.ts with
// recomputeUnionFigures in procurement-ledger.server.ts): every union's figures recomputed from order lines, refund
// lines, budgets and off-platform spending, rolled up to the nodes it reports to, and compared in ONE query with the
// kept rows — ProcurementTotal (figures and unit counts), ReportUnitCount, ReportStanding and ProcurementBreakdown;
// and a second query for the union-year order totals the triggers on "Order" keep (UnionOrderTotal, ADR 0197).
// Not ported: the headline check (target, gap, completion, grade from a node's kept row against the ratio of sums
// over its units), which report:verify does in TypeScript from the same figures. Used by `npm run db:copy` to prove
// a copied database (docs/decisions/0193-db-copy.md); the app's own report:verify still runs on SQLite only.
//
// The rules, as in the SQLite recomputation and the domain functions it mirrors:
// - a buying unit is a GRASSROOTS or PARTNER_UNION organisation not merged into another;
// - a paid line counts in the China year of its order's payment (UTC + 8 hours, as SQLite's strftime does), certified
//   or other platform by `certifiedOnOrderDate`; a succeeded refund line takes its part back in the same year;
// - an organisation reports to itself and its ancestors (its path) up to and including the nearest federation or
//   partner group (reportingOrgIds);
// - a union's flags: with budget (B > 0), bought (certified + other > 0), budget but no purchases (unitFlags);
// - a standing per budgeted unit under every node above it: target = ceil(B × T / 10000) with T the governing
//   node's policy for the year (3000 basis points without one), gap = max(0, target − P), completion = P / target
//   (NULL when the target is 0), direct when the node is the unit's parent (unitStanding);
// - breakdowns of certified lines only, keyed by China month, category, origin county, village ('-' when none),
//   supplier and trade role, for every organisation that has orders (merged or not), like the SQLite one.

import { FESTIVAL_OCCASIONS } from "~/domain/order-builder";
import { liveOrderSql, sqlList } from "~/models/rules-sql.server";

export interface ReportDifferencePg {
  table: "ProcurementTotal" | "ReportUnitCount" | "ReportStanding" | "ProcurementBreakdown" | "UnionOrderTotal";
  orgId: number;
  year: number | null;
  unitId: number | null;
  dimension: string | null;
  key: string | null;
  field: string;
  expected: string | null;
  stored: string | null;
}

export interface ReportCheckCounts {
  orderTotals: number;
  totals: number;
  unitCounts: number;
  standings: number;
  breakdowns: number;
}

/** The one PostgreSQL query this module runs for its differences: one row per kept value that differs. */
export const REPORT_DIFFERENCES_POSTGRES_SQL = `
WITH RECURSIVE
chain AS (
  SELECT o."id" AS "orgId", a."node"::integer AS "nodeId",
         array_length(string_to_array(trim(BOTH '/' FROM o."path"), '/'), 1) - a."ord" AS "depth"
  FROM "Organization" o
  CROSS JOIN LATERAL unnest(string_to_array(trim(BOTH '/' FROM o."path"), '/')) WITH ORDINALITY AS a("node", "ord")
),
chain_kind AS (
  SELECT c.*, n."kind",
         MIN(CASE WHEN n."kind" IN ('FEDERATION', 'PARTNER_GROUP') THEN c."depth" END) OVER (PARTITION BY c."orgId") AS "stopAt"
  FROM chain c LEFT JOIN "Organization" n ON n."id" = c."nodeId"
),
reach AS (
  SELECT "orgId", "nodeId", "kind", "depth" FROM chain_kind WHERE "stopAt" IS NULL OR "depth" <= "stopAt"
),
units AS (
  SELECT "id" FROM "Organization" WHERE "kind" IN ('GRASSROOTS', 'PARTNER_UNION') AND "mergedIntoId" IS NULL
),
unit_reach AS (
  SELECT r.* FROM reach r JOIN units u ON u."id" = r."orgId"
),
signed_lines AS (
  SELECT o."unionId", o."paidAt", l."category", l."originCounty", l."originVillageId", l."supplierId", l."supplierTradeRole",
         l."certifiedOnOrderDate" AS "certified", l."amountFen"::bigint AS "amount", 1 AS "lines"
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
  WHERE o."paidAt" IS NOT NULL
  UNION ALL
  SELECT o."unionId", o."paidAt", l."category", l."originCounty", l."originVillageId", l."supplierId", l."supplierTradeRole",
         l."certifiedOnOrderDate", -rl."amountFen"::bigint, -1
  FROM "RefundLine" rl JOIN "Refund" r ON r."id" = rl."refundId" JOIN "OrderLine" l ON l."id" = rl."orderLineId"
  JOIN "Order" o ON o."id" = l."orderId"
  WHERE r."status" = 'SUCCEEDED' AND o."paidAt" IS NOT NULL
),
china_lines AS (
  SELECT s.*, (s."paidAt" AT TIME ZONE 'UTC') + INTERVAL '8 hours' AS "chinaTime" FROM signed_lines s
),
unit_sources AS (
  SELECT "unionId" AS "orgId", EXTRACT(YEAR FROM "chinaTime")::integer AS "year",
         CASE WHEN "certified" THEN "amount" ELSE 0 END AS "certifiedFen",
         CASE WHEN "certified" THEN 0 ELSE "amount" END AS "otherPlatformFen",
         0::bigint AS "budgetFen", 0::bigint AS "offPlatformFen", "lines" AS "paidLineCount"
  FROM china_lines
  UNION ALL
  SELECT "orgId", "year", 0, 0, "budgetFen"::bigint, 0, 0 FROM "WelfareBudget"
  UNION ALL
  SELECT "orgId", "year", 0, 0, 0, "amountFen"::bigint, 0 FROM "OffPlatformSpending"
),
unit_figures AS (
  SELECT s."orgId", s."year", SUM(s."budgetFen")::bigint AS "budgetFen", SUM(s."certifiedFen")::bigint AS "certifiedFen",
         SUM(s."otherPlatformFen")::bigint AS "otherPlatformFen", SUM(s."offPlatformFen")::bigint AS "offPlatformFen",
         SUM(s."paidLineCount")::bigint AS "paidLineCount"
  FROM unit_sources s JOIN units u ON u."id" = s."orgId"
  GROUP BY s."orgId", s."year"
),
unit_rows AS (
  SELECT f.*,
         CASE WHEN f."budgetFen" > 0 THEN 1 ELSE 0 END AS "unitsWithBudget",
         CASE WHEN f."certifiedFen" + f."otherPlatformFen" > 0 THEN 1 ELSE 0 END AS "unitsBought",
         CASE WHEN f."budgetFen" > 0 AND f."certifiedFen" + f."otherPlatformFen" <= 0 THEN 1 ELSE 0 END AS "unitsBudgetNoPurchases"
  FROM unit_figures f
),
expected_totals AS (
  SELECT r."nodeId" AS "orgId", u."year",
         SUM(u."budgetFen") AS "budgetFen", SUM(u."certifiedFen") AS "certifiedFen", SUM(u."otherPlatformFen") AS "otherPlatformFen",
         SUM(u."offPlatformFen") AS "offPlatformFen", SUM(u."paidLineCount") AS "paidLineCount",
         SUM(u."unitsWithBudget") AS "unitsWithBudget", SUM(u."unitsBought") AS "unitsBought",
         SUM(u."unitsBudgetNoPurchases") AS "unitsBudgetNoPurchases"
  FROM unit_rows u JOIN unit_reach r ON r."orgId" = u."orgId"
  GROUP BY r."nodeId", u."year"
),
totals_joined AS (
  SELECT COALESCE(s."orgId", e."orgId") AS "orgId", COALESCE(s."year", e."year") AS "year", s."orgId" IS NOT NULL AS "kept",
         COALESCE(e."budgetFen", 0) AS "e_budgetFen", COALESCE(s."budgetFen", 0) AS "s_budgetFen",
         COALESCE(e."certifiedFen", 0) AS "e_certifiedFen", COALESCE(s."certifiedFen", 0) AS "s_certifiedFen",
         COALESCE(e."otherPlatformFen", 0) AS "e_otherPlatformFen", COALESCE(s."otherPlatformFen", 0) AS "s_otherPlatformFen",
         COALESCE(e."offPlatformFen", 0) AS "e_offPlatformFen", COALESCE(s."offPlatformFen", 0) AS "s_offPlatformFen",
         COALESCE(e."paidLineCount", 0) AS "e_paidLineCount", COALESCE(s."paidLineCount", 0) AS "s_paidLineCount",
         COALESCE(e."unitsWithBudget", 0) AS "e_unitsWithBudget", COALESCE(s."unitsWithBudget", 0) AS "s_unitsWithBudget",
         COALESCE(e."unitsBought", 0) AS "e_unitsBought", COALESCE(s."unitsBought", 0) AS "s_unitsBought",
         COALESCE(e."unitsBudgetNoPurchases", 0) AS "e_unitsBudgetNoPurchases", COALESCE(s."unitsBudgetNoPurchases", 0) AS "s_unitsBudgetNoPurchases"
  FROM "ProcurementTotal" s FULL JOIN expected_totals e ON e."orgId" = s."orgId" AND e."year" = s."year"
),
total_differences AS (
  SELECT 'ProcurementTotal' AS "table", t."orgId", t."year", NULL::integer AS "unitId", NULL::text AS "dimension", NULL::text AS "key",
         v."field", v."expected"::text AS "expected", v."stored"::text AS "stored"
  FROM totals_joined t
  CROSS JOIN LATERAL (VALUES
    ('budgetFen', t."e_budgetFen"::numeric, t."s_budgetFen"::numeric),
    ('certifiedFen', t."e_certifiedFen", t."s_certifiedFen"),
    ('otherPlatformFen', t."e_otherPlatformFen", t."s_otherPlatformFen"),
    ('offPlatformFen', t."e_offPlatformFen", t."s_offPlatformFen"),
    ('paidLineCount', t."e_paidLineCount", t."s_paidLineCount"),
    ('unitsWithBudget', t."e_unitsWithBudget", t."s_unitsWithBudget"),
    ('unitsBought', t."e_unitsBought", t."s_unitsBought"),
    ('unitsBudgetNoPurchases', t."e_unitsBudgetNoPurchases", t."s_unitsBudgetNoPurchases")
  ) AS v("field", "expected", "stored")
  WHERE v."expected" IS DISTINCT FROM v."stored"
),
expected_registered AS (
  SELECT "nodeId" AS "orgId", COUNT(*) AS "registered" FROM unit_reach GROUP BY "nodeId"
),
registered_differences AS (
  SELECT 'ReportUnitCount', COALESCE(s."orgId", e."orgId"), NULL::integer, NULL::integer, NULL::text, NULL::text, 'registered',
         COALESCE(e."registered", 0)::text, COALESCE(s."registered", 0)::text
  FROM "ReportUnitCount" s FULL JOIN expected_registered e ON e."orgId" = s."orgId"
  WHERE COALESCE(e."registered", 0) <> COALESCE(s."registered", 0)
),
governing_target AS (
  SELECT u."orgId", u."year", COALESCE(wp."targetBasisPoints", 3000)::bigint AS "basisPoints"
  FROM unit_rows u
  LEFT JOIN unit_reach g ON g."orgId" = u."orgId" AND g."kind" IN ('FEDERATION', 'PARTNER_GROUP')
  LEFT JOIN "WelfarePolicy" wp ON wp."orgId" = g."nodeId" AND wp."year" = u."year"
),
unit_targets AS (
  SELECT u."orgId", u."year", u."certifiedFen", (u."budgetFen" * t."basisPoints" + 9999) / 10000 AS "targetFen"
  FROM unit_rows u JOIN governing_target t ON t."orgId" = u."orgId" AND t."year" = u."year"
  WHERE u."budgetFen" > 0
),
expected_standings AS (
  SELECT r."nodeId", t."year", t."orgId" AS "unitId", r."depth" = 1 AS "direct",
         GREATEST(0, t."targetFen" - t."certifiedFen") AS "gapFen",
         CASE WHEN t."targetFen" > 0 THEN t."certifiedFen"::double precision / t."targetFen" END AS "completion"
  FROM unit_targets t JOIN unit_reach r ON r."orgId" = t."orgId" AND r."depth" > 0
),
standings_joined AS (
  SELECT COALESCE(s."nodeId", e."nodeId") AS "nodeId", COALESCE(s."year", e."year") AS "year", COALESCE(s."unitId", e."unitId") AS "unitId",
         s."nodeId" IS NOT NULL AS "kept", e."nodeId" IS NOT NULL AS "expected",
         e."gapFen" AS "e_gapFen", s."gapFen" AS "s_gapFen", e."completion" AS "e_completion", s."completion" AS "s_completion",
         e."direct" AS "e_direct", s."direct" AS "s_direct"
  FROM "ReportStanding" s FULL JOIN expected_standings e ON e."nodeId" = s."nodeId" AND e."year" = s."year" AND e."unitId" = s."unitId"
),
standing_differences AS (
  SELECT 'ReportStanding', t."nodeId", t."year", t."unitId", NULL::text, NULL::text, v."field", v."expected", v."stored"
  FROM standings_joined t
  CROSS JOIN LATERAL (VALUES
    ('row', CASE WHEN t."expected" THEN 'present' END, CASE WHEN t."kept" THEN 'present' END),
    ('gapFen', t."e_gapFen"::text, t."s_gapFen"::text),
    ('completion', t."e_completion"::text, t."s_completion"::text),
    ('direct', t."e_direct"::text, t."s_direct"::text)
  ) AS v("field", "expected", "stored")
  WHERE CASE WHEN t."expected" AND t."kept" THEN v."field" <> 'row' ELSE v."field" = 'row' END
    AND v."expected" IS DISTINCT FROM v."stored"
),
keyed_lines AS (
  SELECT l."unionId", EXTRACT(YEAR FROM l."chinaTime")::integer AS "year", k."dimension", k."key", l."amount", l."lines"
  FROM china_lines l
  CROSS JOIN LATERAL (VALUES
    ('MONTH', to_char(l."chinaTime", 'MM')),
    ('CATEGORY', l."category"),
    ('COUNTY', l."originCounty"),
    ('VILLAGE', COALESCE(l."originVillageId"::text, '-')),
    ('SUPPLIER', l."supplierId"::text),
    ('TRADE_ROLE', l."supplierTradeRole")
  ) AS k("dimension", "key")
  WHERE l."certified"
),
union_breakdowns AS (
  SELECT "unionId", "year", "dimension", "key", SUM("amount") AS "certifiedFen", SUM("lines") AS "lineCount"
  FROM keyed_lines GROUP BY "unionId", "year", "dimension", "key"
),
expected_breakdowns AS (
  SELECT r."nodeId" AS "orgId", b."year", b."dimension", b."key", SUM(b."certifiedFen") AS "certifiedFen", SUM(b."lineCount") AS "lineCount"
  FROM union_breakdowns b JOIN reach r ON r."orgId" = b."unionId"
  GROUP BY r."nodeId", b."year", b."dimension", b."key"
),
breakdown_differences AS (
  SELECT 'ProcurementBreakdown', COALESCE(s."orgId", e."orgId"), COALESCE(s."year", e."year"), NULL::integer,
         COALESCE(s."dimension", e."dimension"), COALESCE(s."key", e."key"), v."field", v."expected"::text, v."stored"::text
  FROM "ProcurementBreakdown" s
  FULL JOIN expected_breakdowns e ON e."orgId" = s."orgId" AND e."year" = s."year" AND e."dimension" = s."dimension" AND e."key" = s."key"
  CROSS JOIN LATERAL (VALUES
    ('certifiedFen', COALESCE(e."certifiedFen", 0)::numeric, COALESCE(s."certifiedFen", 0)::numeric),
    ('lineCount', COALESCE(e."lineCount", 0), COALESCE(s."lineCount", 0))
  ) AS v("field", "expected", "stored")
  WHERE v."expected" <> v."stored"
)
SELECT * FROM total_differences
UNION ALL SELECT * FROM registered_differences
UNION ALL SELECT * FROM standing_differences
UNION ALL SELECT * FROM breakdown_differences
ORDER BY 1, 2, 3, 4, 5, 6, 7
`;

/**
 * The union-year order totals recomputed from "Order" — live orders (liveOrderSql) of the China year (UTC + 8 hours),
 * festival occasions from FESTIVAL_OCCASIONS — against the kept UnionOrderTotal rows; a missing row counts as zero.
 */
export const ORDER_TOTAL_DIFFERENCES_POSTGRES_SQL = `
WITH expected AS (
  SELECT "unionId", EXTRACT(YEAR FROM ("createdAt" AT TIME ZONE 'UTC') + INTERVAL '8 hours')::integer AS "year",
         SUM("totalFen")::bigint AS "committedFen",
         SUM(CASE WHEN "occasion" IN (${sqlList(FESTIVAL_OCCASIONS)}) THEN "totalFen" ELSE 0 END)::bigint AS "festivalFen"
  FROM "Order" WHERE ${liveOrderSql()}
  GROUP BY 1, 2
),
compared AS (
  SELECT COALESCE(e."unionId", k."unionId") AS "orgId", COALESCE(e."year", k."year") AS "year",
         COALESCE(e."committedFen", 0) AS "expectedCommitted", COALESCE(k."committedFen", 0) AS "storedCommitted",
         COALESCE(e."festivalFen", 0) AS "expectedFestival", COALESCE(k."festivalFen", 0) AS "storedFestival"
  FROM expected e FULL JOIN "UnionOrderTotal" k ON k."unionId" = e."unionId" AND k."year" = e."year"
)
SELECT 'UnionOrderTotal' AS "table", "orgId", "year", NULL::integer AS "unitId", NULL::text AS "dimension", NULL::text AS "key",
       'committedFen' AS "field", "expectedCommitted"::text AS "expected", "storedCommitted"::text AS "stored"
FROM compared WHERE "expectedCommitted" <> "storedCommitted"
UNION ALL
SELECT 'UnionOrderTotal', "orgId", "year", NULL, NULL, NULL, 'festivalFen', "expectedFestival"::text, "storedFestival"::text
FROM compared WHERE "expectedFestival" <> "storedFestival"
ORDER BY 2, 3, 7`;

/** What db:copy needs of a PostgreSQL client (pg's Client and PoolClient have it). */
export interface PgQueryable {
  query<R extends object>(text: string): Promise<{ rows: R[] }>;
}

interface DifferenceRow {
  table: ReportDifferencePg["table"];
  orgId: number;
  year: number | null;
  unitId: number | null;
  dimension: string | null;
  key: string | null;
  field: string;
  expected: string | null;
  stored: string | null;
}

/**
 * Every kept report value on this PostgreSQL database that differs from its recomputation from the sources, and how
 * many kept rows were checked per table.
 */
export async function postgresReportDifferences(client: PgQueryable): Promise<{ differences: ReportDifferencePg[]; checked: ReportCheckCounts }> {
  const { rows } = await client.query<DifferenceRow>(REPORT_DIFFERENCES_POSTGRES_SQL);
  const orderTotals = await client.query<DifferenceRow>(ORDER_TOTAL_DIFFERENCES_POSTGRES_SQL);
  const counts = await client.query<{ orderTotals: string; totals: string; unitCounts: string; standings: string; breakdowns: string }>(
    `SELECT (SELECT COUNT(*) FROM "UnionOrderTotal") AS "orderTotals", (SELECT COUNT(*) FROM "ProcurementTotal") AS "totals", (SELECT COUNT(*) FROM "ReportUnitCount") AS "unitCounts",
            (SELECT COUNT(*) FROM "ReportStanding") AS "standings", (SELECT COUNT(*) FROM "ProcurementBreakdown") AS "breakdowns"`,
  );
  const c = counts.rows[0];
  return {
    differences: [...rows, ...orderTotals.rows],
    checked: {
      orderTotals: Number(c.orderTotals),
      totals: Number(c.totals),
      unitCounts: Number(c.unitCounts),
      standings: Number(c.standings),
      breakdowns: Number(c.breakdowns),
    },
  };
}
