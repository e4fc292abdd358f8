// The sign-in throttle's statements (app/models/access/login-throttle-sql.server.ts), compiled for PostgreSQL and
// run from two connections at once, as two app processes would: the limit holds across them.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptsInWindowQuery, claimAttemptQuery, releaseAttemptQuery, THROTTLE_WINDOW_MS } from "~/models/access/login-throttle-sql.server";
import { qPostgres } from "~/utils/sql.server";
import { connect } from "./support";

let one: pg.Client;
let two: pg.Client;
beforeAll(async () => {
  [one, two] = await Promise.all([connect(), connect()]);
});
afterAll(async () => {
  await Promise.all([one.end(), two.end()]);
});

async function claim(client: pg.Client, key: string, nowMs: number, limit: number | null): Promise<boolean> {
  const { sql, parameters } = claimAttemptQuery(qPostgres, key, nowMs, limit).compile();
  const { rows } = await client.query(sql, [...parameters]);
  return rows.length === 1;
}

async function attempts(key: string, nowMs: number): Promise<number> {
  const { sql, parameters } = attemptsInWindowQuery(qPostgres, key, nowMs).compile();
  const { rows } = await one.query<{ attempts: number }>(sql, [...parameters]);
  return rows[0]?.attempts ?? 0;
}

describe("the sign-in throttle on PostgreSQL", () => {
  it("grants exactly the limit to 40 claims racing over eight connections", async () => {
    const now = Date.now();
    const pool = new pg.Pool({ connectionString: process.env.POSTGRES_URL, max: 8 });
    const claims = Array.from({ length: 40 }, async () => {
      const { sql, parameters } = claimAttemptQuery(qPostgres, "p:race|203.0.113.1", now, 5).compile();
      return (await pool.query(sql, [...parameters])).rows.length === 1;
    });
    const granted = (await Promise.all(claims)).filter(Boolean).length;
    await pool.end();
    expect(granted).toBe(5);
    expect(await attempts("p:race|203.0.113.1", now)).toBe(5);
  });

  it("starts a new window once the last one has ended, and counts without a limit when there is none", async () => {
    const start = Date.now();
    for (let i = 0; i < 5; i++) expect(await claim(one, "c:198.51.100.7", start, 5)).toBe(true);
    expect(await claim(two, "c:198.51.100.7", start + 1000, 5)).toBe(false);
    expect(await claim(two, "c:198.51.100.7", start + THROTTLE_WINDOW_MS, 5)).toBe(true);
    expect(await attempts("c:198.51.100.7", start + THROTTLE_WINDOW_MS)).toBe(1);
    for (let i = 0; i < 30; i++) expect(await claim(i % 2 ? one : two, "u:school.buyer", start, null)).toBe(true);
    expect(await attempts("u:school.buyer", start)).toBe(30);
  });

  it("gives a claim back for a right password, never below zero", async () => {
    const now = Date.now();
    await claim(one, "p:give|1", now, 5);
    const { sql, parameters } = releaseAttemptQuery(qPostgres, "p:give|1").compile();
    await two.query(sql, [...parameters]);
    await two.query(sql, [...parameters]);
    expect(await attempts("p:give|1", now)).toBe(0);
  });
});
