// Business rules that must run inside SQL, each built by one function here from the same constants as its pure
// twin in app/domain; tests/integration/rules-sql.test.ts (both engines) and tests/postgres/rules-sql.test.ts
// (PostgreSQL) prove each equal to the domain function on generated data. Each rule has one home per dialect: the
// `dialect` argument (the engine this process runs on, ~/utils/engine.server, when omitted) picks the form. Values are computed on the server and inlined as
// literals (never user text), so a fragment can be dropped into any statement, positional or named.
import { chinaYearBounds, startOfChinaDay } from "~/domain/china-time";
import { ENDED_WITHOUT_GOODS } from "~/domain/order-state";
import { PAYABLE_ORDER_STATUSES } from "~/domain/payments";

import { engine } from "~/utils/engine.server";
import type { SqlDialect } from "~/utils/sql.server";

export type { SqlDialect };

function int(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`);
  return String(value);
}

/**
 * An instant as a literal: SQLite keeps DateTime as epoch milliseconds (the driver adapter's unixepoch-ms), PostgreSQL
 * as timestamptz, written in UTC so the session's time zone cannot shift it.
 */
function instant(epochMs: number, dialect: SqlDialect): string {
  const literal = int(epochMs);
  return dialect === "postgres" ? `TIMESTAMPTZ '${new Date(epochMs).toISOString()}'` : literal;
}

/**
 * "An approved certificate covers this China calendar day" for the product whose id is `productId` (a column
 * expression such as p."id"); the SQL form of certificateCovers in domain/certification.ts.
 */
export function certifiedOnDaySql(productId: string, chinaDay: string, dialect: SqlDialect = engine): string {
  const dayStart = startOfChinaDay(chinaDay).getTime();
  return `EXISTS (SELECT 1 FROM "Certificate" cc WHERE cc."productId" = ${productId} AND cc."status" = 'APPROVED'
    AND cc."validFrom" <= ${instant(dayStart + 86_400_000 - 1, dialect)} AND cc."validTo" >= ${instant(dayStart, dialect)})`;
}

/** The number of the certificate that covers the day (the one valid longest), as a scalar subquery. */
export function certificateNumberOnDaySql(productId: string, chinaDay: string, dialect: SqlDialect = engine): string {
  const dayStart = startOfChinaDay(chinaDay).getTime();
  return `(SELECT cc."number" FROM "Certificate" cc WHERE cc."productId" = ${productId} AND cc."status" = 'APPROVED'
    AND cc."validFrom" <= ${instant(dayStart + 86_400_000 - 1, dialect)} AND cc."validTo" >= ${instant(dayStart, dialect)} ORDER BY cc."validTo" DESC LIMIT 1)`;
}

/** A fixed list of known states as SQL literals, for `IN (…)`: constants of the domain only, never user input. */
export function sqlList(states: readonly string[]): string {
  return states.map((s) => `'${s}'`).join(",");
}

/** A live order (not rejected or cancelled): the SQL form of isLiveOrder in domain/order-state.ts. Common SQL. */
export function liveOrderSql(statusColumn = `"status"`): string {
  return `${statusColumn} NOT IN (${sqlList(ENDED_WITHOUT_GOODS)})`;
}

/** An order that can be paid now, as a condition on "Order" (optionally aliased): the SQL form of isPayable in
 * domain/payments.ts, for the UPDATEs that must re-check it. */
export function payableSql(alias = ""): string {
  const p = alias ? `${alias}.` : "";
  return `${p}"status" IN (${sqlList(PAYABLE_ORDER_STATUSES)}) AND ${p}"paymentStatus" = 'UNPAID'`;
}

/** An instant column inside a China calendar year: [1 Jan 00:00 +08:00, next 1 Jan). */
export function inChinaYearSql(column: string, year: number, dialect: SqlDialect = engine): string {
  const { start, end } = chinaYearBounds(year);
  return `${column} >= ${instant(start.getTime(), dialect)} AND ${column} < ${instant(end.getTime(), dialect)}`;
}

/**
 * An organisation path column inside a subtree (the subtree's root included): the SQL form of isInSubtree in
 * domain/actor.ts. Paths are "/1/5/17/": digits and slashes only. SQLite compares bytes, so a range serves it from
 * the path index. PostgreSQL compares text by the database's collation, and under one that ignores punctuation
 * (glibc's en_US.UTF-8) that range puts /12/ inside /1/; a prefix LIKE is exact under any deterministic collation,
 * and "Organization_path_prefix_idx" (text_pattern_ops) serves it.
 */
export function inSubtreeSql(pathColumn: string, subtreePath: string, dialect: SqlDialect = engine): string {
  if (!/^(\/\d+)+\/$/.test(subtreePath)) throw new Error(`not an organisation path: ${subtreePath}`);
  if (dialect === "postgres") return `${pathColumn} LIKE '${subtreePath}%'`;
  return `${pathColumn} >= '${subtreePath}' AND ${pathColumn} < '${subtreePath}\uffff'`;
}

/**
 * A China instant as PostgreSQL's local timestamp: the timestamptz read in UTC and moved 8 hours on (China has no
 * daylight saving), so calendar fields read from it are China's whatever the session's time zone.
 */
const chinaLocalPostgres = (column: string) => `(((${column}) AT TIME ZONE 'UTC') + INTERVAL '8 hours')`;

/**
 * The China calendar year (an integer) of an instant column: the SQL form of chinaYear in domain/china-time.ts,
 * for grouping by year (to select one year, inChinaYearSql compares the column with bounds an index can serve).
 */
export function chinaYearOfSql(column: string, dialect: SqlDialect = engine): string {
  if (dialect === "postgres") return `CAST(EXTRACT(YEAR FROM ${chinaLocalPostgres(column)}) AS INTEGER)`;
  return `CAST(strftime('%Y', (${column}) / 1000 + 28800, 'unixepoch') AS INTEGER)`;
}

/**
 * The China calendar month of an instant column as two digits, "01"–"12": the SQL form of the MONTH breakdown key
 * (String(chinaMonth(at)).padStart(2, "0"), domain/procurement-ledger.ts).
 */
export function chinaMonthOfSql(column: string, dialect: SqlDialect = engine): string {
  if (dialect === "postgres") return `to_char(${chinaLocalPostgres(column)}, 'MM')`;
  return `strftime('%m', (${column}) / 1000 + 28800, 'unixepoch')`;
}
