// The Prisma CLI's configuration for the PostgreSQL schema (docs/decisions/0190-two-engines.md). Offline, Prisma
// 6.19's JS schema engine needs a driver adapter, as prisma.config.ts has for SQLite: here @prisma/adapter-pg.
// `prisma migrate diff --from-empty` (scripts/postgres-schema.mjs) never connects; commands that do use DATABASE_URL.
// Migrations are applied by scripts/pg-migrate.mjs: `prisma migrate deploy` fails on PostgreSQL with the JS
// engine ("Column type 'name' could not be deserialized", prisma/prisma#27403).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.resolve("prisma", "postgres", "schema.prisma"),
  migrations: { path: path.resolve("prisma", "postgres", "migrations") },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://localhost:5432/bangfu" });
  },
});
