import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import Database from "better-sqlite3";
import pg from "pg";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "~/generated/prisma-postgres/client";
import { engine } from "./engine.server";
import { env } from "./env.server";
import { sqliteConnection, withStatementCache, type Connection } from "./sql.server";

/*
 * The write path (docs/decisions/0003-serialized-writer.md).
 * The better-sqlite3 adapter runs every query on one connection, so a plain write issued while another
 * request's interactive transaction is open would join that transaction and vanish with its rollback.
 * Every write therefore goes through one in-process queue (`write`), and the client below refuses a write
 * issued outside it. Reads need no queue.
 */

const WRITE_OPERATIONS = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
  "$executeRaw",
  "$executeRawUnsafe",
]);

const writerContext = new AsyncLocalStorage<true>();
let queueTail: Promise<unknown> = Promise.resolve();

function filePath(url: string) {
  return url.replace(/^file:/, "");
}

function basePrismaClient(): PrismaClient {
  if (engine === "postgres") {
    // Generated from prisma/postgres/schema.prisma, itself generated from the same models
    // (scripts/postgres-schema.mjs): the two clients have the same models, fields and types, so the app is typed
    // against one of them. The one place the two are told apart.
    return new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL }) }) as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: env.DATABASE_URL.replace(/^file:/, "") }, { timestampFormat: "unixepoch-ms" }) });
}

function createClient() {
  return basePrismaClient().$extends({
    name: "serialized-writer",
    query: {
      async $allOperations({ operation, model, args, query }) {
        if (WRITE_OPERATIONS.has(operation) && !writerContext.getStore()) {
          throw new Error(`Write ${model ?? ""}.${operation} outside write(): use write() from db.server`);
        }
        return query(args);
      },
    },
  });
}

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/*
 * A busy database (docs/operations.md, "The one-writer rule"). better-sqlite3 waits for a lock synchronously, so a
 * long busy_timeout would freeze the whole event loop — every read too — while another process holds the write
 * lock. Each connection therefore waits at most BUSY_TIMEOUT_MS inside SQLite; the writer below waits for the lock
 * asynchronously, up to WRITE_WAIT_MS from the moment a write is asked for, and then answers 503 + Retry-After.
 * Reads never queue: WAL lets them run beside a writer, in this process or another.
 */
export const BUSY_TIMEOUT_MS = 50;
export const WRITE_WAIT_MS = Number(process.env.WRITE_WAIT_MS ?? 4000);
export const RETRY_AFTER_SECONDS = 5;

function openRawConnection() {
  const connection = new Database(filePath(env.DATABASE_URL));
  connection.pragma("journal_mode = WAL");
  // SQLite's default, stated: a commit waits for the disk, so an answered write survives a power cut (ADR 0215).
  connection.pragma("synchronous = FULL");
  connection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  connection.pragma("foreign_keys = ON");
  return withStatementCache(connection);
}

/*
 * PostgreSQL's values parsed to the row types SQLite gives (app/generated/db-types.ts), for this pool only (Prisma's
 * own pool keeps pg's defaults): an instant as epoch milliseconds, a bigint or numeric (counts, sums of fen) as a
 * number, a boolean as 1/0.
 */
const { builtins } = pg.types;
const parseTimestamp = pg.types.getTypeParser(builtins.TIMESTAMPTZ);
function toSafeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) && !/[.eE]/.test(text)) throw new Error(`integer beyond 2^53 from PostgreSQL: ${text}`);
  return value;
}
const POSTGRES_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    switch (oid) {
      case builtins.TIMESTAMPTZ:
      case builtins.TIMESTAMP:
        return (text: string) => (parseTimestamp(text) as Date).getTime();
      case builtins.INT8:
      case builtins.NUMERIC:
        return toSafeNumber;
      case builtins.BOOL:
        return (text: string) => (text === "t" ? 1 : 0);
      default:
        return pg.types.getTypeParser(oid, format);
    }
  }) as pg.CustomTypesConfig["getTypeParser"],
};

/** The values pg binds: text for an instant (the Instant brand already made it ISO text), booleans as they are. */
function postgresParameters(values: readonly unknown[]): unknown[] {
  return values.map((v) => (v instanceof Date ? v.toISOString() : typeof v === "bigint" ? v.toString() : v));
}

function postgresConnection(client: pg.Pool | pg.PoolClient): Connection {
  return {
    dialect: "postgres",
    async execute(compiled) {
      const result = await client.query({ text: compiled.sql, values: postgresParameters(compiled.parameters) });
      return { rows: result.rows, changes: result.rowCount ?? 0 };
    },
    async script(text) {
      await client.query(text);
    },
  };
}

type Handle = {
  prisma: Db;
  ready: Promise<void>;
  /** Reads outside a transaction. */
  reader: Connection;
  /** SQLite: the raw read connection (hot synchronous reads, being retired) and the writer's own connection. */
  sqlite: Database.Database;
  writer: Database.Database | null;
  /** The writer's connection as the Connection a transaction hands to its work. */
  writerConnection: Connection | null;
  pool: pg.Pool | null;
};

declare global {
  var __bangfuDb: Handle | undefined;
}

function init(): Handle {
  const prisma = createClient();
  if (engine === "postgres") {
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, types: POSTGRES_TYPES, max: Number(process.env.PG_POOL_SIZE ?? 10) });
    // An idle connection the server ended (a restart, a failover) is dropped from the pool; the next query opens a
    // new one. Without a listener the error would end the process.
    pool.on("error", (error) => console.error("postgres: idle connection ended:", error.message));
    // No SQLite on this engine: a leftover synchronous caller fails loudly instead of writing a local file.
    const sqlite = new Proxy({} as Database.Database, {
      get: () => {
        throw new Error("a synchronous SQLite statement ran while DATABASE_URL names PostgreSQL");
      },
    });
    return { prisma, ready: Promise.resolve(), reader: postgresConnection(pool), sqlite, writer: null, writerConnection: null, pool };
  }
  const sqlite = openRawConnection();
  // Prisma's connection gets the same pragmas; they are per connection except WAL.
  const ready = (async () => {
    await prisma.$queryRawUnsafe(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  })();
  // The writer's own connection: a transaction stays open across awaits, and a read on the read connection from
  // another request meanwhile must not see its uncommitted rows.
  const writer = openRawConnection();
  return { prisma, ready, reader: sqliteConnection(sqlite), sqlite, writer, writerConnection: sqliteConnection(writer), pool: null };
}

const handle = (globalThis.__bangfuDb ??= init());

/** Reads outside a transaction, on the engine DATABASE_URL names. */
export const reader = handle.reader;

/** The Prisma client for reads. Writes must run inside `write`. */
export const db = handle.prisma;
/**
 * A second, raw connection for hot read paths (full-text search, report aggregates) and for synchronous
 * write transactions inside `write`. WAL lets its reads run beside Prisma's.
 */
export const sqlite = handle.sqlite;

/**
 * Runs `fn` as the only writer. Writes from concurrent requests queue here in arrival order, so no write can
 * land inside another request's open transaction. Nested calls run inline.
 */
export async function write<T>(fn: () => Promise<T> | T): Promise<T> {
  const deadline = Date.now() + WRITE_WAIT_MS;
  await handle.ready;
  if (writerContext.getStore()) return await fn();
  // PostgreSQL keeps writers apart itself (row locks, SERIALIZABLE): no queue, any number of processes.
  if (engine === "postgres") return await writerContext.run(true, async () => await fn());
  // Awaiting inside run() matters: Prisma queries are lazy and execute when awaited, so the await must happen
  // within the writer context for the guard below to see it.
  const run = queueTail.then(async () => {
    await waitForWriteLock(deadline);
    try {
      return await writerContext.run(true, async () => await fn());
    } catch (error) {
      // Another process took the lock between our probe and the write: the write rolled back, say so.
      if (isBusyError(error)) throw databaseBusy();
      throw error;
    }
  });
  queueTail = run.catch(() => undefined);
  return run;
}

/** The answer when the database stays locked: nothing was written, try again shortly. */
export function databaseBusy() {
  return new Response("数据库繁忙，请稍后重试 / The database is busy, please try again shortly", {
    status: 503,
    headers: { "Retry-After": String(RETRY_AFTER_SECONDS), "Content-Type": "text/plain; charset=utf-8" },
  });
}

export function isBusyError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && code.startsWith("SQLITE_BUSY")) return true;
    if (typeof message === "string" && /SQLITE_BUSY|database is locked/i.test(message)) return true;
    e = cause;
  }
  return false;
}

const probeWriteLock = (() => {
  let begin: Database.Statement | null = null;
  let rollback: Database.Statement | null = null;
  return () => {
    begin ??= handle.sqlite.prepare("BEGIN IMMEDIATE");
    rollback ??= handle.sqlite.prepare("ROLLBACK");
    begin.run();
    rollback.run();
  };
})();

/**
 * Waits, without blocking the event loop, until no other process holds the write lock, or throws 503 once the
 * deadline (WRITE_WAIT_MS after the write was asked for) has passed. Each probe blocks at most BUSY_TIMEOUT_MS.
 */
let lastBusyProbe = 0;

async function waitForWriteLock(deadline: number) {
  for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
    // Probe first: time spent queued behind this process's own writes never fails a write, only another
    // process's lock does.
    // Writes queued behind one that just found the lock taken fail without probing again: each probe may block
    // the event loop for BUSY_TIMEOUT_MS, and a queue of them would add up.
    if (Date.now() >= deadline && Date.now() - lastBusyProbe < 100) throw databaseBusy();
    try {
      probeWriteLock();
      lastBusyProbe = 0;
      return;
    } catch (error) {
      if (!isBusyError(error)) throw error;
      lastBusyProbe = Date.now();
    }
    if (Date.now() >= deadline) throw databaseBusy();
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(0, deadline - Date.now()))));
  }
}

/**
 * An interactive Prisma transaction, serialized with every other write. Never await the network inside. On
 * PostgreSQL nothing queues it: it waits for a pooled connection, as long as transaction() may (WRITE_WAIT_MS, not
 * Prisma's default of 2 s, which a burst of writes on a loaded machine outlasts).
 */
export function writeTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return write(() => db.$transaction(fn, { maxWait: WRITE_WAIT_MS }));
}

const transactionContext = new AsyncLocalStorage<Connection>();

type Isolation = "serializable" | "read committed";
interface TransactionOptions {
  /**
   * PostgreSQL only (SQLite's writer is serialized anyway). "read committed" is for a transaction that takes, as its
   * first statement, the row locks that order it against every transaction it could conflict with (lockRows in
   * app/utils/sql.server.ts): it then waits for them instead of being aborted and run again, which on a hot row (one
   * union's orders, one product's stock) is the difference between waiting in line and failing over and over.
   */
  isolation?: Isolation;
}

/**
 * Runs `fn` as one transaction on the engine DATABASE_URL names, and commits it, or rolls it back if `fn` throws
 * (a thrown Response included). A call inside an open transaction joins it.
 * - SQLite: the serialized writer (`write`), on the writer's own connection, `BEGIN IMMEDIATE`.
 * - PostgreSQL: a pooled connection, SERIALIZABLE, so every read-then-write rule holds as if transactions ran one
 *   after another; one the server aborts (40001 serialization failure, 40P01 deadlock) is run again from the start,
 *   for up to WRITE_WAIT_MS, then 503. `fn` must therefore do nothing outside the database that cannot be done twice.
 */
export async function transaction<T>(fn: (tx: Connection) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const open = transactionContext.getStore();
  if (open) return await fn(open);
  if (handle.pool) return await postgresTransaction(handle.pool, fn, options.isolation ?? "serializable");
  // Inside `write` already (the queue is ours): run here, alone; a group would queue behind us.
  if (writerContext.getStore()) return await runAlone(fn);
  // The work runs later, inside a group, but in the caller's own async context (its request id on every log line),
  // as the writer and inside this transaction.
  const work = AsyncResource.bind((tx: Connection) => writerContext.run(true, () => transactionContext.run(tx, () => fn(tx))));
  return await new Promise<T>((resolve, reject) => {
    waitingTransactions.push({ work, resolve: resolve as (value: unknown) => void, reject });
    if (!groupScheduled) scheduleGroup();
  });
}

/*
 * Group commit (docs/decisions/0215-group-commit.md). SQLite's COMMIT waits for the disk (synchronous = FULL: a
 * committed payment survives a power cut), and that wait blocks the one thread. Transactions queued behind each other
 * therefore commit together: one BEGIN IMMEDIATE, each transaction in a SAVEPOINT of its own (one that fails rolls
 * back to it and leaves the others untouched), one COMMIT, and only then is each caller answered. Each transaction
 * still runs alone and in arrival order, exactly as before; only the wait for the disk is shared. A group is capped
 * in size and in time, so that no caller waits long for others.
 */
const GROUP_MAX_TRANSACTIONS = 64;
const GROUP_MAX_MS = 25;
type WaitingTransaction = { work: (tx: Connection) => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Outcome = { waiting: WaitingTransaction } & ({ ok: true; value: unknown } | { ok: false; error: unknown });
const waitingTransactions: WaitingTransaction[] = [];
let groupScheduled = false;

function scheduleGroup() {
  groupScheduled = true;
  write(runGroup)
    .catch((error: unknown) => {
      // The group could not begin (another process kept the write lock: 503): nothing ran, everyone waiting is told.
      for (const waiting of waitingTransactions.splice(0)) waiting.reject(error);
    })
    .finally(() => {
      groupScheduled = false;
      if (waitingTransactions.length) scheduleGroup();
    });
}

async function runAlone<T>(fn: (tx: Connection) => Promise<T>): Promise<T> {
  const connection = handle.writer!;
  const tx = handle.writerConnection!;
  connection.prepare("BEGIN IMMEDIATE").run();
  try {
    const result = await transactionContext.run(tx, () => fn(tx));
    connection.prepare("COMMIT").run();
    return result;
  } catch (error) {
    if (connection.inTransaction) connection.prepare("ROLLBACK").run();
    throw error;
  }
}

async function runGroup(): Promise<void> {
  const connection = handle.writer!;
  const tx = handle.writerConnection!;
  const started = Date.now();
  const outcomes: Outcome[] = [];
  let running: WaitingTransaction | undefined;
  connection.prepare("BEGIN IMMEDIATE").run();
  try {
    const room = () => outcomes.length < GROUP_MAX_TRANSACTIONS && Date.now() - started < GROUP_MAX_MS;
    for (;;) {
      if (!waitingTransactions.length) {
        // A transaction's statements are synchronous underneath, so no other request moves while one runs: before
        // committing, let the event loop turn once, and requests already on their way join the group.
        if (!room()) break;
        await new Promise((resolve) => setImmediate(resolve));
        if (!waitingTransactions.length) break;
      }
      if (!room()) break;
      running = waitingTransactions.shift()!;
      connection.prepare("SAVEPOINT one_transaction").run();
      try {
        const value = await running.work(tx);
        connection.prepare("RELEASE one_transaction").run();
        outcomes.push({ waiting: running, ok: true, value });
      } catch (error) {
        // SQLite ended the whole transaction itself (an I/O error, a full disk): the group fails below.
        if (!connection.inTransaction) throw error;
        connection.prepare("ROLLBACK TO one_transaction").run();
        connection.prepare("RELEASE one_transaction").run();
        outcomes.push({ waiting: running, ok: false, error });
      }
      running = undefined;
    }
    connection.prepare("COMMIT").run();
  } catch (error) {
    // Nothing of the group was kept, so nothing of it may be reported as done.
    if (connection.inTransaction) connection.prepare("ROLLBACK").run();
    for (const outcome of outcomes) outcome.waiting.reject(outcome.ok ? error : outcome.error);
    running?.reject(error);
    return;
  }
  for (const outcome of outcomes) {
    if (outcome.ok) outcome.waiting.resolve(outcome.value);
    else outcome.waiting.reject(outcome.error);
  }
}

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "40001" || code === "40P01";
}

async function postgresTransaction<T>(pool: pg.Pool, fn: (tx: Connection) => Promise<T>, isolation: Isolation): Promise<T> {
  // Bounded as SQLite's wait for its write lock is: past WRITE_WAIT_MS of collisions the answer is 503 + Retry-After.
  const deadline = Date.now() + WRITE_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    const tx = postgresConnection(client);
    try {
      await client.query(isolation === "serializable" ? "BEGIN ISOLATION LEVEL SERIALIZABLE" : "BEGIN ISOLATION LEVEL READ COMMITTED");
      const result = await writerContext.run(true, () => transactionContext.run(tx, () => fn(tx)));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      if (!isRetryable(error)) throw error;
      if (Date.now() >= deadline) throw databaseBusy();
    } finally {
      client.release();
    }
    // Apart at random, over a window that grows with each collision, so the transactions that collided on a hot
    // row (a product's stock, a union's budget) do not collide again.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 100)));
  }
}

/** Closes the engine's connections (scripts and tests that end their process cleanly). */
export async function closeDatabase() {
  await handle.prisma.$disconnect();
  if (handle.pool) await handle.pool.end();
}
