// The refund outbox worker (docs/decisions/0121-refund-outbox.md). A refund row and its outbox row commit with the
// cancellation, decline or duplicate charge that causes them; this worker, run by the server process, asks the
// provider afterwards. A network error or a provider-side failure is retried with backoff; after
// REFUND_MAX_ATTEMPTS the job shows as failed on the finance screen, where it can be retried by hand. A crash at
// any point loses nothing: the job is still in the table when the server starts again.
import { claimantToken } from "~/utils/claimant.server";
import { db, reader, transaction } from "~/utils/db.server";
import { all, first, q, run, instant, type Connection } from "~/utils/sql.server";
import type { Actor } from "~/domain/actor";
import { toFen } from "~/domain/money";
import { REFUND_MAX_ATTEMPTS, refundRetryDelayMs } from "~/domain/payments";
import { recordAudit } from "~/models/access/audit.server";
import { stripeCards } from "~/models/payments/payment-providers.server";
import { claimRefundJobsQuery, refundAttemptFailedQuery, refundCallsQuery, refundSubmittedQuery } from "~/models/payments/refund-outbox-sql.server";

type Job = { refundId: number; attempts: number; amountFen: number; idempotencyKey: string; providerFailures: number; paymentIntentId: string | null };

/**
 * Claims the due jobs for this pass in one conditional statement (any number of processes may drain the outbox at
 * once, docs/decisions/0199-outbox-claims.md), then reads what their provider calls need.
 */
function takeDueJobs(claimant: string, now: number): Promise<Job[]> {
  return transaction(async (c) => {
    const claimed = await all(c, claimRefundJobsQuery(claimant, now));
    const calls = new Map((await all(c, refundCallsQuery(claimed.map((j) => j.refundId)))).map((r) => [r.id, r]));
    const jobs: Job[] = [];
    for (const j of claimed) {
      const call = calls.get(j.refundId);
      if (call) jobs.push({ ...j, amountFen: Number(call.amountFen), idempotencyKey: call.idempotencyKey, paymentIntentId: call.paymentIntentId });
      // Nothing to ask the provider with (the payment row is gone): an attempt that failed, so the job still reaches
      // FAILED and finance's queue instead of being claimed again every lease.
      else await recordFailedAttempt(c, claimant, j, "no payment to refund", now);
    }
    return jobs;
  });
}

/** The outcome of a pass whose claim was lost (its lease ran out, a webhook or finance moved the job) is dropped. */
function submitted(claimant: string, refundId: number, providerRefundId: string) {
  return transaction(async (c) => {
    if (!(await run(c, refundSubmittedQuery(claimant, refundId, Date.now()))).changes) return;
    await run(c, q.updateTable("Refund").set({ providerRefundId }).where("id", "=", refundId).where("status", "=", "PENDING"));
    await recordAudit(c, { actorId: null, orgId: null, action: "refund.submitted", entityType: "Refund", entityId: refundId, detail: { providerRefundId } });
  });
}

function failedAttempt(claimant: string, job: Pick<Job, "refundId" | "attempts">, message: string, now: number) {
  return transaction(async (c) => recordFailedAttempt(c, claimant, job, message, now));
}

/** A failed attempt, inside the caller's transaction: retried after a delay, or given up (audited) after the last. */
async function recordFailedAttempt(c: Connection, claimant: string, job: Pick<Job, "refundId" | "attempts">, message: string, now: number) {
  const giveUp = job.attempts >= REFUND_MAX_ATTEMPTS;
  const outcome = { giveUp, nextAttemptAtMs: now + refundRetryDelayMs(job.attempts), message };
  if (!(await run(c, refundAttemptFailedQuery(claimant, job.refundId, outcome, now))).changes) return;
  if (giveUp)
    await recordAudit(c, {
      actorId: null,
      orgId: null,
      action: "refund.gaveUp",
      entityType: "Refund",
      entityId: job.refundId,
      detail: { attempts: job.attempts, message },
    });
}

let running: Promise<number> | null = null;

async function drainOnce(now: number): Promise<number> {
  const claimant = claimantToken();
  const jobs = await takeDueJobs(claimant, now);
  for (const job of jobs) {
    if (!stripeCards.enabled()) {
      await failedAttempt(claimant, job, "card payments are not configured", now);
      continue;
    }
    // The same key for network retries (Stripe then answers with the refund it already made); a new key only
    // after the provider reported this refund failed.
    const key = job.providerFailures ? `${job.idempotencyKey}-r${job.providerFailures}` : job.idempotencyKey;
    const outcome = await stripeCards.refund({ id: job.refundId, amountFen: job.amountFen, idempotencyKey: key, paymentIntentId: job.paymentIntentId });
    if (outcome.ok && outcome.providerRefundId) await submitted(claimant, job.refundId, outcome.providerRefundId);
    else await failedAttempt(claimant, job, outcome.ok ? "no refund id" : `${outcome.problem}: ${outcome.message}`, now);
  }
  return jobs.length;
}

/** Works every job due at `now` once; returns how many were tried. Tests call this directly to drain the outbox. */
export async function drainRefundOutbox(now = Date.now()): Promise<number> {
  // One drain at a time in this process: a second caller waits for the running one, then drains for itself.
  while (running) await running.catch(() => 0);
  running = drainOnce(now);
  try {
    return await running;
  } finally {
    running = null;
  }
}

/** Works the outbox now without making the caller wait (after a cancellation or decline commits). */
export function kickRefundOutbox() {
  void drainRefundOutbox().catch((error) => console.error("refund outbox", error));
}

let timer: NodeJS.Timeout | null = null;

/** Started once by the server process: drains at start (resuming after a crash) and then every 15 seconds. */
export function startRefundWorker(intervalMs = 15_000) {
  if (timer) return;
  kickRefundOutbox();
  timer = setInterval(kickRefundOutbox, intervalMs);
  timer.unref();
}

/** Finance retries a refund that failed for good, or one still waiting: it becomes due now with fresh attempts. */
export function retryRefund(finance: Pick<Actor, "userId">, refundId: number) {
  return transaction(async (c) => {
    const now = Date.now();
    const changed = (
      await run(
        c,
        q
          .updateTable("RefundOutbox")
          .set({ status: "QUEUED", attempts: 0, nextAttemptAt: instant(now), updatedAt: instant(now), claimedBy: null })
          .where("refundId", "=", refundId)
          .where("status", "in", ["FAILED", "QUEUED"]),
      )
    ).changes;
    if (changed) await recordAudit(c, { actorId: finance.userId, orgId: null, action: "refund.retry", entityType: "Refund", entityId: refundId });
    return changed > 0;
  });
}

export type RefundState = "pending" | "retrying" | "submitted" | "failed" | "succeeded";

/** Card refunds with their outbox state, newest first, for the finance screen. */
export async function refundQueue() {
  const rows = await db.refund.findMany({
    where: { outbox: { isNot: null } },
    orderBy: { id: "desc" },
    take: 200,
    select: {
      id: true,
      amountFen: true,
      status: true,
      kind: true,
      reason: true,
      createdAt: true,
      order: { select: { code: true, union: { select: { name: true } } } },
      outbox: true,
    },
  });
  return rows.map((r) => {
    const job = r.outbox!;
    const state: RefundState =
      r.status === "SUCCEEDED"
        ? "succeeded"
        : job.status === "FAILED"
          ? "failed"
          : job.status === "SUBMITTED"
            ? "submitted"
            : job.attempts > 0
              ? "retrying"
              : "pending";
    return {
      id: r.id,
      amountFen: toFen(r.amountFen),
      kind: r.kind,
      reason: r.reason,
      createdAt: r.createdAt.toISOString(),
      orderCode: r.order.code,
      unionName: r.order.union.name,
      state,
      attempts: job.attempts,
      lastError: job.lastError,
      nextAttemptAt: job.nextAttemptAt.toISOString(),
      canRetry: job.status === "FAILED" || (job.status === "QUEUED" && job.attempts > 0),
    };
  });
}

/** For tests: whether any job is due (used to show the outbox resumes after a restart). */
export async function dueJobCount(now = Date.now()): Promise<number> {
  const row = await first(
    reader,
    q
      .selectFrom("RefundOutbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "QUEUED")
      .where("nextAttemptAt", "<=", instant(now)),
  );
  return row?.n ?? 0;
}
