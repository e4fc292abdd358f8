-- Issue 18: year over year without reading every unit. For each report node above unions, year and month: how
-- many of its units had P from January through that month above zero, and how many of those have a budget
-- (docs/decisions/0182-period-counts.md). Kept by the ledger; backfilled here from the unions' MONTH breakdowns.

-- CreateTable
CREATE TABLE "ReportPeriodCount" (
    "orgId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "month" INTEGER NOT NULL CHECK ("month" BETWEEN 1 AND 12),
    "unitsBought" INTEGER NOT NULL DEFAULT 0 CHECK ("unitsBought" >= 0),
    "unitsBudgetBought" INTEGER NOT NULL DEFAULT 0 CHECK ("unitsBudgetBought" >= 0 AND "unitsBudgetBought" <= "unitsBought"),

    PRIMARY KEY ("orgId", "year", "month")
);

-- Backfill: the same statements as rebuildReportNodes (app/models/welfare/procurement-ledger.server.ts).
CREATE TEMP TABLE "PeriodReach" AS
  WITH RECURSIVE up("unitId", "nodeId", "kind", "depth") AS (
    SELECT "id", "id", "kind", 0 FROM "Organization" WHERE "kind" IN ('GRASSROOTS', 'PARTNER_UNION') AND "mergedIntoId" IS NULL
    UNION ALL
    SELECT up."unitId", p."id", p."kind", up."depth" + 1
    FROM up JOIN "Organization" c ON c."id" = up."nodeId" JOIN "Organization" p ON p."id" = c."parentId"
    WHERE up."kind" NOT IN ('FEDERATION', 'PARTNER_GROUP')
  )
  SELECT "unitId", "nodeId" FROM up WHERE "depth" > 0;

INSERT INTO "ReportPeriodCount" ("orgId", "year", "month", "unitsBought", "unitsBudgetBought")
  WITH RECURSIVE "months"("m") AS (SELECT 1 UNION ALL SELECT "m" + 1 FROM "months" WHERE "m" < 12),
  "cumulative" AS (
    SELECT b."orgId" AS "unitId", b."year" AS "year", mo."m" AS "month", SUM(b."certifiedFen") AS "fen"
    FROM "ProcurementBreakdown" b JOIN "months" mo ON CAST(b."key" AS INTEGER) <= mo."m"
    WHERE b."dimension" = 'MONTH' AND b."orgId" IN (SELECT "unitId" FROM "PeriodReach")
    GROUP BY b."orgId", b."year", mo."m"
  )
  SELECT r."nodeId", c."year", c."month", SUM(c."fen" > 0), SUM(c."fen" > 0 AND COALESCE(t."budgetFen", 0) > 0)
  FROM "cumulative" c JOIN "PeriodReach" r ON r."unitId" = c."unitId"
  LEFT JOIN "ProcurementTotal" t ON t."orgId" = c."unitId" AND t."year" = c."year"
  GROUP BY r."nodeId", c."year", c."month"
  HAVING SUM(c."fen" > 0) > 0;

DROP TABLE temp."PeriodReach";
