-- Sign-in throttling as one counter row per key, claimed before the password is checked by a conditional upsert
-- (docs/decisions/0191-login-throttle-in-the-database.md): a count-then-insert over "LoginAttempt" let concurrent
-- guesses, from one process or several, all pass the check before any failure was recorded.
DROP TABLE "LoginAttempt";

CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "windowStartMs" BIGINT NOT NULL,
    "attempts" INTEGER NOT NULL,
    CHECK ("attempts" >= 0),
    CHECK ("windowStartMs" >= 0)
);

CREATE INDEX "LoginThrottle_windowStartMs_idx" ON "LoginThrottle"("windowStartMs");
