-- Issue 14: accounts, organisations and the audit trail.

-- Users: contact details, deactivation, temporary passwords, last sign-in.
ALTER TABLE "User" ADD COLUMN "phone" TEXT;
ALTER TABLE "User" ADD COLUMN "email" TEXT;
ALTER TABLE "User" ADD COLUMN "mustChangePassword" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "User" ADD COLUMN "passwordExpiresAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "deactivatedAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "lastSignInAt" DATETIME;

-- Sessions: what the user sees in their own sessions list.
ALTER TABLE "Session" ADD COLUMN "userAgent" TEXT NOT NULL DEFAULT '';

-- Organisations: headcount, deactivation, and the pointer a merged union keeps to its survivor.
ALTER TABLE "Organization" ADD COLUMN "headcount" INTEGER CHECK ("headcount" IS NULL OR "headcount" >= 0);
ALTER TABLE "Organization" ADD COLUMN "deactivatedAt" DATETIME;
ALTER TABLE "Organization" ADD COLUMN "mergedIntoId" INTEGER CHECK ("mergedIntoId" IS NULL OR "mergedIntoId" <> "id");
ALTER TABLE "Organization" ADD COLUMN "mergedAt" DATETIME;

-- Suppliers: suspension takes every listing off sale.
ALTER TABLE "Supplier" ADD COLUMN "suspendedAt" DATETIME;

-- One-time password-reset links (only the token's SHA-256 is stored).
CREATE TABLE "PasswordReset" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tokenHash" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL CHECK ("kind" IN ('LINK', 'EMAIL')),
    "createdById" INTEGER,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PasswordReset_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "PasswordReset_tokenHash_key" ON "PasswordReset"("tokenHash");
CREATE INDEX "PasswordReset_userId_idx" ON "PasswordReset"("userId");

-- The audit page filters by time within an organisation and by actor.
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");
CREATE INDEX "AuditLog_actorId_at_idx" ON "AuditLog"("actorId", "at");
