import crypto from "node:crypto";
import pg from "pg";
import type { Connection } from "~/utils/sql.server";

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A client on this test file's own database (tests/postgres/setup-file.ts made it); the caller ends it. */
export async function connect(): Promise<pg.Client> {
  const url = process.env.POSTGRES_URL;
  if (!url) throw new Error("POSTGRES_URL is unset: run the PostgreSQL suite with npm run test:postgres");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/**
 * A pg client as the data layer's engine-neutral Connection, for statements built with builderFor("postgres") in
 * this suite (whose own process runs on SQLite). Values are pg's defaults (bigint and numeric as text), not the
 * app pool's parsed ones: callers normalise what they compare.
 */
export function pgConnection(client: pg.ClientBase): Connection {
  return {
    dialect: "postgres",
    async execute(compiled) {
      const result = await client.query({ text: compiled.sql, values: [...compiled.parameters] });
      return { rows: result.rows, changes: result.rowCount ?? 0 };
    },
    async script(text) {
      await client.query(text);
    },
  };
}

/** Runs fn with a client on url, and ends the client whatever happens. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * New, empty databases (no tables at all) on the throwaway server, for tests of what fills one (migrations, db:copy,
 * generate-data --to): `create()` answers a URL; `dropAll()` (in afterAll) drops every one made.
 */
export function freshDatabases(prefix: string) {
  const adminUrl = process.env.BANGFU_PG_ADMIN_URL ?? "";
  const names: string[] = [];
  return {
    async create(): Promise<string> {
      const name = `${prefix}_${crypto.randomBytes(4).toString("hex")}`;
      await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
      names.push(name);
      return databaseUrl(adminUrl, name);
    },
    async dropAll(): Promise<void> {
      for (const name of names.splice(0)) await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** The row count of every table in the database at url, by table name. */
export async function rowCounts(url: string): Promise<Record<string, number>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ table: string }>(
      `SELECT c.relname AS "table" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { table } of rows) counts[table] = Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS "n" FROM "${table}"`)).rows[0].n);
    return counts;
  });
}
