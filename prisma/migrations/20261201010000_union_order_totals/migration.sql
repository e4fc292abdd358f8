-- Kept union-year order totals (docs/decisions/0197-union-order-totals-by-trigger.md): what budgetPosition summed
-- from every live order of the union's China year, kept by triggers on "Order" so every write path keeps it.
-- committedFen: totalFen of live orders (status not in ENDED_WITHOUT_GOODS, app/domain/order-state.ts) created in
-- the China year (UTC+8, no DST: app/domain/china-time.ts); festivalFen: the same for FESTIVAL_OCCASIONS
-- (app/domain/order-builder.ts). The literal lists below are proved equal to those constants by
-- tests/integration/union-order-totals.test.ts. "createdAt" is epoch milliseconds; the China year is that of the
-- UTC calendar 8 hours later.

-- CreateTable
CREATE TABLE "UnionOrderTotal" (
    "unionId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "committedFen" BIGINT NOT NULL DEFAULT 0,
    "festivalFen" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("unionId", "year"),
    CHECK ("committedFen" >= 0),
    CHECK ("festivalFen" >= 0 AND "festivalFen" <= "committedFen")
);

-- Backfill from the orders there are.
INSERT INTO "UnionOrderTotal" ("unionId", "year", "committedFen", "festivalFen")
SELECT "unionId",
       CAST(strftime('%Y', ("createdAt" + 28800000) / 1000, 'unixepoch') AS INTEGER),
       SUM("totalFen"),
       SUM(CASE WHEN "occasion" IN ('SPRING_FESTIVAL','LANTERN','QINGMING','DRAGON_BOAT','MID_AUTUMN','NATIONAL_DAY') THEN "totalFen" ELSE 0 END)
FROM "Order"
WHERE "status" NOT IN ('REJECTED','CANCELLED') AND typeof("createdAt") = 'integer'
GROUP BY 1, 2;

-- An order counts once it is inserted live.
CREATE TRIGGER "Order_union_totals_insert" AFTER INSERT ON "Order"
WHEN NEW."status" NOT IN ('REJECTED','CANCELLED') AND typeof(NEW."createdAt") = 'integer'
BEGIN
  INSERT INTO "UnionOrderTotal" ("unionId", "year", "committedFen", "festivalFen")
  VALUES (
    NEW."unionId",
    CAST(strftime('%Y', (NEW."createdAt" + 28800000) / 1000, 'unixepoch') AS INTEGER),
    NEW."totalFen",
    CASE WHEN NEW."occasion" IN ('SPRING_FESTIVAL','LANTERN','QINGMING','DRAGON_BOAT','MID_AUTUMN','NATIONAL_DAY') THEN NEW."totalFen" ELSE 0 END
  )
  ON CONFLICT ("unionId", "year") DO UPDATE SET
    "committedFen" = "committedFen" + excluded."committedFen",
    "festivalFen" = "festivalFen" + excluded."festivalFen";
END;

-- A change of anything the totals depend on (cancel, reject, a merge moving "unionId"): the old row's
-- contribution out, the new row's in.
CREATE TRIGGER "Order_union_totals_update" AFTER UPDATE OF "status", "totalFen", "unionId", "createdAt", "occasion" ON "Order"
WHEN OLD."status" IS NOT NEW."status" OR OLD."totalFen" IS NOT NEW."totalFen" OR OLD."unionId" IS NOT NEW."unionId"
  OR OLD."createdAt" IS NOT NEW."createdAt" OR OLD."occasion" IS NOT NEW."occasion"
BEGIN
  UPDATE "UnionOrderTotal" SET
    "committedFen" = "committedFen" - OLD."totalFen",
    "festivalFen" = "festivalFen" - CASE WHEN OLD."occasion" IN ('SPRING_FESTIVAL','LANTERN','QINGMING','DRAGON_BOAT','MID_AUTUMN','NATIONAL_DAY') THEN OLD."totalFen" ELSE 0 END
  WHERE OLD."status" NOT IN ('REJECTED','CANCELLED') AND typeof(OLD."createdAt") = 'integer'
    AND "unionId" = OLD."unionId" AND "year" = CAST(strftime('%Y', (OLD."createdAt" + 28800000) / 1000, 'unixepoch') AS INTEGER);
  INSERT INTO "UnionOrderTotal" ("unionId", "year", "committedFen", "festivalFen")
  SELECT
    NEW."unionId",
    CAST(strftime('%Y', (NEW."createdAt" + 28800000) / 1000, 'unixepoch') AS INTEGER),
    NEW."totalFen",
    CASE WHEN NEW."occasion" IN ('SPRING_FESTIVAL','LANTERN','QINGMING','DRAGON_BOAT','MID_AUTUMN','NATIONAL_DAY') THEN NEW."totalFen" ELSE 0 END
  WHERE NEW."status" NOT IN ('REJECTED','CANCELLED') AND typeof(NEW."createdAt") = 'integer'
  ON CONFLICT ("unionId", "year") DO UPDATE SET
    "committedFen" = "committedFen" + excluded."committedFen",
    "festivalFen" = "festivalFen" + excluded."festivalFen";
END;

-- A deleted live order stops counting.
CREATE TRIGGER "Order_union_totals_delete" AFTER DELETE ON "Order"
WHEN OLD."status" NOT IN ('REJECTED','CANCELLED') AND typeof(OLD."createdAt") = 'integer'
BEGIN
  UPDATE "UnionOrderTotal" SET
    "committedFen" = "committedFen" - OLD."totalFen",
    "festivalFen" = "festivalFen" - CASE WHEN OLD."occasion" IN ('SPRING_FESTIVAL','LANTERN','QINGMING','DRAGON_BOAT','MID_AUTUMN','NATIONAL_DAY') THEN OLD."totalFen" ELSE 0 END
  WHERE "unionId" = OLD."unionId" AND "year" = CAST(strftime('%Y', (OLD."createdAt" + 28800000) / 1000, 'unixepoch') AS INTEGER);
END;

-- The campaign an order joins is looked up by occasion among those not yet closed: with this index the lookup
-- starts from Campaign instead of scanning Organization (docs/decisions/0197-union-order-totals-by-trigger.md).
-- CreateIndex
CREATE INDEX "Campaign_occasion_closesAt_idx" ON "Campaign"("occasion", "closesAt");
