// A cooperative's own numbers on its home page: sales this month and this year, a 12-month trend, top products and
// top buying unions, ratings and complaints per product; and its notices (low stock, below the minimum order, off
// sale, in review). Sales are the order lines of orders placed or completed whose part for this supplier was not
// declined or cancelled, by order date in China time. Months are bucketed by their instant bounds, computed here, so
// the SQL is the same on both engines (no engine date functions).
import { chinaMonth, chinaYear, startOfChinaDay } from "~/domain/china-time";
import { fenToYuanString } from "~/domain/money";
import { isBelowMinimumOrder, isLowStock } from "~/domain/listing-review";
import { sql, type Expression } from "kysely";
import { db, reader } from "~/utils/db.server";
import { all, first, q, instant } from "~/utils/sql.server";
import { engine } from "~/utils/engine.server";
import { inChinaYearSql } from "~/models/rules-sql.server";

/** This supplier's sales lines: orders placed or completed, the supplier's part neither declined nor cancelled. */
function salesLines(supplierId: number) {
  return q
    .selectFrom("OrderLine as l")
    .innerJoin("Order as o", "o.id", "l.orderId")
    .innerJoin("SubOrder as so", "so.id", "l.subOrderId")
    .where("l.supplierId", "=", supplierId)
    .where("o.status", "in", ["PLACED", "COMPLETED"])
    .where("so.status", "not in", ["DECLINED", "CANCELLED"]);
}

function monthKey(year: number, month: number) {
  return `${year}-${String(month).padStart(2, "0")}`;
}

/** The twelve China months ending with the one `now` falls in, oldest first. */
export function trailingMonths(now: Date): Array<{ key: string; year: number; month: number }> {
  const months: Array<{ key: string; year: number; month: number }> = [];
  let year = chinaYear(now);
  let month = chinaMonth(now);
  for (let i = 0; i < 12; i++) {
    months.unshift({ key: monthKey(year, month), year, month });
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return months;
}

/** The instant a China month starts. */
function startOfChinaMonth(year: number, month: number): number {
  return startOfChinaDay(`${monthKey(year, month)}-01`).getTime();
}

/**
 * The first instant of each of the months, and the instant the last one ends: months[i] is [bounds[i], bounds[i + 1]).
 */
function monthBounds(months: Array<{ year: number; month: number }>): number[] {
  const last = months[months.length - 1];
  const end = last.month === 12 ? startOfChinaMonth(last.year + 1, 1) : startOfChinaMonth(last.year, last.month + 1);
  return [...months.map((m) => startOfChinaMonth(m.year, m.month)), end];
}

/** Which of the months (0 = the first) an order falls in, for orders inside [bounds[0], bounds[last]). */
function monthIndexOf(bounds: number[]) {
  const branches = bounds.slice(1).map((end, i) => sql`WHEN o."createdAt" < ${instant(end)} THEN ${sql.lit(i)}`);
  return sql<number>`CASE ${sql.join(branches, sql` `)} END`;
}

export async function supplierNumbers(supplierId: number, now = new Date()) {
  const months = trailingMonths(now);
  const thisMonth = months[months.length - 1].key;
  const inYear = sql.raw<boolean>(inChinaYearSql(`o."createdAt"`, chinaYear(now), engine));
  const bounds = monthBounds(months);
  const perMonth = await all(
    reader,
    salesLines(supplierId)
      .select((eb) => [
        monthIndexOf(bounds).as("monthIndex"),
        eb.fn.sum<number>("l.amountFen").as("amountFen"),
        eb.fn.sum<number>("l.quantity").as("units"),
        eb.fn.count<number>("o.id").distinct().as("orders"),
      ])
      .where("o.createdAt", ">=", instant(bounds[0]))
      .where("o.createdAt", "<", instant(bounds[bounds.length - 1]))
      // By the output name: PostgreSQL would not see the SELECT's CASE (its own parameters) as the GROUP BY's.
      .groupBy(sql.ref("monthIndex")),
  );
  const byMonth = new Map(perMonth.map((m) => [months[Number(m.monthIndex)].key, m]));
  const year = (await first(
    reader,
    salesLines(supplierId)
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number>("l.amountFen"), sql.lit(0)).as("amountFen"),
        eb.fn.coalesce(eb.fn.sum<number>("l.quantity"), sql.lit(0)).as("units"),
        eb.fn.count<number>("o.id").distinct().as("orders"),
      ])
      .where(inYear),
  )) ?? { amountFen: 0, units: 0, orders: 0 };
  const month = byMonth.get(thisMonth) ?? { amountFen: 0, units: 0, orders: 0 };
  const topProducts = await all(
    reader,
    salesLines(supplierId)
      .select((eb) => [
        "l.productId as id",
        eb.fn.max("l.productTitle").as("title"),
        eb.fn.sum<number>("l.amountFen").as("amountFen"),
        eb.fn.sum<number>("l.quantity").as("units"),
      ])
      .where(inYear)
      .groupBy("l.productId")
      .orderBy("amountFen", "desc")
      .limit(5),
  );
  const topUnions = await all(
    reader,
    salesLines(supplierId)
      .innerJoin("Organization as org", "org.id", "o.unionId")
      .select((eb) => [
        "o.unionId as id",
        eb.fn.max("org.name").as("name"),
        eb.fn.sum<number>("l.amountFen").as("amountFen"),
        eb.fn.count<number>("o.id").distinct().as("orders"),
      ])
      .where(inYear)
      .groupBy("o.unionId")
      .orderBy("amountFen", "desc")
      .limit(5),
  );
  // A rating or complaint is on the supplier's part of an order; it counts for every product in that part.
  const complaints = (inspectionResult: Expression<string | null>) => sql<number>`SUM(CASE WHEN ${inspectionResult} = 'COMPLAINT' THEN 1 ELSE 0 END)`;
  const quality = await all(
    reader,
    q
      .selectFrom("Product as p")
      .innerJoin(q.selectFrom("OrderLine").select(["productId", "subOrderId"]).distinct().where("supplierId", "=", supplierId).as("pl"), "pl.productId", "p.id")
      .innerJoin("SubOrder as so", "so.id", "pl.subOrderId")
      .select((eb) => [
        "p.id",
        "p.title",
        eb.fn.avg<number | null>("so.rating").as("rating"),
        eb.fn.count<number>("so.rating").as("ratings"),
        complaints(eb.ref("so.inspectionResult")).as("complaints"),
      ])
      .where("p.supplierId", "=", supplierId)
      .groupBy("p.id")
      .having((eb) => eb.or([eb(eb.fn.count("so.rating"), ">", 0), eb(complaints(eb.ref("so.inspectionResult")), ">", 0)]))
      .orderBy("complaints", "desc")
      .orderBy("ratings", "desc")
      .limit(50),
  );
  return {
    thisMonth: { amountFen: Number(month.amountFen), units: Number(month.units), orders: Number(month.orders) },
    thisYear: { amountFen: Number(year.amountFen), units: Number(year.units), orders: Number(year.orders) },
    trend: months.map((m) => ({
      key: m.key,
      month: m.month,
      amountFen: Number(byMonth.get(m.key)?.amountFen ?? 0),
      units: Number(byMonth.get(m.key)?.units ?? 0),
      orders: Number(byMonth.get(m.key)?.orders ?? 0),
    })),
    topProducts: topProducts.map((p) => ({ ...p, title: String(p.title), amountFen: Number(p.amountFen), units: Number(p.units) })),
    topUnions: topUnions.map((u) => ({ ...u, name: String(u.name), amountFen: Number(u.amountFen) })),
    quality: quality.map((q) => ({ ...q, rating: q.rating == null ? null : Number(q.rating) })),
  };
}

/** What the supplier should act on: low stock, stock below the minimum order, listings off sale or in review. */
export async function supplierNotices(supplierId: number) {
  const products = await db.product.findMany({
    where: { supplierId, listingState: { in: ["LIVE", "PENDING_REVIEW", "REJECTED", "BANNED"] } },
    select: {
      id: true,
      code: true,
      title: true,
      unit: true,
      stock: true,
      minOrderQty: true,
      lowStockThreshold: true,
      listingState: true,
      stateReason: true,
      reviewNote: true,
    },
    orderBy: { id: "asc" },
  });
  const live = products.filter((p) => p.listingState === "LIVE");
  return {
    lowStock: live.filter((p) => isLowStock(p) && !isBelowMinimumOrder(p)),
    belowMinimum: live.filter((p) => isBelowMinimumOrder(p)),
    banned: products.filter((p) => p.listingState === "BANNED"),
    pendingReview: products.filter((p) => p.listingState === "PENDING_REVIEW"),
    rejected: products.filter((p) => p.listingState === "REJECTED"),
  };
}

export const NUMBER_TABLES = ["trend", "products", "unions", "quality"] as const;
export type NumberTable = (typeof NUMBER_TABLES)[number];

/** One table of the numbers as text cells for CSV or XLSX; money as yuan with two decimals. */
export function numbersTable(
  numbers: Awaited<ReturnType<typeof supplierNumbers>>,
  table: NumberTable,
  h: { month: string; amount: string; units: string; orders: string; product: string; union: string; rating: string; ratings: string; complaints: string },
) {
  const yuan = (fen: number) => fenToYuanString(fen);
  switch (table) {
    case "trend":
      return { header: [h.month, h.amount, h.units, h.orders], rows: numbers.trend.map((m) => [m.key, yuan(m.amountFen), String(m.units), String(m.orders)]) };
    case "products":
      return { header: [h.product, h.amount, h.units], rows: numbers.topProducts.map((p) => [p.title, yuan(p.amountFen), String(p.units)]) };
    case "unions":
      return { header: [h.union, h.amount, h.orders], rows: numbers.topUnions.map((u) => [u.name, yuan(u.amountFen), String(u.orders)]) };
    case "quality":
      return {
        header: [h.product, h.rating, h.ratings, h.complaints],
        rows: numbers.quality.map((q) => [q.title, q.rating == null ? "" : String(Math.round(q.rating * 10) / 10), String(q.ratings), String(q.complaints)]),
      };
  }
}
