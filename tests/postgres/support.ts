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
