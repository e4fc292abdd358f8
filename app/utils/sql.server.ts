// The typed read path for raw SQL: queries are built with Kysely against table types generated from
// prisma/schema.prisma (scripts/generate-db-types.mjs), compiled, and run synchronously on the better-sqlite3
// connection (inside writeSql transactions too). Row types come from the query, not from a cast, so a renamed
// column fails `npm run typecheck`. On PostgreSQL the same builders compile with Kysely's Postgres compiler
// (docs/decisions/0102-typed-rows.md).
import type Database from "better-sqlite3";
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
  type Expression,
  type RawBuilder,
  type SqlBool,
} from "kysely";
import type { DB } from "~/generated/db-types";

/** The query builder: it only compiles SQL, it never opens a connection of its own. */
export const q = new Kysely<DB>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

/**
 * The same builder compiling for PostgreSQL, also without a connection. Today tests/postgres runs its statements
 * on a real server; the async data layer of docs/decisions/0190-two-engines.md will pick `q` per engine. The table
 * types are SQLite's (DateTime as epoch ms), so only statements without instants or booleans port as they are.
 */
export const qPostgres = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

function parameters(values: readonly unknown[]): unknown[] {
  // better-sqlite3 binds numbers, strings, bigints, buffers and null; SQLite stores booleans as 0/1, instants as ms.
  return values.map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : v instanceof Date ? v.getTime() : v));
}

/** Every row of a typed query. */
export function all<O>(connection: Database.Database, query: Compilable<O>): O[] {
  const compiled = query.compile();
  // The one place a row type is asserted: it is Kysely's own inference of this very query.
  return connection.prepare(compiled.sql).all(...parameters(compiled.parameters)) as O[];
}

/** The first row of a typed query, or undefined. */
export function first<O>(connection: Database.Database, query: Compilable<O>): O | undefined {
  const compiled = query.compile();
  return connection.prepare(compiled.sql).get(...parameters(compiled.parameters)) as O | undefined;
}

/** The row a query must return (a count, a row the caller's own transaction just read or wrote); throws if there is none. */
export function one<O>(connection: Database.Database, query: Compilable<O>): O {
  const row = first(connection, query);
  if (row === undefined) throw new Error(`no row: ${query.compile().sql}`);
  return row;
}

/** Runs a typed insert, update or delete. */
export function run(connection: Database.Database, query: Compilable<unknown>): Database.RunResult {
  const compiled = query.compile();
  return connection.prepare(compiled.sql).run(...parameters(compiled.parameters));
}

/** Text with its own LIKE wildcards (%, _) and the escape character (a backslash) escaped, for `like`. */
export function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (ch) => `\\${ch}`);
}

/** `column LIKE pattern ESCAPE '\'` (a backslash). Pass the column as `eb.ref(...)` so tsc checks it. */
export function like(column: Expression<string | null>, pattern: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${column} LIKE ${pattern} ESCAPE '\\'`;
}

/** `column LIKE '%text%'`, the text matched literally: the one "contains" filter of the admin searches. */
export function containsText(column: Expression<string | null>, text: string): RawBuilder<SqlBool> {
  return like(column, `%${escapeLike(text)}%`);
}
