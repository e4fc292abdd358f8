-- Password reset by e-mail (issue 14, ADR 0143): the e-mail outbox also carries reset mails. A row points at either
-- a notification or a password reset, never both, never neither. SQLite cannot relax NOT NULL in place, so the
-- table is rebuilt with its rows (nothing references it).
CREATE TABLE "new_EmailOutbox" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "notificationId" INTEGER,
    "passwordResetId" INTEGER,
    "toAddress" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK ("status" IN ('PENDING','SENT','FAILED')),
    CHECK ("attempts" >= 0),
    CHECK (("notificationId" IS NULL) <> ("passwordResetId" IS NULL))
);
INSERT INTO "new_EmailOutbox" ("id","notificationId","toAddress","status","attempts","nextAttemptAt","lastError","sentAt","createdAt")
SELECT "id","notificationId","toAddress","status","attempts","nextAttemptAt","lastError","sentAt","createdAt" FROM "EmailOutbox";
DROP TABLE "EmailOutbox";
ALTER TABLE "new_EmailOutbox" RENAME TO "EmailOutbox";
CREATE INDEX "EmailOutbox_status_nextAttemptAt_idx" ON "EmailOutbox"("status", "nextAttemptAt");
CREATE UNIQUE INDEX "EmailOutbox_passwordResetId_key" ON "EmailOutbox"("passwordResetId");
