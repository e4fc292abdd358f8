import { AsyncLocalStorage } from "node:async_hooks";
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";
import { env } from "./env.server";

/*
 * The write path (docs/decisions/0003-serialized-writer.md).
 * The better-sqlite3 adapter runs every query on one connection, so a plain write issued while another
 * request's interactive transaction is open would join that transaction and vanish with its rollback.
 * Every write therefore goes through one in-process queue (`write`), and the client below refuses a write
 * issued outside it. Reads need no queue.
 */

const WRITE_OPERATIONS = new Set([
  "create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn",
  "upsert", "delete", "deleteMany", "$executeRaw", "$executeRawUnsafe",
]);

const writerContext = new AsyncLocalStorage<true>();
let queueTail: Promise<unknown> = Promise.resolve();

function filePath(url: string) {
  return url.replace(/^file:/, "");
}

function createClient() {
  const base = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: env.DATABASE_URL.replace(/^file:/, "") }, { timestampFormat: "unixepoch-ms" }) });
  return base.$extends({
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

function openRawConnection() {
  const connection = new Database(filePath(env.DATABASE_URL));
  connection.pragma("journal_mode = WAL");
  connection.pragma("busy_timeout = 5000");
  connection.pragma("foreign_keys = ON");
  return connection;
}

declare global {
  var __bangfuDb: { prisma: Db; sqlite: Database.Database; ready: Promise<void> } | undefined;
}

function init() {
  const prisma = createClient();
  const sqlite = openRawConnection();
  // Prisma's connection gets the same pragmas; they are per connection except WAL.
  const ready = (async () => {
    await prisma.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
    await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  })();
  return { prisma, sqlite, ready };
}

const handle = (globalThis.__bangfuDb ??= init());

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
  await handle.ready;
  if (writerContext.getStore()) return await fn();
  // Awaiting inside run() matters: Prisma queries are lazy and execute when awaited, so the await must happen
  // within the writer context for the guard below to see it.
  const run = queueTail.then(() => writerContext.run(true, async () => await fn()));
  queueTail = run.catch(() => undefined);
  return run;
}

/** An interactive Prisma transaction, serialized with every other write. Never await the network inside. */
export function writeTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return write(() => db.$transaction(fn));
}

/**
 * A synchronous better-sqlite3 transaction on the raw connection, serialized with every other write. Nothing
 * can interleave with it: it holds the event loop until it commits or rolls back.
 */
export function writeSql<T>(fn: (connection: Database.Database) => T): Promise<T> {
  return write(() => sqlite.transaction(() => fn(sqlite))());
}
