// The statements by which drain passes share the e-mail outbox (docs/decisions/0199-outbox-claims.md), one home per
// dialect: email-outbox.server.ts runs them on SQLite, tests/postgres/outbox-claims.test.ts runs the very same
// statements on PostgreSQL. No connection here.
//
// A pass claims due rows with ONE conditional UPDATE that stamps them with its claimant token and a lease end and
// returns them; any number of processes can run it at once and each row goes to one of them. Every later write about
// a claimed row is conditional on the token still being this pass's, so a pass whose lease ran out (paused, then
// resumed) changes nothing that a newer claimant decided.
import type { SqlDialect } from "~/models/rules-sql.server";
import { engine } from "~/utils/engine.server";
import { builderFor, instantValue } from "~/utils/sql.server";

/** How long a claim holds a row: a pass that has not recorded an outcome by then loses it to the next claimant. */
export const EMAIL_LEASE_MS = 5 * 60_000;
/** Rows one claim takes; a pass claims again until nothing is due, so several processes share a long queue. */
export const EMAIL_CLAIM_BATCH = 20;

const builder = builderFor;

/**
 * Claims up to `limit` due rows (PENDING, due at `nowMs`, held by no live lease) for `claimant` until
 * `nowMs + leaseMs`, oldest first, and returns them. SQLite: the statement holds the database's write lock.
 * PostgreSQL: the inner SELECT locks the rows it picks and skips rows another claim has locked (FOR UPDATE SKIP
 * LOCKED); a row another claim committed meanwhile is re-checked against the conditions and dropped.
 */
export function claimEmailsQuery(claimant: string, nowMs: number, limit = EMAIL_CLAIM_BATCH, dialect: SqlDialect = engine, leaseMs = EMAIL_LEASE_MS) {
  const now = instantValue(nowMs, dialect);
  return builder(dialect)
    .updateTable("EmailOutbox")
    .set({ claimedBy: claimant, claimedUntil: instantValue(nowMs + leaseMs, dialect) })
    .where("id", "in", (eb) => {
      const due = eb
        .selectFrom("EmailOutbox as d")
        .select("d.id")
        .where("d.status", "=", "PENDING")
        .where("d.nextAttemptAt", "<=", now)
        .where((w) => w.or([w("d.claimedUntil", "is", null), w("d.claimedUntil", "<=", now)]))
        .orderBy("d.id")
        .limit(limit);
      return dialect === "postgres" ? due.forUpdate().skipLocked() : due;
    })
    .returning(["id", "toAddress", "attempts", "passwordResetId", "notificationId"]);
}

/** The claimed rows' notices, to render their mails: only rows `claimant` still holds. */
export function claimedNoticesQuery(claimant: string, ids: readonly number[], dialect: SqlDialect = engine) {
  return builder(dialect)
    .selectFrom("EmailOutbox as e")
    .leftJoin("Notification as n", "n.id", "e.notificationId")
    .leftJoin("User as u", "u.id", "n.userId")
    .select(["e.id", "n.kind", "n.params", "n.link", "u.locale"])
    .where("e.id", "in", ids.length ? [...ids] : [0])
    .where("e.claimedBy", "=", claimant);
}

/** Whether `claimant` still holds the row (read inside the transaction that mints a reset token for it). */
export function stillClaimedQuery(claimant: string, id: number, dialect: SqlDialect = engine) {
  return builder(dialect).selectFrom("EmailOutbox").select("id").where("id", "=", id).where("claimedBy", "=", claimant);
}

export type EmailOutcome =
  | { kind: "sent"; atMs: number }
  /** The SMTP server refused or was unreachable: PENDING again at `nextAttemptAtMs`, or FAILED when `gaveUp`. */
  | { kind: "retry"; gaveUp: boolean; nextAttemptAtMs: number; error: string }
  /** Never sendable (the password reset is no longer valid). */
  | { kind: "failed"; error: string };

/**
 * Records the outcome of a claimed row's attempt and ends the claim, only while `claimant` still holds it: after
 * its lease ran out and another pass claimed the row, this changes nothing (0 rows).
 */
export function emailOutcomeQuery(claimant: string, id: number, outcome: EmailOutcome, dialect: SqlDialect = engine) {
  const b = builder(dialect);
  const update = b.updateTable("EmailOutbox");
  const values =
    outcome.kind === "sent"
      ? update.set((eb) => ({ status: "SENT", attempts: eb("attempts", "+", 1), sentAt: instantValue(outcome.atMs, dialect), lastError: null }))
      : outcome.kind === "retry"
        ? update.set((eb) => ({
            status: outcome.gaveUp ? "FAILED" : "PENDING",
            attempts: eb("attempts", "+", 1),
            nextAttemptAt: instantValue(outcome.nextAttemptAtMs, dialect),
            lastError: outcome.error.slice(0, 500),
          }))
        : update.set((eb) => ({ status: "FAILED", attempts: eb("attempts", "+", 1), lastError: outcome.error.slice(0, 500) }));
  return values.set({ claimedBy: null, claimedUntil: null }).where("id", "=", id).where("claimedBy", "=", claimant);
}

/** Gives back the rows a pass claimed but will not try (it stopped before its lease could run out). */
export function releaseEmailsQuery(claimant: string, ids: readonly number[], dialect: SqlDialect = engine) {
  return builder(dialect)
    .updateTable("EmailOutbox")
    .set({ claimedBy: null, claimedUntil: null })
    .where("id", "in", ids.length ? [...ids] : [0])
    .where("claimedBy", "=", claimant);
}
