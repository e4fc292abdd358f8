// Prisma 6.19 offline: the JS schema engine talks to SQLite through the better-sqlite3 driver adapter, so the
// CLI needs no native engine download (see docs/decisions/0002-prisma-offline.md).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

const url = process.env.DATABASE_URL ?? `file:${path.resolve("data", "bangfu.db")}`;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaBetterSQLite3({ url: url.replace(/^file:/, "") }, { timestampFormat: "unixepoch-ms" });
  },
});
