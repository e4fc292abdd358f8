// The integration suite on PostgreSQL (`npm run test:postgres`, docs/decisions/0190-two-engines.md): the app's own
// code with DATABASE_URL naming a throwaway server's database, one per test file, copied from a migrated template
// (tests/postgres/global-setup.ts). Every file of tests/integration runs here as on SQLite, except the SQLite data
// generator's, whose PostgreSQL counterpart is tests/postgres/generate-data.test.ts; a test that is about SQLite alone
// (its database-wide write lock, its pragmas) says so and skips itself here. tests/postgres-app holds what runs on
// PostgreSQL only: the concurrency guarantees with two app processes sharing the database.
import path from "node:path";
import { defineConfig } from "vitest/config";

/** Integration files that do not run on PostgreSQL, and why. */
export const SQLITE_ONLY_INTEGRATION = [
  // Writes a SQLite file with the bulk loader; `generate-data --to postgresql://…` is tested in tests/postgres.
  "tests/integration/generate-data.test.ts",
];

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    include: ["tests/integration/**/*.test.ts", "tests/postgres-app/**/*.test.ts"],
    exclude: [...SQLITE_ONLY_INTEGRATION, "**/node_modules/**"],
    globalSetup: ["tests/postgres/global-setup.ts"],
    setupFiles: ["tests/postgres/setup-file.ts", "tests/postgres/app-setup-file.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
