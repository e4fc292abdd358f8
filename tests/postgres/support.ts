import pg from "pg";

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
