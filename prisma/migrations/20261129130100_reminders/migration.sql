-- Reminders to lagging and zero-purchase units, and the monthly schedule per county (issue 13).

-- CreateTable
CREATE TABLE "Reminder" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unitId" INTEGER NOT NULL,
    "leaderOrgId" INTEGER NOT NULL,
    "sentById" INTEGER,
    "text" TEXT NOT NULL,
    "scheduled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (length("text") BETWEEN 1 AND 1000)
);
CREATE INDEX "Reminder_unitId_createdAt_idx" ON "Reminder"("unitId", "createdAt");
CREATE INDEX "Reminder_leaderOrgId_createdAt_idx" ON "Reminder"("leaderOrgId", "createdAt");

-- CreateTable
CREATE TABLE "ReminderSchedule" (
    "orgId" INTEGER NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "template" TEXT NOT NULL,
    "lastRunMonth" TEXT,
    "updatedById" INTEGER NOT NULL
);
