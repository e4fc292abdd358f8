// Runs before each integration test file on PostgreSQL, after setup-file.ts made its database: the app's
// environment points at that database (so app/utils/engine.server.ts picks PostgreSQL), a data directory of its own,
// and MSW failing the test on any request to the outside world that no handler mocks — as on SQLite.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll } from "vitest";
import { server } from "../mocks/server";

const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `bangfu-pg-${crypto.randomBytes(4).toString("hex")}-`));
process.env.NODE_ENV = "test";
process.env.DATA_DIR = runDir;
process.env.DATABASE_URL = process.env.POSTGRES_URL;
process.env.SESSION_SECRET = "test-session-secret-0123456789";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  const { closeDatabase } = await import("~/utils/db.server");
  await closeDatabase();
  fs.rmSync(runDir, { recursive: true, force: true });
});
