-- Issue 18: per-node report figures (docs/decisions/0180-report-nodes.md). Every report node (union, county,
-- federation, partner group) keeps B, P, the parts of W and its unit counts per year in ProcurementTotal;
-- ReportUnitCount keeps the registered units; ReportStanding indexes each budgeted union's gap and completion
-- under every node above it, for the lagging list and the ranking.

ALTER TABLE "ProcurementTotal" ADD COLUMN "budgetFen" BIGINT NOT NULL DEFAULT 0 CHECK ("budgetFen" >= 0);
ALTER TABLE "ProcurementTotal" ADD COLUMN "offPlatformFen" BIGINT NOT NULL DEFAULT 0 CHECK ("offPlatformFen" >= 0);
ALTER TABLE "ProcurementTotal" ADD COLUMN "unitsWithBudget" INTEGER NOT NULL DEFAULT 0 CHECK ("unitsWithBudget" >= 0);
ALTER TABLE "ProcurementTotal" ADD COLUMN "unitsBought" INTEGER NOT NULL DEFAULT 0 CHECK ("unitsBought" >= 0);
ALTER TABLE "ProcurementTotal" ADD COLUMN "unitsBudgetNoPurchases" INTEGER NOT NULL DEFAULT 0 CHECK ("unitsBudgetNoPurchases" >= 0);

-- CreateTable
CREATE TABLE "ReportUnitCount" (
    "orgId" INTEGER NOT NULL PRIMARY KEY,
    "registered" INTEGER NOT NULL DEFAULT 0 CHECK ("registered" >= 0)
);

-- CreateTable
CREATE TABLE "ReportStanding" (
    "nodeId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "direct" BOOLEAN NOT NULL,
    "gapFen" BIGINT NOT NULL CHECK ("gapFen" >= 0),
    "completion" REAL,

    PRIMARY KEY ("nodeId", "year", "unitId")
);

-- CreateIndex
CREATE INDEX "ReportStanding_nodeId_year_gapFen_unitId_idx" ON "ReportStanding"("nodeId", "year", "gapFen" DESC, "unitId");

-- CreateIndex
CREATE INDEX "ReportStanding_nodeId_year_direct_gapFen_unitId_idx" ON "ReportStanding"("nodeId", "year", "direct", "gapFen" DESC, "unitId");

-- CreateIndex
CREATE INDEX "ReportStanding_nodeId_year_completion_unitId_idx" ON "ReportStanding"("nodeId", "year", "completion" DESC, "unitId");

-- CreateIndex
CREATE INDEX "ReportStanding_unitId_year_idx" ON "ReportStanding"("unitId", "year");

-- Backfill from the sources: the same statements as rebuildReportNodes in app/models/procurement-ledger.server.ts.
-- Union rows: budget, off-platform spending and the 0/1 unit counts from their sources.
UPDATE "ProcurementTotal" SET "budgetFen" = 0, "offPlatformFen" = 0, "unitsWithBudget" = 0, "unitsBought" = 0, "unitsBudgetNoPurchases" = 0;
INSERT INTO "ProcurementTotal" ("orgId", "year", "budgetFen")
  SELECT b."orgId", b."year", b."budgetFen" FROM "WelfareBudget" b JOIN "Organization" o ON o."id" = b."orgId"
  WHERE o."kind" IN ('GRASSROOTS', 'PARTNER_UNION')
  ON CONFLICT ("orgId", "year") DO UPDATE SET "budgetFen" = excluded."budgetFen";
INSERT INTO "ProcurementTotal" ("orgId", "year", "offPlatformFen")
  SELECT s."orgId", s."year", SUM(s."amountFen") FROM "OffPlatformSpending" s JOIN "Organization" o ON o."id" = s."orgId"
  WHERE o."kind" IN ('GRASSROOTS', 'PARTNER_UNION') GROUP BY s."orgId", s."year"
  ON CONFLICT ("orgId", "year") DO UPDATE SET "offPlatformFen" = excluded."offPlatformFen";
UPDATE "ProcurementTotal" SET
    "unitsWithBudget" = ("budgetFen" > 0),
    "unitsBought" = ("certifiedFen" + "otherPlatformFen" > 0),
    "unitsBudgetNoPurchases" = ("budgetFen" > 0 AND "certifiedFen" + "otherPlatformFen" <= 0)
  WHERE "orgId" IN (SELECT "id" FROM "Organization" WHERE "kind" IN ('GRASSROOTS', 'PARTNER_UNION'));
-- Each union with each node its figures roll into: itself, then ancestors up to and including the nearest
-- federation or partner group (the rule of reportingOrgIds in app/domain/procurement-ledger.ts).
DROP TABLE IF EXISTS temp."ReportReach";
CREATE TEMP TABLE "ReportReach" AS
  WITH RECURSIVE up("unitId", "nodeId", "kind", "depth") AS (
    SELECT "id", "id", "kind", 0 FROM "Organization" WHERE "kind" IN ('GRASSROOTS', 'PARTNER_UNION')
    UNION ALL
    SELECT up."unitId", p."id", p."kind", up."depth" + 1
    FROM up JOIN "Organization" c ON c."id" = up."nodeId" JOIN "Organization" p ON p."id" = c."parentId"
    WHERE up."kind" NOT IN ('FEDERATION', 'PARTNER_GROUP')
  )
  SELECT "unitId", "nodeId", "kind", "depth" FROM up;
-- Nodes above unions: sums of their unions' rows.
INSERT INTO "ProcurementTotal" ("orgId", "year", "budgetFen", "offPlatformFen", "unitsWithBudget", "unitsBought", "unitsBudgetNoPurchases")
  SELECT r."nodeId", t."year", SUM(t."budgetFen"), SUM(t."offPlatformFen"), SUM(t."unitsWithBudget"), SUM(t."unitsBought"), SUM(t."unitsBudgetNoPurchases")
  FROM "ReportReach" r JOIN "ProcurementTotal" t ON t."orgId" = r."unitId"
  WHERE r."depth" > 0 GROUP BY r."nodeId", t."year"
  ON CONFLICT ("orgId", "year") DO UPDATE SET "budgetFen" = excluded."budgetFen", "offPlatformFen" = excluded."offPlatformFen",
    "unitsWithBudget" = excluded."unitsWithBudget", "unitsBought" = excluded."unitsBought", "unitsBudgetNoPurchases" = excluded."unitsBudgetNoPurchases";
DELETE FROM "ReportUnitCount";
INSERT INTO "ReportUnitCount" ("orgId", "registered") SELECT "nodeId", COUNT(*) FROM "ReportReach" GROUP BY "nodeId";
-- Standings: gap = max(0, ceil(B × T / 10000) − P), completion = P / ceil(B × T / 10000), as in welfareShare.
DELETE FROM "ReportStanding";
INSERT INTO "ReportStanding" ("nodeId", "year", "unitId", "direct", "gapFen", "completion")
  SELECT r."nodeId", t."year", r."unitId", r."depth" = 1,
         MAX(0, (t."budgetFen" * COALESCE(wp."targetBasisPoints", 3000) + 9999) / 10000 - t."certifiedFen"),
         CASE WHEN (t."budgetFen" * COALESCE(wp."targetBasisPoints", 3000) + 9999) / 10000 > 0
              THEN t."certifiedFen" * 1.0 / ((t."budgetFen" * COALESCE(wp."targetBasisPoints", 3000) + 9999) / 10000) END
  FROM "ReportReach" r
  JOIN "ProcurementTotal" t ON t."orgId" = r."unitId" AND t."budgetFen" > 0
  LEFT JOIN "ReportReach" g ON g."unitId" = r."unitId" AND g."kind" IN ('FEDERATION', 'PARTNER_GROUP')
  LEFT JOIN "WelfarePolicy" wp ON wp."orgId" = g."nodeId" AND wp."year" = t."year"
  WHERE r."depth" > 0;
DROP TABLE temp."ReportReach";

-- Order submission sums a union's committed orders of the year (budget left, festival cap) inside the serialized
-- writer; a covering index answers both sums from the index alone (docs/performance.md).
DROP INDEX "Order_unionId_createdAt_idx";
CREATE INDEX "Order_unionId_createdAt_status_occasion_totalFen_idx" ON "Order"("unionId", "createdAt", "status", "occasion", "totalFen");
