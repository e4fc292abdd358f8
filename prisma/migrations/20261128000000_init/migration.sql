-- CreateTable
CREATE TABLE "Organization" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "parentId" INTEGER,
    "path" TEXT NOT NULL,
    "region" TEXT,
    "contactName" TEXT,
    "contactPhone" TEXT,
    "approvalThresholdFen" BIGINT NOT NULL DEFAULT 5000000,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Organization_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CHECK ("kind" IN ('PLATFORM','FEDERATION','COUNTY','GRASSROOTS','PARTNER_GROUP','PARTNER_UNION','SUPPLIER')),
    CHECK ("approvalThresholdFen" >= 0)
);

-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'zh-CN',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("role" IN ('BUYER','APPROVER','SUPPLIER','LEADER','FINANCE','ADMIN'))
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" INTEGER NOT NULL,
    "membershipId" INTEGER NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Village" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "township" TEXT NOT NULL,
    "county" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Supplier" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orgId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "tradeRole" TEXT NOT NULL,
    "county" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "ratingSum" INTEGER NOT NULL DEFAULT 0,
    "ratingCount" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Supplier_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("kind" IN ('COOPERATIVE','COMMUNITY_FACTORY','ENTERPRISE','HOUSEHOLD')),
    CHECK ("tradeRole" IN ('PRODUCER','TRADING_AGENT')),
    CHECK ("ratingSum" >= 0),
    CHECK ("ratingCount" >= 0)
);

-- CreateTable
CREATE TABLE "SupplierVillage" (
    "supplierId" INTEGER NOT NULL,
    "villageId" INTEGER NOT NULL,
    "householdsBenefited" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("supplierId", "villageId"),
    CONSTRAINT "SupplierVillage_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "Supplier" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SupplierVillage_villageId_fkey" FOREIGN KEY ("villageId") REFERENCES "Village" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("householdsBenefited" >= 0)
);

-- CreateTable
CREATE TABLE "Product" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "supplierId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "category" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "priceFen" INTEGER NOT NULL,
    "marketPriceFen" INTEGER,
    "stock" INTEGER NOT NULL DEFAULT 0,
    "minOrderQty" INTEGER NOT NULL DEFAULT 1,
    "leadTimeDays" INTEGER NOT NULL DEFAULT 3,
    "shelfLifeDays" INTEGER,
    "originVillageId" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Product_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "Supplier" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Product_originVillageId_fkey" FOREIGN KEY ("originVillageId") REFERENCES "Village" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CHECK ("stock" >= 0),
    CHECK ("priceFen" > 0 AND "priceFen" <= 100000000),
    CHECK ("marketPriceFen" IS NULL OR "marketPriceFen" > 0),
    CHECK ("minOrderQty" >= 1),
    CHECK ("leadTimeDays" >= 0),
    CHECK ("shelfLifeDays" IS NULL OR "shelfLifeDays" > 0)
);

-- CreateTable
CREATE TABLE "ProductTierPrice" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "productId" INTEGER NOT NULL,
    "minQty" INTEGER NOT NULL,
    "priceFen" INTEGER NOT NULL,
    CONSTRAINT "ProductTierPrice_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CHECK ("minQty" >= 2),
    CHECK ("priceFen" > 0)
);

-- CreateTable
CREATE TABLE "ProductPhoto" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "productId" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ProductPhoto_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StockAdjustment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "productId" INTEGER NOT NULL,
    "delta" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "userId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StockAdjustment_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CHECK ("delta" <> 0)
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "productId" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "validFrom" DATETIME NOT NULL,
    "validTo" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SUBMITTED',
    "documentFile" TEXT,
    "documentType" TEXT,
    "reviewNote" TEXT,
    "reviewedById" INTEGER,
    "reviewedAt" DATETIME,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Certificate_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CHECK ("level" IN ('COUNTY','CITY','PROVINCE')),
    CHECK ("status" IN ('SUBMITTED','APPROVED','REJECTED')),
    CHECK ("validTo" >= "validFrom")
);

-- CreateTable
CREATE TABLE "WelfareBudget" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orgId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "budgetFen" BIGINT NOT NULL,
    "headcount" INTEGER NOT NULL,
    "blockOverBudget" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "WelfareBudget_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("budgetFen" >= 0),
    CHECK ("headcount" >= 0)
);

-- CreateTable
CREATE TABLE "WelfarePolicy" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orgId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "targetBasisPoints" INTEGER NOT NULL DEFAULT 3000,
    "festivalCapPerMemberFen" INTEGER NOT NULL DEFAULT 220000,
    CONSTRAINT "WelfarePolicy_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("targetBasisPoints" > 0 AND "targetBasisPoints" <= 10000),
    CHECK ("festivalCapPerMemberFen" >= 0)
);

-- CreateTable
CREATE TABLE "Order" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "unionId" INTEGER NOT NULL,
    "createdById" INTEGER NOT NULL,
    "occasion" TEXT NOT NULL,
    "headcount" INTEGER,
    "status" TEXT NOT NULL,
    "paymentStatus" TEXT NOT NULL DEFAULT 'UNPAID',
    "totalFen" BIGINT NOT NULL,
    "certifiedFen" BIGINT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "payloadHash" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "approvedById" INTEGER,
    "approvedAt" DATETIME,
    "rejectReason" TEXT,
    "paidAt" DATETIME,
    "cancelledAt" DATETIME,
    "cancelReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Order_unionId_fkey" FOREIGN KEY ("unionId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("status" IN ('PENDING_APPROVAL','REJECTED','PLACED','COMPLETED','CANCELLED')),
    CHECK ("paymentStatus" IN ('UNPAID','PAID','PARTIALLY_REFUNDED','REFUNDED')),
    CHECK ("totalFen" > 0),
    CHECK ("certifiedFen" >= 0 AND "certifiedFen" <= "totalFen"),
    CHECK ("headcount" IS NULL OR "headcount" > 0)
);

-- CreateTable
CREATE TABLE "SubOrder" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orderId" INTEGER NOT NULL,
    "supplierId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "amountFen" BIGINT NOT NULL,
    "declineReason" TEXT,
    "confirmedAt" DATETIME,
    "carrier" TEXT,
    "trackingNo" TEXT,
    "shippedAt" DATETIME,
    "receivedAt" DATETIME,
    "inspectionResult" TEXT,
    "complaintText" TEXT,
    "rating" INTEGER,
    "ratingComment" TEXT,
    "settlementId" INTEGER,
    CONSTRAINT "SubOrder_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SubOrder_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "Supplier" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SubOrder_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CHECK ("status" IN ('PENDING','CONFIRMED','DECLINED','SHIPPED','RECEIVED','DISPUTED','CANCELLED')),
    CHECK ("amountFen" > 0),
    CHECK ("rating" IS NULL OR ("rating" BETWEEN 1 AND 5)),
    CHECK ("inspectionResult" IS NULL OR "inspectionResult" IN ('ACCEPTED','COMPLAINT'))
);

-- CreateTable
CREATE TABLE "ComplaintPhoto" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "subOrderId" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    CONSTRAINT "ComplaintPhoto_subOrderId_fkey" FOREIGN KEY ("subOrderId") REFERENCES "SubOrder" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrderLine" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orderId" INTEGER NOT NULL,
    "subOrderId" INTEGER NOT NULL,
    "productId" INTEGER NOT NULL,
    "productCode" TEXT NOT NULL,
    "productTitle" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "unitPriceFen" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "certifiedOnOrderDate" BOOLEAN NOT NULL,
    "certificateNumber" TEXT,
    "supplierId" INTEGER NOT NULL,
    "supplierTradeRole" TEXT NOT NULL,
    "originCounty" TEXT NOT NULL,
    "originVillageId" INTEGER,
    "originVillageName" TEXT,
    "householdsBenefited" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "OrderLine_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OrderLine_subOrderId_fkey" FOREIGN KEY ("subOrderId") REFERENCES "SubOrder" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OrderLine_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("quantity" > 0),
    CHECK ("unitPriceFen" > 0),
    CHECK ("amountFen" = "unitPriceFen" * "quantity"),
    CHECK ("supplierTradeRole" IN ('PRODUCER','TRADING_AGENT'))
);

-- CreateTable
CREATE TABLE "OrderAddress" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orderId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    CONSTRAINT "OrderAddress_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrderLineAllocation" (
    "lineId" INTEGER NOT NULL,
    "addressId" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,

    PRIMARY KEY ("lineId", "addressId"),
    CONSTRAINT "OrderLineAllocation_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "OrderLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OrderLineAllocation_addressId_fkey" FOREIGN KEY ("addressId") REFERENCES "OrderAddress" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CHECK ("quantity" > 0)
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orderId" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "amountFen" BIGINT NOT NULL,
    "referenceCode" TEXT,
    "providerPaymentId" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "failureMessage" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "succeededAt" DATETIME,
    CONSTRAINT "Payment_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("provider" IN ('BANK_TRANSFER','STRIPE')),
    CHECK ("status" IN ('PENDING','SUCCEEDED','FAILED','CANCELED')),
    CHECK ("amountFen" > 0)
);

-- CreateTable
CREATE TABLE "BankTransfer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "amountFen" BIGINT NOT NULL,
    "receivedOn" DATETIME NOT NULL,
    "bankReference" TEXT NOT NULL,
    "referenceCode" TEXT NOT NULL,
    "payerName" TEXT NOT NULL DEFAULT '',
    "paymentId" INTEGER,
    "status" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "recordedById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BankTransfer_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CHECK ("amountFen" > 0),
    CHECK ("status" IN ('MATCHED','SHORT','OVER','UNMATCHED','RESOLVED'))
);

-- CreateTable
CREATE TABLE "Refund" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orderId" INTEGER NOT NULL,
    "paymentId" INTEGER NOT NULL,
    "subOrderId" INTEGER,
    "amountFen" BIGINT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "reason" TEXT NOT NULL,
    "providerRefundId" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "succeededAt" DATETIME,
    CONSTRAINT "Refund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Refund_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("amountFen" > 0),
    CHECK ("status" IN ('PENDING','SUCCEEDED','FAILED'))
);

-- CreateTable
CREATE TABLE "RefundLine" (
    "refundId" INTEGER NOT NULL,
    "orderLineId" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,

    PRIMARY KEY ("refundId", "orderLineId"),
    CONSTRAINT "RefundLine_refundId_fkey" FOREIGN KEY ("refundId") REFERENCES "Refund" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RefundLine_orderLineId_fkey" FOREIGN KEY ("orderLineId") REFERENCES "OrderLine" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("amountFen" > 0)
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "provider" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Settlement" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "supplierId" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "reference" TEXT NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Settlement_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "Supplier" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("amountFen" >= 0)
);

-- CreateTable
CREATE TABLE "OffPlatformSpending" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orgId" INTEGER NOT NULL,
    "spentOn" DATETIME NOT NULL,
    "year" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "category" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OffPlatformSpending_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("amountFen" > 0)
);

-- CreateTable
CREATE TABLE "ProcurementTotal" (
    "orgId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "certifiedFen" BIGINT NOT NULL DEFAULT 0,
    "otherPlatformFen" BIGINT NOT NULL DEFAULT 0,
    "paidLineCount" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("orgId", "year"),
    CONSTRAINT "ProcurementTotal_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProcurementBreakdown" (
    "orgId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "dimension" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "certifiedFen" BIGINT NOT NULL DEFAULT 0,
    "lineCount" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("orgId", "year", "dimension", "key"),
    CONSTRAINT "ProcurementBreakdown_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" INTEGER,
    "orgId" INTEGER,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}'
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "scope" TEXT NOT NULL,
    "payloadHash" TEXT NOT NULL,
    "resultRef" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Organization_code_key" ON "Organization"("code");

-- CreateIndex
CREATE INDEX "Organization_path_idx" ON "Organization"("path");

-- CreateIndex
CREATE INDEX "Organization_parentId_idx" ON "Organization"("parentId");

-- CreateIndex
CREATE INDEX "Organization_kind_idx" ON "Organization"("kind");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "Membership_orgId_idx" ON "Membership"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_userId_orgId_role_key" ON "Membership"("userId", "orgId", "role");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "LoginAttempt_key_createdAt_idx" ON "LoginAttempt"("key", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Village_county_township_name_key" ON "Village"("county", "township", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Supplier_orgId_key" ON "Supplier"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "Product_code_key" ON "Product"("code");

-- CreateIndex
CREATE INDEX "Product_supplierId_idx" ON "Product"("supplierId");

-- CreateIndex
CREATE INDEX "Product_category_idx" ON "Product"("category");

-- CreateIndex
CREATE INDEX "Product_active_priceFen_idx" ON "Product"("active", "priceFen");

-- CreateIndex
CREATE INDEX "Product_createdAt_idx" ON "Product"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProductTierPrice_productId_minQty_key" ON "ProductTierPrice"("productId", "minQty");

-- CreateIndex
CREATE INDEX "ProductPhoto_productId_idx" ON "ProductPhoto"("productId");

-- CreateIndex
CREATE INDEX "StockAdjustment_productId_idx" ON "StockAdjustment"("productId");

-- CreateIndex
CREATE INDEX "Certificate_productId_status_idx" ON "Certificate"("productId", "status");

-- CreateIndex
CREATE INDEX "Certificate_status_idx" ON "Certificate"("status");

-- CreateIndex
CREATE INDEX "WelfareBudget_year_idx" ON "WelfareBudget"("year");

-- CreateIndex
CREATE UNIQUE INDEX "WelfareBudget_orgId_year_key" ON "WelfareBudget"("orgId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "WelfarePolicy_orgId_year_key" ON "WelfarePolicy"("orgId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "Order_code_key" ON "Order"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Order_idempotencyKey_key" ON "Order"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Order_unionId_createdAt_idx" ON "Order"("unionId", "createdAt");

-- CreateIndex
CREATE INDEX "Order_status_idx" ON "Order"("status");

-- CreateIndex
CREATE INDEX "Order_paidAt_idx" ON "Order"("paidAt");

-- CreateIndex
CREATE INDEX "SubOrder_supplierId_status_idx" ON "SubOrder"("supplierId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SubOrder_orderId_supplierId_key" ON "SubOrder"("orderId", "supplierId");

-- CreateIndex
CREATE INDEX "OrderLine_orderId_idx" ON "OrderLine"("orderId");

-- CreateIndex
CREATE INDEX "OrderLine_subOrderId_idx" ON "OrderLine"("subOrderId");

-- CreateIndex
CREATE INDEX "OrderLine_productId_idx" ON "OrderLine"("productId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_referenceCode_key" ON "Payment"("referenceCode");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_providerPaymentId_key" ON "Payment"("providerPaymentId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_idempotencyKey_key" ON "Payment"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Payment_orderId_idx" ON "Payment"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "BankTransfer_bankReference_key" ON "BankTransfer"("bankReference");

-- CreateIndex
CREATE INDEX "BankTransfer_status_idx" ON "BankTransfer"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_providerRefundId_key" ON "Refund"("providerRefundId");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_idempotencyKey_key" ON "Refund"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Refund_orderId_idx" ON "Refund"("orderId");

-- CreateIndex
CREATE INDEX "OffPlatformSpending_orgId_year_idx" ON "OffPlatformSpending"("orgId", "year");

-- CreateIndex
CREATE INDEX "ProcurementTotal_year_idx" ON "ProcurementTotal"("year");

-- CreateIndex
CREATE INDEX "AuditLog_orgId_at_idx" ON "AuditLog"("orgId", "at");

-- CreateIndex
CREATE INDEX "AuditLog_entityType_entityId_idx" ON "AuditLog"("entityType", "entityId");


-- The audit log is append-only: the audit committee (经审) must be able to trust it.
CREATE TRIGGER "AuditLog_no_update" BEFORE UPDATE ON "AuditLog" BEGIN SELECT RAISE(ABORT, 'AuditLog is append-only'); END;
CREATE TRIGGER "AuditLog_no_delete" BEFORE DELETE ON "AuditLog" BEGIN SELECT RAISE(ABORT, 'AuditLog is append-only'); END;
