// The statements by which drain passes share the refund outbox (docs/decisions/0121-refund-outbox.md for the
// outbox, 0199-outbox-claims.md for the claims), one home per dialect: refund-outbox.server.ts runs them on SQLite,
// tests/postgres/outbox-claims.test.ts runs the very same statements on PostgreSQL. No connection here.
//
// A claim is ONE conditional UPDATE: it counts the attempt, pushes the job's "nextAttemptAt" out by the lease (so a
// job whose process died is due again after it) and stamps the job with the pass's claimant token. The outcome
// writes are conditional on that token; the provider's idempotency key is the second guard, should a pass whose
// lease ran out still call the provider.
import type { SqlDialect } from "~/models/rules-sql.server";
import { engine } from "~/utils/engine.server";
import { builderFor, instantValue } from "~/utils/sql.server";

/** While a call is in flight its job is leased: if the process dies mid-call, the job becomes due again after this. */
export const REFUND_LEASE_MS = 5 * 60_000;
export const REFUND_CLAIM_BATCH = 20;

const builder = builderFor;

/**
 * Claims up to `limit` due jobs (QUEUED, due at `nowMs`, their refund still PENDING) for `claimant`, earliest due
 * first, and returns them with the attempt counted. PostgreSQL: FOR UPDATE OF the job rows, SKIP LOCKED, so
 * concurrent claims take disjoint jobs; a job another claim committed meanwhile is re-checked and dropped (its
 * "nextAttemptAt" is in the future now).
 */
export function claimRefundJobsQuery(claimant: string, nowMs: number, limit = REFUND_CLAIM_BATCH, dialect: SqlDialect = engine, leaseMs = REFUND_LEASE_MS) {
  const now = instantValue(nowMs, dialect);
  return builder(dialect)
    .updateTable("RefundOutbox")
    .set((eb) => ({ attempts: eb("attempts", "+", 1), nextAttemptAt: instantValue(nowMs + leaseMs, dialect), updatedAt: now, claimedBy: claimant }))
    .where("id", "in", (eb) => {
      const due = eb
        .selectFrom("RefundOutbox as j")
        .innerJoin("Refund as r", "r.id", "j.refundId")
        .select("j.id")
        .where("j.status", "=", "QUEUED")
        .where("j.nextAttemptAt", "<=", now)
        .where("r.status", "=", "PENDING")
        .orderBy("j.nextAttemptAt")
        .orderBy("j.id")
        .limit(limit);
      return dialect === "postgres" ? due.forUpdate(["j"]).skipLocked() : due;
    })
    .returning(["refundId", "attempts", "providerFailures"]);
}

/** What the provider call needs for claimed jobs: amount, idempotency key, the payment to refund. */
export function refundCallsQuery(refundIds: readonly number[], dialect: SqlDialect = engine) {
  return builder(dialect)
    .selectFrom("Refund as r")
    .innerJoin("Payment as p", "p.id", "r.paymentId")
    .select((eb) => ["r.id", "r.amountFen", "r.idempotencyKey", eb.fn.coalesce("p.paymentIntentId", "p.providerPaymentId").as("paymentIntentId")])
    .where("r.id", "in", refundIds.length ? [...refundIds] : [0]);
}

/** The provider accepted the refund: SUBMITTED, claim ended; only while `claimant` holds the job. */
export function refundSubmittedQuery(claimant: string, refundId: number, nowMs: number, dialect: SqlDialect = engine) {
  return builder(dialect)
    .updateTable("RefundOutbox")
    .set({ status: "SUBMITTED", lastError: null, updatedAt: instantValue(nowMs, dialect), claimedBy: null })
    .where("refundId", "=", refundId)
    .where("status", "=", "QUEUED")
    .where("claimedBy", "=", claimant);
}

/** The call failed: due again at `nextAttemptAtMs`, or FAILED when `giveUp`; only while `claimant` holds the job. */
export function refundAttemptFailedQuery(
  claimant: string,
  refundId: number,
  outcome: { giveUp: boolean; nextAttemptAtMs: number; message: string },
  nowMs: number,
  dialect: SqlDialect = engine,
) {
  return builder(dialect)
    .updateTable("RefundOutbox")
    .set({
      status: outcome.giveUp ? "FAILED" : "QUEUED",
      nextAttemptAt: instantValue(outcome.nextAttemptAtMs, dialect),
      lastError: outcome.message.slice(0, 300),
      updatedAt: instantValue(nowMs, dialect),
      claimedBy: null,
    })
    .where("refundId", "=", refundId)
    .where("status", "=", "QUEUED")
    .where("claimedBy", "=", claimant);
}
