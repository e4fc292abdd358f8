// Runs before each test file: its own database, copied from the migrated template (tests/postgres/global-setup.ts).
import crypto from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { databaseUrl } from "./support";

const adminUrl = process.env.BANGFU_PG_ADMIN_URL;
const template = process.env.BANGFU_PG_TEMPLATE;
if (!adminUrl || !template) throw new Error("run the PostgreSQL suite through its config: npm run test:postgres");
const database = `${template}_${crypto.randomBytes(4).toString("hex")}`;

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// Copying a template needs it free of connections; two workers copying at once may see each other, so retry.
for (let attempt = 0; ; attempt++) {
  try {
    await admin((client) => client.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`));
    break;
  } catch (error) {
    if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
process.env.POSTGRES_URL = databaseUrl(adminUrl, database);

afterAll(async () => {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
});
