// The integration suite on PostgreSQL (`npm run test:postgres`, docs/decisions/0190-two-engines.md): the app's own
// code with DATABASE_URL naming a throwaway server's database, one per test file, copied from a migrated template
// (tests/postgres/global-setup.ts). The files listed run unchanged on both engines; the rest of tests/integration
// joins as the models move to the engine-neutral data layer. tests/postgres-app holds what runs on PostgreSQL only:
// the concurrency guarantees with two app processes sharing the database.
import path from "node:path";
import { defineConfig } from "vitest/config";

export const INTEGRATION_ON_POSTGRES = [
  "tests/integration/accounts.test.ts",
  "tests/integration/admin-onboarding.test.ts",
  "tests/integration/auth.test.ts",
  "tests/integration/budget-years.test.ts",
  "tests/integration/campaigns-packs.test.ts",
  "tests/integration/catalog-result-cache.test.ts",
  "tests/integration/catalog.test.ts",
  "tests/integration/complaints.test.ts",
  "tests/integration/cross-tenant.test.ts",
  "tests/integration/dashboard-paging.test.ts",
  "tests/integration/email-outbox-processes.test.ts",
  "tests/integration/email-reset.test.ts",
  "tests/integration/english-exports.test.ts",
  "tests/integration/fuzz-actions.test.ts",
  "tests/integration/invoices-export.test.ts",
  "tests/integration/listings.test.ts",
  "tests/integration/login-throttle.test.ts",
  "tests/integration/messages.test.ts",
  "tests/integration/notifications.test.ts",
  "tests/integration/one-home.test.ts",
  "tests/integration/order-story.test.ts",
  "tests/integration/orders-concurrency.test.ts",
  "tests/integration/orders-lifecycle.test.ts",
  "tests/integration/org-admin.test.ts",
  "tests/integration/payments.test.ts",
  "tests/integration/probe-regressions.test.ts",
  "tests/integration/reminders.test.ts",
  "tests/integration/report-nodes.test.ts",
  "tests/integration/reports.test.ts",
  "tests/integration/rules-sql.test.ts",
  "tests/integration/stripe.test.ts",
  "tests/integration/transactions.test.ts",
  "tests/integration/union-budget.test.ts",
  "tests/integration/union-order-totals.test.ts",
  "tests/integration/uploads-s3.test.ts",
  "tests/integration/write-path.test.ts",
  "tests/integration/year-over-year.test.ts",
];

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    // BANGFU_PG_ALL=1 runs every integration file, to see which do not run on PostgreSQL yet.
    include: process.env.BANGFU_PG_ALL ? ["tests/integration/**/*.test.ts"] : [...INTEGRATION_ON_POSTGRES, "tests/postgres-app/**/*.test.ts"],
    globalSetup: ["tests/postgres/global-setup.ts"],
    setupFiles: ["tests/postgres/setup-file.ts", "tests/postgres/app-setup-file.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
