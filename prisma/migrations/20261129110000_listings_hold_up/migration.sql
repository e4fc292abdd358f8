-- Issue 11: listing states (review, welfare-rule enforcement), low-stock threshold, the maintained banned-goods list.
ALTER TABLE "Product" ADD COLUMN "listingState" TEXT NOT NULL DEFAULT 'LIVE'
  CHECK ("listingState" IN ('LIVE', 'WITHDRAWN', 'PENDING_REVIEW', 'REJECTED', 'BANNED') AND ("active" = ("listingState" = 'LIVE')));
ALTER TABLE "Product" ADD COLUMN "stateReason" TEXT;
ALTER TABLE "Product" ADD COLUMN "reviewNote" TEXT;
ALTER TABLE "Product" ADD COLUMN "stateChangedAt" DATETIME;
ALTER TABLE "Product" ADD COLUMN "lowStockThreshold" INTEGER CHECK ("lowStockThreshold" IS NULL OR "lowStockThreshold" >= 0);

UPDATE "Product" SET "listingState" = 'WITHDRAWN' WHERE "active" = 0;

CREATE INDEX "Product_listingState_idx" ON "Product"("listingState");

CREATE TABLE "WelfareBanRule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ruleClass" TEXT NOT NULL CHECK ("ruleClass" IN ('TOBACCO', 'HIGH_END_LIQUOR', 'JEWELLERY', 'SHOPPING_CARD', 'CASH_EQUIVALENT', 'SPIRITS')),
    "kind" TEXT NOT NULL CHECK ("kind" IN ('WORD', 'PATTERN')),
    "value" TEXT NOT NULL CHECK (length("value") BETWEEN 1 AND 100),
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "WelfareBanRule_kind_value_key" ON "WelfareBanRule"("kind", "value");

CREATE TABLE "WelfareEligibilitySetting" (
    "id" INTEGER NOT NULL PRIMARY KEY DEFAULT 1 CHECK ("id" = 1),
    "spiritsCapFenPerBottle" INTEGER NOT NULL DEFAULT 30000 CHECK ("spiritsCapFenPerBottle" > 0 AND "spiritsCapFenPerBottle" <= 100000000),
    "updatedById" INTEGER,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The defaults (shared/docs/domain.md, issue 11). Leaders extend the list at /welfare-rules.
INSERT INTO "WelfareEligibilitySetting" ("id", "spiritsCapFenPerBottle", "updatedAt") VALUES (1, 30000, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
INSERT INTO "WelfareBanRule" ("ruleClass", "kind", "value", "note", "createdAt") VALUES
  ('TOBACCO', 'WORD', '香烟', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('TOBACCO', 'WORD', '卷烟', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('TOBACCO', 'WORD', '烟草', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('TOBACCO', 'WORD', '雪茄', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('TOBACCO', 'WORD', '电子烟', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('TOBACCO', 'PATTERN', '烟(?!熏|台|笋)', '“烟” on its own, but not 烟熏 (smoked), 烟台 (Yantai) or 烟笋', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('HIGH_END_LIQUOR', 'WORD', '茅台', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('HIGH_END_LIQUOR', 'WORD', '五粮液', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('HIGH_END_LIQUOR', 'WORD', '国窖', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('HIGH_END_LIQUOR', 'WORD', '剑南春', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('HIGH_END_LIQUOR', 'WORD', '水井坊', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('HIGH_END_LIQUOR', 'WORD', '梦之蓝', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('HIGH_END_LIQUOR', 'WORD', '青花郎', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SPIRITS', 'WORD', '白酒', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SPIRITS', 'WORD', '烧酒', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SPIRITS', 'WORD', '高粱酒', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SPIRITS', 'WORD', '酱香', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SPIRITS', 'WORD', '浓香型', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SPIRITS', 'WORD', '清香型', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SPIRITS', 'WORD', '二锅头', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SPIRITS', 'WORD', '威士忌', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SPIRITS', 'WORD', '白兰地', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SPIRITS', 'WORD', '伏特加', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SPIRITS', 'WORD', '干邑', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SPIRITS', 'PATTERN', '酒.{0,12}[3-9]\d\s*(度|°)|[3-9]\d\s*(度|°).{0,12}酒', 'a liquor of 30° or more (wine and beer stay allowed)', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('JEWELLERY', 'WORD', '黄金', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('JEWELLERY', 'WORD', '金条', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('JEWELLERY', 'WORD', '金饰', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('JEWELLERY', 'WORD', '足金', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('JEWELLERY', 'WORD', '铂金', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('JEWELLERY', 'WORD', '珠宝', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('JEWELLERY', 'WORD', '首饰', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('JEWELLERY', 'WORD', '钻石', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('JEWELLERY', 'WORD', '翡翠', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SHOPPING_CARD', 'WORD', '购物卡', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SHOPPING_CARD', 'WORD', '充值卡', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SHOPPING_CARD', 'WORD', '礼品卡', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SHOPPING_CARD', 'WORD', '提货券', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SHOPPING_CARD', 'WORD', '提货卡', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SHOPPING_CARD', 'WORD', '储值卡', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SHOPPING_CARD', 'WORD', '消费卡', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('SHOPPING_CARD', 'WORD', '加油卡', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('CASH_EQUIVALENT', 'WORD', '现金', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('CASH_EQUIVALENT', 'WORD', '代金券', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('CASH_EQUIVALENT', 'WORD', '购物券', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('CASH_EQUIVALENT', 'WORD', '礼券', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('CASH_EQUIVALENT', 'WORD', '红包', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('CASH_EQUIVALENT', 'WORD', '话费', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  ('CASH_EQUIVALENT', 'WORD', '有价证券', '', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
