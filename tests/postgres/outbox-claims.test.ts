// The outboxes' claim statements (app/models/notifications/email-outbox-sql.server.ts,
// app/models/payments/refund-outbox-sql.server.ts), compiled for PostgreSQL and run from four connections at once,
// as four app processes would (docs/decisions/0199-outbox-claims.md): every due row is claimed exactly once, a row
// whose lease ran out is claimable again, and the old claimant's late outcome changes nothing.
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { claimEmailsQuery, EMAIL_LEASE_MS, emailOutcomeQuery } from "~/models/notifications/email-outbox-sql.server";
import { claimRefundJobsQuery, REFUND_LEASE_MS, refundAttemptFailedQuery, refundSubmittedQuery } from "~/models/payments/refund-outbox-sql.server";
import { connect } from "./support";

const ROWS = 200;
const CONNECTIONS = 4;
let client: pg.Client;

beforeAll(async () => {
  client = await connect();
  // Far from China and from UTC: the statements' instants must not depend on the session's zone.
  await client.query(`SET TIME ZONE 'America/Los_Angeles'`);
});
afterAll(() => client.end());
// Each test starts from empty outboxes: a claim takes whatever is due, so rows left by another test would join in.
beforeEach(async () => {
  await client.query(`DELETE FROM "EmailOutbox"`);
  await client.query(`DELETE FROM "RefundOutbox"`);
  await client.query(`DELETE FROM "Refund"`);
});

type Compiled = { compile(): { sql: string; parameters: readonly unknown[] } };

async function exec<R extends pg.QueryResultRow = pg.QueryResultRow>(on: pg.ClientBase, query: Compiled) {
  const { sql, parameters } = query.compile();
  return on.query<R>(sql, [...parameters]);
}

/** Rows of the e-mail outbox, due at `dueMs`, to addresses `<prefix><i>@claims.example`; their ids. */
async function queueEmails(prefix: string, count: number, dueMs: number): Promise<number[]> {
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO "EmailOutbox" ("notificationId","toAddress","nextAttemptAt")
     SELECT i, $1 || i || '@claims.example', $2::timestamptz FROM generate_series(1, $3::int) AS i RETURNING "id"`,
    [prefix, new Date(dueMs).toISOString(), count],
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/**
 * Refunds in PENDING with a QUEUED job each, due at `dueMs`; their refund ids. The orders and payments they belong to
 * do not matter to the claim, so the keys to them are not checked (replica mode, as tests/postgres/search-support.ts).
 */
async function queueRefunds(prefix: string, count: number, dueMs: number): Promise<number[]> {
  await client.query("BEGIN");
  await client.query("SET LOCAL session_replication_role = replica");
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO "Refund" ("orderId","paymentId","amountFen","reason","idempotencyKey")
     SELECT i, i, 100 * i, 'test', $1 || '-' || i FROM generate_series(1, $2::int) AS i RETURNING "id"`,
    [prefix, count],
  );
  await client.query(`INSERT INTO "RefundOutbox" ("refundId","nextAttemptAt") SELECT unnest($1::int[]), $2::timestamptz`, [
    rows.map((r) => r.id),
    new Date(dueMs).toISOString(),
  ]);
  await client.query("COMMIT");
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/**
 * Four connections claim in a loop until a claim comes back empty; each claim runs in a transaction held open a
 * moment after the UPDATE, so claims overlap while their rows are locked. Returns what each claimant got.
 */
async function race(claim: (claimant: string) => Compiled, key: string): Promise<Map<string, number[]>> {
  const pool = new pg.Pool({ connectionString: process.env.POSTGRES_URL, max: CONNECTIONS });
  try {
    const got = await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, n) => {
        const claimant = `host-${n}/${1000 + n}/race`;
        const connection = await pool.connect();
        const mine: number[] = [];
        try {
          for (;;) {
            await connection.query("BEGIN");
            const { rows } = await exec<Record<string, number>>(connection, claim(claimant));
            await connection.query("SELECT pg_sleep(0.005)");
            await connection.query("COMMIT");
            if (!rows.length) break;
            mine.push(...rows.map((r) => r[key]));
          }
        } finally {
          connection.release();
        }
        return [claimant, mine] as const;
      }),
    );
    return new Map(got);
  } finally {
    await pool.end();
  }
}

describe("the e-mail outbox's claim on PostgreSQL", () => {
  it("gives each of 200 due rows to exactly one of four connections claiming at once", async () => {
    const now = Date.now();
    const ids = await queueEmails("race", ROWS, now - 1000);
    const got = await race((claimant) => claimEmailsQuery(claimant, now, 7, "postgres"), "id");
    const all = [...got.values()].flat().sort((a, b) => a - b);
    expect(all).toEqual(ids);
    // More than one connection took part, so the claims really overlapped.
    expect([...got.values()].filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
    const { rows } = await client.query<{ claimedBy: string; n: string }>(
      `SELECT "claimedBy", count(*) AS n FROM "EmailOutbox" WHERE "toAddress" LIKE 'race%' GROUP BY "claimedBy"`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.claimedBy, Number(r.n)]))).toEqual(
      Object.fromEntries([...got].filter(([, mine]) => mine.length).map(([claimant, mine]) => [claimant, mine.length])),
    );
  });

  it("leaves a claimed row alone until its lease ends; then it is claimable again and the old claimant's outcome changes nothing", async () => {
    const now = Date.now();
    const ids = await queueEmails("lease", 3, now - 1000);
    const first = await exec<{ id: number }>(client, claimEmailsQuery("paused/1/a", now, 10, "postgres"));
    expect(first.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(ids);
    expect((await exec(client, claimEmailsQuery("later/2/b", now + EMAIL_LEASE_MS - 1, 10, "postgres"))).rows).toEqual([]);
    const second = await exec<{ id: number }>(client, claimEmailsQuery("later/2/b", now + EMAIL_LEASE_MS, 10, "postgres"));
    expect(second.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(ids);
    // The new claimant sends and records; the old one resumes and records a failure: it is refused row by row.
    for (const id of ids) {
      expect((await exec(client, emailOutcomeQuery("later/2/b", id, { kind: "sent", atMs: now + EMAIL_LEASE_MS + 10 }, "postgres"))).rowCount).toBe(1);
      const late = emailOutcomeQuery("paused/1/a", id, { kind: "retry", gaveUp: false, nextAttemptAtMs: now + 60_000, error: "late" }, "postgres");
      expect((await exec(client, late)).rowCount).toBe(0);
    }
    const { rows } = await client.query(
      `SELECT "status","attempts","lastError","claimedBy","claimedUntil","sentAt" = $1::timestamptz AS "sentAtRight" FROM "EmailOutbox" WHERE "toAddress" LIKE 'lease%'`,
      [new Date(now + EMAIL_LEASE_MS + 10).toISOString()],
    );
    expect(rows).toEqual(
      Array.from({ length: 3 }, () => ({ status: "SENT", attempts: 1, lastError: null, claimedBy: null, claimedUntil: null, sentAtRight: true })),
    );
    // Sent rows are never claimed again.
    expect((await exec(client, claimEmailsQuery("later/3/c", now + 10 * EMAIL_LEASE_MS, 10, "postgres"))).rows.filter((r) => ids.includes(r.id))).toEqual([]);
  });
});

describe("the refund outbox's claim on PostgreSQL", () => {
  it("gives each of 200 due jobs to exactly one of four connections claiming at once, counting one attempt each", async () => {
    const now = Date.now();
    const ids = await queueRefunds("race", ROWS, now - 1000);
    const got = await race((claimant) => claimRefundJobsQuery(claimant, now, 7, "postgres"), "refundId");
    expect([...got.values()].flat().sort((a, b) => a - b)).toEqual(ids);
    expect([...got.values()].filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
    const { rows } = await client.query<{ attempts: number; leased: boolean }>(
      `SELECT "attempts", "nextAttemptAt" = $2::timestamptz AS "leased" FROM "RefundOutbox" WHERE "refundId" = ANY($1::int[])`,
      [ids, new Date(now + REFUND_LEASE_MS).toISOString()],
    );
    expect(rows).toHaveLength(ROWS);
    expect(rows.every((r) => r.attempts === 1 && r.leased)).toBe(true);
  });

  it("takes a job again once its lease has run out; the old claimant's late outcome changes nothing", async () => {
    const now = Date.now();
    const [refundId] = await queueRefunds("lease", 1, now - 1000);
    expect((await exec(client, claimRefundJobsQuery("paused/1/a", now, 10, "postgres"))).rows).toEqual([{ refundId, attempts: 1, providerFailures: 0 }]);
    expect((await exec(client, claimRefundJobsQuery("later/2/b", now + REFUND_LEASE_MS - 1, 10, "postgres"))).rows).toEqual([]);
    expect((await exec(client, claimRefundJobsQuery("later/2/b", now + REFUND_LEASE_MS, 10, "postgres"))).rows).toEqual([
      { refundId, attempts: 2, providerFailures: 0 },
    ]);
    const later = now + REFUND_LEASE_MS + 10;
    expect((await exec(client, refundSubmittedQuery("later/2/b", refundId, later, "postgres"))).rowCount).toBe(1);
    const lateFailure = refundAttemptFailedQuery("paused/1/a", refundId, { giveUp: true, nextAttemptAtMs: later, message: "late" }, later, "postgres");
    expect((await exec(client, lateFailure)).rowCount).toBe(0);
    expect((await exec(client, refundSubmittedQuery("paused/1/a", refundId, later, "postgres"))).rowCount).toBe(0);
    const { rows } = await client.query(`SELECT "status","attempts","lastError","claimedBy" FROM "RefundOutbox" WHERE "refundId" = $1`, [refundId]);
    expect(rows).toEqual([{ status: "SUBMITTED", attempts: 2, lastError: null, claimedBy: null }]);
  });

  it("does not claim a job whose refund is no longer pending", async () => {
    const now = Date.now();
    const [refundId] = await queueRefunds("settled", 1, now - 1000);
    await client.query(`UPDATE "Refund" SET "status" = 'SUCCEEDED' WHERE "id" = $1`, [refundId]);
    const claimed = await exec<{ refundId: number }>(client, claimRefundJobsQuery("any/1/a", now, 50, "postgres"));
    expect(claimed.rows.map((r) => r.refundId)).not.toContain(refundId);
  });
});
