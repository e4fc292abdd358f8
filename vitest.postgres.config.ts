// The PostgreSQL suite (`npm run test:postgres`, docs/decisions/0190-two-engines.md): a throwaway server from
// scripts/pg-test-server.mjs (or POSTGRES_TEST_ADMIN_URL), migrated by scripts/pg-migrate.mjs into a template
// database; each test file gets its own copy.
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    include: ["tests/postgres/**/*.test.ts"],
    globalSetup: ["tests/postgres/global-setup.ts"],
    setupFiles: ["tests/postgres/setup-file.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
