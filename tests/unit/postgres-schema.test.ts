// The PostgreSQL schema is generated from the SQLite one (scripts/postgres-schema.mjs): this fails whenever the
// committed prisma/postgres files are stale, without needing a server. tests/postgres/schema-generation.test.ts
// regenerates Prisma's DDL part on a real server.
import { describe, expect, it } from "vitest";
import { checksOf, postgresSchemaFrom, staleWithoutServer } from "../../scripts/postgres-schema.mjs";

describe("prisma/postgres, generated from prisma/schema.prisma and prisma/migrations", () => {
  it("is up to date (run npm run db:postgres:generate when this fails)", () => {
    expect(staleWithoutServer()).toEqual([]);
  });

  it("maps the datasource and instants, and keeps every model", () => {
    const source = `generator client {\n  provider = "prisma-client"\n}\n\ndatasource db {\n  provider = "sqlite"\n  url      = "file:x.db"\n}\n\nmodel A {\n  id Int @id\n  at DateTime @default(now()) // when\n  until DateTime?\n  note String\n}\n`;
    const schema = postgresSchemaFrom(source);
    expect(schema).toContain(`provider = "postgresql"`);
    expect(schema).toContain(`url      = env("DATABASE_URL")`);
    // Its own client, beside the SQLite one: app/utils/db.server.ts picks it when DATABASE_URL names PostgreSQL.
    expect(schema).toContain(`output       = "../../app/generated/prisma-postgres"`);
    expect(schema).not.toContain(`provider = "sqlite"`);
    expect(schema).toContain("at DateTime @db.Timestamptz(3) @default(now()) // when");
    expect(schema).toContain("until DateTime? @db.Timestamptz(3)");
    expect(schema).toContain("note String\n");
  });

  it("reads CHECK constraints of a table, column and table level, past strings and nested parentheses", () => {
    const sql = `CREATE TABLE "T" (
      "a" INTEGER NOT NULL CHECK ("a" > 0),
      "b" TEXT NOT NULL DEFAULT 'CHECK (no)' CHECK ("b" IN ('x)', 'y''s')),
      "c" INTEGER,
      CHECK (("c" IS NULL) <> ("a" IS NULL)),
      CONSTRAINT "fk" FOREIGN KEY ("c") REFERENCES "U" ("id")
    )`;
    expect(checksOf(sql)).toEqual([`"a" > 0`, `"b" IN ('x)', 'y''s')`, `("c" IS NULL) <> ("a" IS NULL)`]);
  });
});
