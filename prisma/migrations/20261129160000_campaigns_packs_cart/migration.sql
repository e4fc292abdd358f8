-- Festival campaigns, ready gift packs, the buyer's draft pack, the union address book and saved templates
-- (issue 16; docs/decisions/0160-campaign-window.md, 0161-ready-pack-pricing.md).

-- CreateTable
CREATE TABLE "Campaign" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orgId" INTEGER NOT NULL,
    "occasion" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "opensAt" DATETIME NOT NULL,
    "closesAt" DATETIME NOT NULL,
    "deliverBy" DATETIME NOT NULL,
    "guidancePerMemberFen" INTEGER NOT NULL,
    "capPerMemberFen" INTEGER NOT NULL,
    "targetBasisPoints" INTEGER,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Campaign_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("occasion" IN ('SPRING_FESTIVAL','LANTERN','QINGMING','DRAGON_BOAT','MID_AUTUMN','NATIONAL_DAY','UNION_ACTIVITY','CONDOLENCE')),
    CHECK ("closesAt" > "opensAt"),
    CHECK ("guidancePerMemberFen" > 0 AND "guidancePerMemberFen" <= "capPerMemberFen"),
    CHECK ("capPerMemberFen" > 0 AND "capPerMemberFen" <= 100000000),
    CHECK ("targetBasisPoints" IS NULL OR ("targetBasisPoints" BETWEEN 1 AND 10000))
);
CREATE INDEX "Campaign_orgId_idx" ON "Campaign"("orgId");
CREATE INDEX "Campaign_closesAt_idx" ON "Campaign"("closesAt");

-- CreateTable
CREATE TABLE "GiftPack" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "proposerOrgId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SUBMITTED',
    "reviewNote" TEXT,
    "reviewedById" INTEGER,
    "reviewedAt" DATETIME,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GiftPack_proposerOrgId_fkey" FOREIGN KEY ("proposerOrgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("status" IN ('SUBMITTED','APPROVED','REJECTED','WITHDRAWN'))
);
CREATE UNIQUE INDEX "GiftPack_code_key" ON "GiftPack"("code");
CREATE INDEX "GiftPack_status_idx" ON "GiftPack"("status");
CREATE INDEX "GiftPack_proposerOrgId_idx" ON "GiftPack"("proposerOrgId");

-- CreateTable
CREATE TABLE "GiftPackItem" (
    "packId" INTEGER NOT NULL,
    "productId" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitPriceFen" INTEGER NOT NULL,
    PRIMARY KEY ("packId", "productId"),
    CONSTRAINT "GiftPackItem_packId_fkey" FOREIGN KEY ("packId") REFERENCES "GiftPack" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GiftPackItem_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("quantity" BETWEEN 1 AND 1000),
    CHECK ("unitPriceFen" > 0 AND "unitPriceFen" <= 100000000)
);

-- CreateTable
CREATE TABLE "CampaignItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "campaignId" INTEGER NOT NULL,
    "productId" INTEGER,
    "packId" INTEGER,
    CONSTRAINT "CampaignItem_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CampaignItem_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CampaignItem_packId_fkey" FOREIGN KEY ("packId") REFERENCES "GiftPack" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK (("productId" IS NULL) <> ("packId" IS NULL))
);
CREATE UNIQUE INDEX "CampaignItem_campaignId_productId_key" ON "CampaignItem"("campaignId", "productId");
CREATE UNIQUE INDEX "CampaignItem_campaignId_packId_key" ON "CampaignItem"("campaignId", "packId");

-- CreateTable
CREATE TABLE "DraftPackItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "productId" INTEGER,
    "packId" INTEGER,
    "perMember" INTEGER NOT NULL,
    "addedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DraftPackItem_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DraftPackItem_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DraftPackItem_packId_fkey" FOREIGN KEY ("packId") REFERENCES "GiftPack" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CHECK (("productId" IS NULL) <> ("packId" IS NULL)),
    CHECK ("perMember" BETWEEN 1 AND 100)
);
CREATE UNIQUE INDEX "DraftPackItem_userId_orgId_productId_key" ON "DraftPackItem"("userId", "orgId", "productId");
CREATE UNIQUE INDEX "DraftPackItem_userId_orgId_packId_key" ON "DraftPackItem"("userId", "orgId", "packId");

-- CreateTable
CREATE TABLE "UnionAddress" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orgId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UnionAddress_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "UnionAddress_orgId_idx" ON "UnionAddress"("orgId");
-- At most one default address per union.
CREATE UNIQUE INDEX "UnionAddress_one_default" ON "UnionAddress"("orgId") WHERE "isDefault" = 1;

-- CreateTable
CREATE TABLE "OrderTemplate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orgId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OrderTemplate_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "OrderTemplate_orgId_name_key" ON "OrderTemplate"("orgId", "name");

-- CreateTable
CREATE TABLE "OrderTemplateItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "templateId" INTEGER NOT NULL,
    "productId" INTEGER,
    "packId" INTEGER,
    "perMember" INTEGER NOT NULL,
    CONSTRAINT "OrderTemplateItem_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "OrderTemplate" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CHECK (("productId" IS NULL) <> ("packId" IS NULL)),
    CHECK ("perMember" BETWEEN 1 AND 100)
);
CREATE INDEX "OrderTemplateItem_templateId_idx" ON "OrderTemplateItem"("templateId");

-- AlterTable: orders carry their campaign; lines remember the ready pack they came from.
ALTER TABLE "Order" ADD COLUMN "campaignId" INTEGER REFERENCES "Campaign" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "Order_campaignId_idx" ON "Order"("campaignId");
ALTER TABLE "OrderLine" ADD COLUMN "giftPackId" INTEGER REFERENCES "GiftPack" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
