// The refund outbox worker (docs/decisions/0121-refund-outbox.md). A refund row and its outbox row commit with the
// cancellation, decline or duplicate charge that causes them; this worker, run by the server process, asks the
// provider afterwards. A network error or a provider-side failure is retried with backoff; after
// REFUND_MAX_ATTEMPTS the job shows as failed on the finance screen, where it can be retried by hand. A crash at
// any point loses nothing: the job is still in the table when the server starts again.
import { db, sqlite, writeSql } from "~/utils/db.server";
import { all, first, q } from "~/utils/sql.server";
import type { Actor } from "~/domain/actor";
import { toFen } from "~/domain/money";
import { REFUND_MAX_ATTEMPTS, refundRetryDelayMs } from "~/domain/payments";
import { recordAudit } from "~/models/access/audit.server";
import { stripeCards } from "~/models/payments/payment-providers.server";

// While a call is in flight its job is leased: if the process dies mid-call, the job becomes due again after this.
const LEASE_MS = 5 * 60_000;
const BATCH = 20;

type Job = { refundId: number; amountFen: number; idempotencyKey: string; providerFailures: number; paymentIntentId: string | null };

function takeDueJobs(now: number): Promise<Job[]> {
  return writeSql((c) => {
    const jobs = all(
      c,
      q
        .selectFrom("RefundOutbox as j")
        .innerJoin("Refund as r", "r.id", "j.refundId")
        .innerJoin("Payment as p", "p.id", "r.paymentId")
        .select((eb) => [
          "j.refundId",
          "r.amountFen",
          "r.idempotencyKey",
          "j.providerFailures",
          eb.fn.coalesce("p.paymentIntentId", "p.providerPaymentId").as("paymentIntentId"),
        ])
        .where("j.status", "=", "QUEUED")
        .where("j.nextAttemptAt", "<=", now)
        .where("r.status", "=", "PENDING")
        .orderBy("j.nextAttemptAt")
        .limit(BATCH),
    );
    for (const j of jobs)
      c.prepare(`UPDATE "RefundOutbox" SET "attempts" = "attempts" + 1, "nextAttemptAt" = ?, "updatedAt" = ? WHERE "refundId" = ?`).run(
        now + LEASE_MS,
        now,
        j.refundId,
      );
    return jobs.map((j): Job => ({ ...j, amountFen: Number(j.amountFen) }));
  });
}

function submitted(refundId: number, providerRefundId: string) {
  return writeSql((c) => {
    c.prepare(`UPDATE "Refund" SET "providerRefundId" = ? WHERE "id" = ? AND "status" = 'PENDING'`).run(providerRefundId, refundId);
    c.prepare(`UPDATE "RefundOutbox" SET "status" = 'SUBMITTED', "lastError" = NULL, "updatedAt" = ? WHERE "refundId" = ? AND "status" = 'QUEUED'`).run(
      Date.now(),
      refundId,
    );
    recordAudit(c, { actorId: null, orgId: null, action: "refund.submitted", entityType: "Refund", entityId: refundId, detail: { providerRefundId } });
  });
}

function failedAttempt(refundId: number, message: string, now: number) {
  return writeSql((c) => {
    const job = first(c, q.selectFrom("RefundOutbox").select("attempts").where("refundId", "=", refundId));
    if (!job) throw new Error(`Unknown refund job ${refundId}`);
    const giveUp = job.attempts >= REFUND_MAX_ATTEMPTS;
    c.prepare(`UPDATE "RefundOutbox" SET "status" = ?, "nextAttemptAt" = ?, "lastError" = ?, "updatedAt" = ? WHERE "refundId" = ? AND "status" = 'QUEUED'`).run(
      giveUp ? "FAILED" : "QUEUED",
      now + refundRetryDelayMs(job.attempts),
      message.slice(0, 300),
      now,
      refundId,
    );
    if (giveUp)
      recordAudit(c, {
        actorId: null,
        orgId: null,
        action: "refund.gaveUp",
        entityType: "Refund",
        entityId: refundId,
        detail: { attempts: job.attempts, message },
      });
  });
}

let running: Promise<number> | null = null;

async function drainOnce(now: number): Promise<number> {
  const jobs = await takeDueJobs(now);
  for (const job of jobs) {
    if (!stripeCards.enabled()) {
      await failedAttempt(job.refundId, "card payments are not configured", now);
      continue;
    }
    // The same key for network retries (Stripe then answers with the refund it already made); a new key only
    // after the provider reported this refund failed.
    const key = job.providerFailures ? `${job.idempotencyKey}-r${job.providerFailures}` : job.idempotencyKey;
    const outcome = await stripeCards.refund({ id: job.refundId, amountFen: job.amountFen, idempotencyKey: key, paymentIntentId: job.paymentIntentId });
    if (outcome.ok && outcome.providerRefundId) await submitted(job.refundId, outcome.providerRefundId);
    else await failedAttempt(job.refundId, outcome.ok ? "no refund id" : `${outcome.problem}: ${outcome.message}`, now);
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
  return writeSql((c) => {
    const now = Date.now();
    const changed = c
      .prepare(
        `UPDATE "RefundOutbox" SET "status" = 'QUEUED', "attempts" = 0, "nextAttemptAt" = ?, "updatedAt" = ? WHERE "refundId" = ? AND "status" IN ('FAILED','QUEUED')`,
      )
      .run(now, now, refundId).changes;
    if (changed) recordAudit(c, { actorId: finance.userId, orgId: null, action: "refund.retry", entityType: "Refund", entityId: refundId });
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
export function dueJobCount(now = Date.now()): number {
  const row = first(
    sqlite,
    q
      .selectFrom("RefundOutbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "QUEUED")
      .where("nextAttemptAt", "<=", now),
  );
  return row?.n ?? 0;
}
