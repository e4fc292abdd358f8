-- Notifications (in-app inbox + e-mail outbox) and complaints that close (issue 13).

-- CreateTable
CREATE TABLE "Notification" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "params" TEXT NOT NULL DEFAULT '{}',
    "link" TEXT NOT NULL,
    "readAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK ("link" LIKE '/%')
);
CREATE INDEX "Notification_userId_readAt_idx" ON "Notification"("userId", "readAt");
CREATE INDEX "Notification_userId_id_idx" ON "Notification"("userId", "id");

-- CreateTable
CREATE TABLE "NotificationSettings" (
    "userId" INTEGER NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL DEFAULT ''
);

-- CreateTable
CREATE TABLE "NotificationPreference" (
    "userId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "email" BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY ("userId", "kind")
);

-- CreateTable
CREATE TABLE "EmailOutbox" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "notificationId" INTEGER NOT NULL,
    "toAddress" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK ("status" IN ('PENDING','SENT','FAILED')),
    CHECK ("attempts" >= 0)
);
CREATE INDEX "EmailOutbox_status_nextAttemptAt_idx" ON "EmailOutbox"("status", "nextAttemptAt");

-- CreateTable
CREATE TABLE "Complaint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orderId" INTEGER NOT NULL,
    "subOrderId" INTEGER NOT NULL,
    "addressId" INTEGER,
    "unionId" INTEGER NOT NULL,
    "supplierId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "text" TEXT NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answer" TEXT,
    "remedy" TEXT,
    "replacementCarrier" TEXT,
    "replacementTrackingNo" TEXT,
    "answeredById" INTEGER,
    "answeredAt" DATETIME,
    "escalationNote" TEXT,
    "escalatedAt" DATETIME,
    "decisionNote" TEXT,
    "decidedById" INTEGER,
    "resolvedAt" DATETIME,
    "refundId" INTEGER,
    CHECK ("status" IN ('OPEN','ANSWERED','ESCALATED','RESOLVED')),
    CHECK ("remedy" IS NULL OR "remedy" IN ('PARTIAL_REFUND','REPLACEMENT','RETURN_REFUND','NONE'))
);
CREATE INDEX "Complaint_subOrderId_idx" ON "Complaint"("subOrderId");
CREATE INDEX "Complaint_supplierId_status_idx" ON "Complaint"("supplierId", "status");
CREATE INDEX "Complaint_unionId_idx" ON "Complaint"("unionId");

-- CreateTable
CREATE TABLE "ComplaintLine" (
    "complaintId" INTEGER NOT NULL,
    "orderLineId" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    PRIMARY KEY ("complaintId", "orderLineId"),
    CONSTRAINT "ComplaintLine_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CHECK ("quantity" > 0)
);

-- AlterTable: a photo belongs to a complaint (older photos keep only their sub-order).
ALTER TABLE "ComplaintPhoto" ADD COLUMN "complaintId" INTEGER REFERENCES "Complaint" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
