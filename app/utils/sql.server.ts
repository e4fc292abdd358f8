// The typed statements of the data layer: queries are built with Kysely against table types generated from
// prisma/schema.prisma (scripts/generate-db-types.mjs), compiled for the engine DATABASE_URL names, and run on a
// Connection (the read connection, or a transaction's: app/utils/db.server.ts) with all/first/one/run, which answer
// promises on both engines. Row types come from the query, not from a cast, so a renamed column fails `npm run
// typecheck` (docs/decisions/0102-typed-rows.md, 0190-two-engines.md). The synchronous overloads on a raw
// better-sqlite3 connection serve scripts that open a SQLite file of their own (the data generator, db:copy).
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
  type CompiledQuery,
  type Expression,
  type RawBuilder,
  type SqlBool,
} from "kysely";
import type { DB } from "~/generated/db-types";
import { engine } from "./engine.server";

export const qSqlite = new Kysely<DB>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

/**
 * The same builder compiling for PostgreSQL, also without a connection; tests/postgres uses it to run statements on
 * a real server from a SQLite process.
 */
export const qPostgres = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/**
 * The query builder for the engine this process runs on (DATABASE_URL): it only compiles SQL, it never opens a
 * connection of its own. Rows have the same types on both engines (DateTime as epoch ms, Boolean as 0/1, counts
 * and sums as numbers; app/utils/db.server.ts parses PostgreSQL's values to them).
 */
export const q = engine === "postgres" ? qPostgres : qSqlite;

/** The builder of a given engine, for statements written once per dialect and run on either (tests run both). */
export const builderFor = (dialect: SqlDialect) => (dialect === "postgres" ? qPostgres : qSqlite);

/** The engines statements compile for (docs/decisions/0190-two-engines.md). */
export type SqlDialect = "sqlite" | "postgres";

declare const instantBrand: unique symbol;
/**
 * A DateTime column's value: epoch milliseconds when read (SQLite stores them; PostgreSQL's timestamptz is parsed to
 * them). The brand makes tsc refuse a bare number where a statement binds an instant, so every bound instant goes
 * through `instant()` or `instantValue()`, which write it in the form its engine compares.
 */
export type Instant = number & { readonly [instantBrand]: true };

/**
 * An instant as a bound value for the engine a statement compiles for. SQLite compares epoch milliseconds;
 * PostgreSQL's column is a timestamptz, so there the value is bound as UTC ISO text and cast, and the session's
 * time zone cannot shift it.
 */
export function instantValue(epochMs: number, dialect: SqlDialect): RawBuilder<Instant> {
  if (!Number.isSafeInteger(epochMs)) throw new Error(`not an instant in epoch milliseconds: ${epochMs}`);
  return dialect === "postgres" ? sql<Instant>`CAST(${new Date(epochMs).toISOString()} AS timestamptz)` : sql<Instant>`${epochMs}`;
}

/** An instant bound for the engine this process runs on (`DATABASE_URL`): a plain value, so prepared() can bind it. */
export function instant(epochMs: number): Instant {
  if (!Number.isSafeInteger(epochMs)) throw new Error(`not an instant in epoch milliseconds: ${epochMs}`);
  return (engine === "postgres" ? new Date(epochMs).toISOString() : epochMs) as Instant;
}

/**
 * A connection statements run on asynchronously, on either engine: the read connection, or the one a transaction
 * holds (app/utils/db.server.ts). Both answer the same row types.
 */
export interface Connection {
  readonly dialect: SqlDialect;
  execute<O>(compiled: CompiledQuery<O>): Promise<{ rows: O[]; changes: number }>;
  /** Runs a script of several statements without parameters (a bulk rebuild written in SQL both engines run). */
  script(text: string): Promise<void>;
}

type Runnable = Database.Database | Connection;
const isConnection = (c: Runnable): c is Connection => "execute" in c && "dialect" in c;

/** The values better-sqlite3 binds: SQLite stores booleans as 0/1 and instants as epoch ms. */
export function sqliteParameters(values: readonly unknown[]): unknown[] {
  return values.map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : v instanceof Date ? v.getTime() : v));
}

const STATEMENT_CACHE_SIZE = 1000;

/**
 * The raw connection prepares each SQL text once: preparing cost more than running the small indexed reads of the
 * hot pages (docs/performance.md). Safe because no caller changes a statement's mode (pluck/raw/expand) or
 * iterates one while another uses it; the cache is emptied if generated SQL ever makes it grow past its bound.
 */
export function withStatementCache(connection: Database.Database) {
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, Database.Statement>();
  connection.prepare = ((sql: string, ...rest: unknown[]) => {
    if (rest.length) return (prepare as (...args: unknown[]) => Database.Statement)(sql, ...rest);
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
      statement = prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  }) as Database.Database["prepare"];
  return connection;
}

const RAW_SQLITE = Symbol("better-sqlite3 connection");

/**
 * The better-sqlite3 connection under a SQLite Connection, for tests that set up SQLite-only states with raw SQL
 * inside a transaction. Throws on PostgreSQL: app code never uses it.
 */
export function rawSqlite(connection: Connection): Database.Database {
  const raw = (connection as { [RAW_SQLITE]?: Database.Database })[RAW_SQLITE];
  if (!raw) throw new Error("rawSqlite: not a SQLite connection");
  return raw;
}

/** A better-sqlite3 connection as an engine-neutral Connection (the app's own in db.server.ts; scripts that open a file of their own). */
export function sqliteConnection(connection: Database.Database): Connection {
  const wrapped: Connection & { [RAW_SQLITE]?: Database.Database } = {
    dialect: "sqlite",
    async execute(compiled) {
      const statement = connection.prepare(compiled.sql);
      const values = sqliteParameters(compiled.parameters);
      // A statement that returns rows (a SELECT, or a write with RETURNING) changed as many rows as it returned.
      if (statement.reader) {
        const rows = statement.all(...values) as never[];
        return { rows, changes: rows.length };
      }
      return { rows: [], changes: statement.run(...values).changes };
    },
    async script(text) {
      connection.exec(text);
    },
  };
  Object.defineProperty(wrapped, RAW_SQLITE, { value: connection });
  return wrapped;
}

/** Every row of a typed query. */
export function all<O>(connection: Database.Database, query: Compilable<O>): O[];
export function all<O>(connection: Connection, query: Compilable<O>): Promise<O[]>;
export function all<O>(connection: Runnable, query: Compilable<O>): O[] | Promise<O[]> {
  const compiled = query.compile();
  if (isConnection(connection)) return connection.execute(compiled).then((r) => r.rows);
  // The one place a row type is asserted: it is Kysely's own inference of this very query.
  return connection.prepare(compiled.sql).all(...sqliteParameters(compiled.parameters)) as O[];
}

/** The first row of a typed query, or undefined. */
export function first<O>(connection: Database.Database, query: Compilable<O>): O | undefined;
export function first<O>(connection: Connection, query: Compilable<O>): Promise<O | undefined>;
export function first<O>(connection: Runnable, query: Compilable<O>): O | undefined | Promise<O | undefined> {
  const compiled = query.compile();
  if (isConnection(connection)) return connection.execute(compiled).then((r) => r.rows[0]);
  return connection.prepare(compiled.sql).get(...sqliteParameters(compiled.parameters)) as O | undefined;
}

/** The row a query must return (a count, a row the caller's own transaction just read or wrote); throws if there is none. */
export function one<O>(connection: Database.Database, query: Compilable<O>): O;
export function one<O>(connection: Connection, query: Compilable<O>): Promise<O>;
export function one<O>(connection: Runnable, query: Compilable<O>): O | Promise<O> {
  const missing = () => new Error(`no row: ${query.compile().sql}`);
  if (isConnection(connection))
    return first(connection, query).then((row) => {
      if (row === undefined) throw missing();
      return row;
    });
  const row = first(connection, query);
  if (row === undefined) throw missing();
  return row;
}

/** Runs a typed insert, update or delete; `changes` is the number of rows it changed. */
export function run(connection: Database.Database, query: Compilable<unknown>): Database.RunResult;
export function run(connection: Connection, query: Compilable<unknown>): Promise<{ changes: number }>;
export function run(connection: Runnable, query: Compilable<unknown>): Database.RunResult | Promise<{ changes: number }> {
  const compiled = query.compile();
  if (isConnection(connection)) return connection.execute(compiled).then((r) => ({ changes: r.changes }));
  return connection.prepare(compiled.sql).run(...sqliteParameters(compiled.parameters));
}

/** Text with its own LIKE wildcards (%, _) and the escape character (a backslash) escaped, for `like`. */
export function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (ch) => `\\${ch}`);
}

/**
 * `column LIKE pattern ESCAPE '\'` (a backslash). Pass the column as `eb.ref(...)` so tsc checks it. SQLite's LIKE
 * ignores the case of ASCII letters; PostgreSQL's does not, so there it is ILIKE and both engines find the same rows.
 */
export function like(column: Expression<string | null>, pattern: string): RawBuilder<SqlBool> {
  return engine === "postgres" ? sql<SqlBool>`${column} ILIKE ${pattern} ESCAPE '\\'` : sql<SqlBool>`${column} LIKE ${pattern} ESCAPE '\\'`;
}

/** `column LIKE '%text%'`, the text matched literally: the one "contains" filter of the admin searches. */
export function containsText(column: Expression<string | null>, text: string): RawBuilder<SqlBool> {
  return like(column, `%${escapeLike(text)}%`);
}

const PARAMETER = Symbol("prepared parameter");
type Marker = { readonly [PARAMETER]: string };
const isMarker = (value: unknown): value is Marker => typeof value === "object" && value !== null && PARAMETER in value;
const PREPARED_SHAPES_KEPT = 64;

/**
 * A statement built and compiled once per shape, then run with each call's values: Kysely builds and compiles a
 * statement in JavaScript (~20–100 µs for the hot reads), which on the order path and the dashboards cost more than
 * SQLite running them (docs/performance.md). `build` receives stand-ins for the values, so it must not branch on
 * them or turn them into SQL text; what does change the SQL (a China day in a rule's literals, the length of an `in`
 * list, built with listStandIns) is the `shape` key, one compiled statement per shape. A stand-in that is not a
 * parameter of the compiled SQL fails the first call.
 */
export function prepared<P extends Record<string, unknown>, O, S extends string = "">(
  build: (values: P, shape: S) => Compilable<O>,
): (values: P, shape?: S) => Compilable<O> {
  const shapes = new Map<string, { compiled: CompiledQuery<O>; slots: Array<{ name: string } | { value: unknown }> }>();
  return (values, shape = "" as S) => {
    let entry = shapes.get(shape);
    if (!entry) {
      const standIns = new Proxy({} as P, { get: (_, name) => ({ [PARAMETER]: String(name) }) satisfies Marker });
      const compiled = build(standIns, shape).compile();
      const slots = compiled.parameters.map((value) => (isMarker(value) ? { name: value[PARAMETER] } : { value }));
      const used = new Set(slots.flatMap((slot) => ("name" in slot ? [slot.name] : [])));
      const unused = Object.keys(values).filter((name) => !used.has(name));
      if (unused.length || compiled.sql.includes("[object Object]"))
        throw new Error(`prepared statement does not bind ${unused.join(", ") || "a value"} as a parameter: ${compiled.sql}`);
      if (shapes.size >= PREPARED_SHAPES_KEPT) shapes.clear();
      entry = { compiled, slots };
      shapes.set(shape, entry);
    }
    const { compiled, slots } = entry;
    const parameters = slots.map((slot) => ("name" in slot ? values[slot.name] : slot.value));
    return { compile: () => ({ ...compiled, parameters }) };
  };
}

/** The values of a prepared `in` list (named id0, id1, …), to pass with the shape `String(ids.length)`. */
export function listValues(ids: readonly number[]): Record<string, number> {
  return Object.fromEntries(ids.map((id, i) => [`id${i}`, id]));
}

/** Inside a prepared statement's build: the stand-ins of an `in` list of `count` values (see listValues). */
export function listStandIns(values: Record<string, number>, count: string): number[] {
  return Array.from({ length: Number(count) }, (_, i) => values[`id${i}`]);
}

/**
 * Locks the rows of `table` with these ids until the transaction ends (PostgreSQL `SELECT … FOR UPDATE`, in id order so
 * two transactions locking overlapping sets cannot deadlock). On SQLite nothing: its writer is serialized already.
 */
export async function lockRows(connection: Connection, table: "Organization" | "Product", ids: readonly number[]): Promise<void> {
  if (connection.dialect !== "postgres" || !ids.length) return;
  await connection.execute(
    qPostgres
      .selectFrom(table)
      .select("id")
      .where(
        "id",
        "in",
        [...new Set(ids)].sort((a, b) => a - b),
      )
      .orderBy("id")
      .forUpdate()
      .compile(),
  );
}

/**
 * After rows were inserted with their own ids (the seed, a copy): every serial sequence moves past the highest id
 * of its column, so the next insert that lets the database choose gets a free one. SQLite's AUTOINCREMENT does this
 * itself; PostgreSQL's sequences do not.
 */
export async function setSequencesPastIds(connection: Connection): Promise<void> {
  if (connection.dialect !== "postgres") return;
  await connection.script(`DO $$
DECLARE r record; m bigint;
BEGIN
  FOR r IN
    SELECT c.relname AS tbl, a.attname AS col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
    WHERE c.relkind = 'r' AND n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped
      AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL
  LOOP
    EXECUTE format('SELECT COALESCE(MAX(%I), 0) FROM %I', r.col, r.tbl) INTO m;
    IF m > 0 THEN PERFORM setval(r.seq, m, true); ELSE PERFORM setval(r.seq, 1, false); END IF;
  END LOOP;
END $$;`);
}
