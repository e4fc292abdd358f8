-- Outbox claims (issue 19, ADR 0199): any number of app processes drain the e-mail and refund outboxes, each row
-- once. A drain pass claims due rows with one conditional UPDATE that stamps them with its claimant token (and, for
-- e-mail, a lease end); every later write about a row is conditional on that token, so a claimant whose lease ran
-- out cannot overwrite a newer claimant's outcome. The refund outbox keeps its lease in "nextAttemptAt".
ALTER TABLE "EmailOutbox" ADD COLUMN "claimedBy" TEXT CHECK ("claimedBy" IS NULL OR length("claimedBy") BETWEEN 1 AND 200);
ALTER TABLE "EmailOutbox" ADD COLUMN "claimedUntil" DATETIME CHECK (("claimedBy" IS NULL) = ("claimedUntil" IS NULL));
ALTER TABLE "RefundOutbox" ADD COLUMN "claimedBy" TEXT CHECK ("claimedBy" IS NULL OR length("claimedBy") BETWEEN 1 AND 200);
