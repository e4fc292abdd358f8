// Runs before each test file: a fresh database copied from the migrated template, its own data directory, and
// MSW that fails the test on any request to the outside world that no handler mocks.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll } from "vitest";
import { server } from "../mocks/server";

// Set by global-setup in the parent process; workers inherit it.
const cacheDir = process.env.BANGFU_TEST_CACHE ?? path.resolve("tests/.cache");
const runDir = path.join(cacheDir, `run-${process.pid}-${crypto.randomBytes(4).toString("hex")}`);
fs.mkdirSync(runDir, { recursive: true });
fs.copyFileSync(path.join(cacheDir, "template.db"), path.join(runDir, "test.db"));
process.env.NODE_ENV = "test";
process.env.DATA_DIR = runDir;
process.env.DATABASE_URL = `file:${path.join(runDir, "test.db")}`;
process.env.SESSION_SECRET = "test-session-secret-0123456789";
// A previous file in this worker may have left its connections open on globalThis.
const previous = (globalThis as { __bangfuDb?: { sqlite: { close(): void }; writer: { close(): void } | null } }).__bangfuDb;
if (previous) {
  previous.sqlite.close();
  previous.writer?.close();
  (globalThis as { __bangfuDb?: unknown }).__bangfuDb = undefined;
}

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
});
