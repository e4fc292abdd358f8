-- Money that reconciles (issue 12): transfers accumulate through allocations, Checkout Session attempts, refund
-- kinds and a durable refund outbox, and each supplier's payment terms.

-- Supplier payment terms: ship only after payment, or ship on approval and be paid within N days.
ALTER TABLE "Organization" ADD COLUMN "paymentTerms" TEXT NOT NULL DEFAULT 'PAY_WITHIN_DAYS' CHECK ("paymentTerms" IN ('SHIP_AFTER_PAYMENT','PAY_WITHIN_DAYS'));
ALTER TABLE "Organization" ADD COLUMN "paymentDueDays" INTEGER NOT NULL DEFAULT 30 CHECK ("paymentDueDays" >= 0 AND "paymentDueDays" <= 365);

-- Card attempts are Checkout Sessions: the charge to refund, the hosted page, and when it expires.
ALTER TABLE "Payment" ADD COLUMN "paymentIntentId" TEXT;
ALTER TABLE "Payment" ADD COLUMN "checkoutUrl" TEXT;
ALTER TABLE "Payment" ADD COLUMN "expiresAt" DATETIME;
-- Before this migration each click made a new pending intent; keep only the newest open one per order.
UPDATE "Payment" SET "status" = 'CANCELED'
 WHERE "provider" = 'STRIPE' AND "status" = 'PENDING'
   AND "id" NOT IN (SELECT MAX("id") FROM "Payment" WHERE "provider" = 'STRIPE' AND "status" = 'PENDING' GROUP BY "orderId");
UPDATE "Payment" SET "paymentIntentId" = "providerPaymentId" WHERE "provider" = 'STRIPE' AND "providerPaymentId" LIKE 'pi\_%' ESCAPE '\';
CREATE UNIQUE INDEX "Payment_one_open_card_attempt" ON "Payment"("orderId") WHERE "provider" = 'STRIPE' AND "status" = 'PENDING';
CREATE UNIQUE INDEX "Payment_paymentIntentId_key" ON "Payment"("paymentIntentId");

-- Bank transfers: new states, the order the reference named, and what was paid back.
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BankTransfer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "amountFen" BIGINT NOT NULL,
    "receivedOn" DATETIME NOT NULL,
    "bankReference" TEXT NOT NULL,
    "referenceCode" TEXT NOT NULL,
    "payerName" TEXT NOT NULL DEFAULT '',
    "paymentId" INTEGER,
    "orderId" INTEGER,
    "returnedFen" BIGINT NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "recordedById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BankTransfer_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CHECK ("amountFen" > 0),
    CHECK ("returnedFen" >= 0 AND "returnedFen" <= "amountFen"),
    CHECK ("status" IN ('APPLIED','OPEN','HELD','RETURNED','RESOLVED'))
);
INSERT INTO "new_BankTransfer" ("id","amountFen","receivedOn","bankReference","referenceCode","payerName","paymentId","orderId","returnedFen","status","note","recordedById","createdAt")
SELECT t."id", t."amountFen", t."receivedOn", t."bankReference", t."referenceCode", t."payerName", t."paymentId",
       (SELECT p."orderId" FROM "Payment" p WHERE p."id" = t."paymentId" OR p."referenceCode" = t."referenceCode" LIMIT 1),
       0,
       CASE t."status" WHEN 'MATCHED' THEN 'APPLIED' WHEN 'RESOLVED' THEN 'RESOLVED' ELSE 'OPEN' END,
       t."note", t."recordedById", t."createdAt"
FROM "BankTransfer" t;
DROP TABLE "BankTransfer";
ALTER TABLE "new_BankTransfer" RENAME TO "BankTransfer";
CREATE UNIQUE INDEX "BankTransfer_bankReference_key" ON "BankTransfer"("bankReference");
CREATE INDEX "BankTransfer_status_idx" ON "BankTransfer"("status");
CREATE INDEX "BankTransfer_orderId_idx" ON "BankTransfer"("orderId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

CREATE TABLE "TransferAllocation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "transferId" INTEGER NOT NULL,
    "orderId" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TransferAllocation_transferId_fkey" FOREIGN KEY ("transferId") REFERENCES "BankTransfer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "TransferAllocation_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("amountFen" > 0)
);
CREATE INDEX "TransferAllocation_orderId_idx" ON "TransferAllocation"("orderId");
CREATE INDEX "TransferAllocation_transferId_idx" ON "TransferAllocation"("transferId");
-- A transfer that matched exactly before this migration paid its order in full.
INSERT INTO "TransferAllocation" ("transferId","orderId","amountFen","createdById","createdAt")
SELECT "id", "orderId", "amountFen", "recordedById", "createdAt" FROM "BankTransfer" WHERE "status" = 'APPLIED' AND "orderId" IS NOT NULL;

-- Refund kinds, and the outbox that asks providers for refunds after commit.
ALTER TABLE "Refund" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'ORDER' CHECK ("kind" IN ('ORDER','DUPLICATE_CHARGE','OVERPAYMENT'));

CREATE TABLE "RefundOutbox" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "refundId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "providerFailures" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RefundOutbox_refundId_fkey" FOREIGN KEY ("refundId") REFERENCES "Refund" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("status" IN ('QUEUED','SUBMITTED','FAILED','DONE')),
    CHECK ("attempts" >= 0),
    CHECK ("providerFailures" >= 0)
);
CREATE UNIQUE INDEX "RefundOutbox_refundId_key" ON "RefundOutbox"("refundId");
CREATE INDEX "RefundOutbox_status_nextAttemptAt_idx" ON "RefundOutbox"("status", "nextAttemptAt");
-- Card refunds left pending before the outbox existed are queued now, so none stays lost.
INSERT INTO "RefundOutbox" ("refundId","status","attempts","nextAttemptAt","createdAt","updatedAt")
SELECT r."id", CASE WHEN r."providerRefundId" IS NULL THEN 'QUEUED' ELSE 'SUBMITTED' END, 0, CAST(strftime('%s','now') AS INTEGER) * 1000, r."createdAt", r."createdAt"
FROM "Refund" r JOIN "Payment" p ON p."id" = r."paymentId" WHERE r."status" = 'PENDING' AND p."provider" = 'STRIPE';

-- Invoices (发票): one per supplier part, requested by the union, issued by the supplier (a PDF/OFD file or a number).
CREATE TABLE "Invoice" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "subOrderId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "taxNumber" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'REQUESTED',
    "invoiceNumber" TEXT,
    "fileName" TEXT,
    "requestedById" INTEGER NOT NULL,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "issuedById" INTEGER,
    "issuedAt" DATETIME,
    CONSTRAINT "Invoice_subOrderId_fkey" FOREIGN KEY ("subOrderId") REFERENCES "SubOrder" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CHECK ("status" IN ('REQUESTED','ISSUED')),
    CHECK ("status" = 'REQUESTED' OR "invoiceNumber" IS NOT NULL)
);
CREATE UNIQUE INDEX "Invoice_subOrderId_key" ON "Invoice"("subOrderId");
CREATE INDEX "Invoice_status_idx" ON "Invoice"("status");
