// Starts a throwaway PostgreSQL (scripts/pg-test-server.mjs) unless POSTGRES_TEST_ADMIN_URL names a server to use
// (the superuser's URL of its maintenance database), applies the PostgreSQL migrations with scripts/pg-migrate.mjs
// to a template database, and stops and deletes it all at the end.
import pg from "pg";
import { migrate } from "../../scripts/pg-migrate.mjs";
import { startTestPostgres } from "../../scripts/pg-test-server.mjs";
import { databaseUrl } from "./support";

export default async function setup() {
  let stopServer = () => {};
  let adminUrl = process.env.POSTGRES_TEST_ADMIN_URL;
  if (!adminUrl) {
    const server = await startTestPostgres();
    adminUrl = server.adminUrl;
    stopServer = server.stop;
  }
  const template = `bangfu_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${template}"`);
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  await migrate(databaseUrl(adminUrl, template));
  process.env.BANGFU_PG_ADMIN_URL = adminUrl;
  process.env.BANGFU_PG_TEMPLATE = template;
  return async () => {
    if (process.env.POSTGRES_TEST_ADMIN_URL) {
      // A server we did not start: leave it as we found it.
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      const { rows } = await cleanup.query<{ datname: string }>(`SELECT "datname" FROM pg_database WHERE "datname" LIKE $1`, [`${template}%`]);
      for (const { datname } of rows) await cleanup.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await cleanup.end();
    }
    stopServer();
  };
}
