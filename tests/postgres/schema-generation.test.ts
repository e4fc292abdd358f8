// The whole generated PostgreSQL schema, Prisma's DDL included, regenerated on this real server: equal to the
// committed files (tests/unit/postgres-schema.test.ts checks the rest without a server).
import fs from "node:fs";
import { expect, it } from "vitest";
import { generate, PG_BASELINE, PG_SCHEMA } from "../../scripts/postgres-schema.mjs";

it("regenerates prisma/postgres exactly as committed (else: npm run db:postgres:generate)", async () => {
  const { schema, migration } = await generate({ databaseUrl: process.env.POSTGRES_URL });
  expect(schema).toBe(fs.readFileSync(PG_SCHEMA, "utf8"));
  expect(migration).toBe(fs.readFileSync(PG_BASELINE, "utf8"));
}, 120_000);
