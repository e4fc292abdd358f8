// Business rules that must run inside SQL, each built by one function here from the same constants as its pure
// twin in app/domain; tests/integration/rules-sql.test.ts proves each equal to the domain function on generated
// data. Values are computed on the server and inlined as integer literals (never user text), so a fragment can be
// dropped into any statement, positional or named, on SQLite or PostgreSQL.
import { chinaYearBounds, startOfChinaDay } from "~/domain/china-time";
import { ENDED_WITHOUT_GOODS } from "~/domain/order-state";
import { PAYABLE_ORDER_STATUSES } from "~/domain/payments";

function int(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`);
  return String(value);
}

/**
 * "An approved certificate covers this China calendar day" for the product whose id is `productId` (a column
 * expression such as p."id"); the SQL form of certificateCovers in domain/certification.ts.
 */
export function certifiedOnDaySql(productId: string, chinaDay: string): string {
  const dayStart = startOfChinaDay(chinaDay).getTime();
  return `EXISTS (SELECT 1 FROM "Certificate" cc WHERE cc."productId" = ${productId} AND cc."status" = 'APPROVED'
    AND cc."validFrom" <= ${int(dayStart + 86_400_000 - 1)} AND cc."validTo" >= ${int(dayStart)})`;
}

/** The number of the certificate that covers the day (the one valid longest), as a scalar subquery. */
export function certificateNumberOnDaySql(productId: string, chinaDay: string): string {
  const dayStart = startOfChinaDay(chinaDay).getTime();
  return `(SELECT cc."number" FROM "Certificate" cc WHERE cc."productId" = ${productId} AND cc."status" = 'APPROVED'
    AND cc."validFrom" <= ${int(dayStart + 86_400_000 - 1)} AND cc."validTo" >= ${int(dayStart)} ORDER BY cc."validTo" DESC LIMIT 1)`;
}

/** A live order (not rejected or cancelled): the SQL form of isLiveOrder in domain/order-state.ts. */
export function liveOrderSql(statusColumn = `"status"`): string {
  return `${statusColumn} NOT IN (${ENDED_WITHOUT_GOODS.map((s) => `'${s}'`).join(",")})`;
}

/** An order that can be paid now, as a condition on "Order" (optionally aliased): the SQL form of isPayable in
 * domain/payments.ts, for the UPDATEs that must re-check it. */
export function payableSql(alias = ""): string {
  const p = alias ? `${alias}.` : "";
  return `${p}"status" IN (${PAYABLE_ORDER_STATUSES.map((s) => `'${s}'`).join(",")}) AND ${p}"paymentStatus" = 'UNPAID'`;
}

/** An instant column inside a China calendar year: [1 Jan 00:00 +08:00, next 1 Jan). */
export function inChinaYearSql(column: string, year: number): string {
  const { start, end } = chinaYearBounds(year);
  return `${column} >= ${int(start.getTime())} AND ${column} < ${int(end.getTime())}`;
}

/**
 * An organisation path column inside a subtree (the subtree's root included): the SQL form of isInSubtree in
 * domain/actor.ts, as a range so the path index serves it. Paths are "/1/5/17/": digits and slashes only.
 */
export function inSubtreeSql(pathColumn: string, subtreePath: string): string {
  if (!/^(\/\d+)+\/$/.test(subtreePath)) throw new Error(`not an organisation path: ${subtreePath}`);
  return `${pathColumn} >= '${subtreePath}' AND ${pathColumn} < '${subtreePath}\uffff'`;
}
