// A cooperative's own numbers on its home page: sales this month and this year, a 12-month trend, top products and
// top buying unions, ratings and complaints per product; and its notices (low stock, below the minimum order, off
// sale, in review). Sales are the order lines of orders placed or completed whose part for this supplier was not
// declined or cancelled, by order date in China time. Raw SQL (SQLite date functions) lives only here for this feature.
import { chinaMonth, chinaYear } from "~/domain/china-time";
import { fenToYuanString } from "~/domain/money";
import { isBelowMinimumOrder, isLowStock } from "~/domain/listing-review";
import { db, sqlite } from "~/utils/db.server";
import { inChinaYearSql } from "~/models/rules-sql.server";

// China calendar month "YYYY-MM" of an epoch-ms column: +8 hours, then calendar fields in UTC.
const CHINA_MONTH = (col: string) => `strftime('%Y-%m', (${col}) / 1000 + 28800, 'unixepoch')`;

const SALES_JOINS = `FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId" JOIN "SubOrder" so ON so."id" = l."subOrderId"`;
const SALES_WHERE = `WHERE l."supplierId" = @supplierId AND o."status" IN ('PLACED', 'COMPLETED') AND so."status" NOT IN ('DECLINED', 'CANCELLED')`;
const SALES_FROM = `${SALES_JOINS} ${SALES_WHERE}`;


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

export async function supplierNumbers(supplierId: number, now = new Date()) {
  const months = trailingMonths(now);
  const thisMonth = months[months.length - 1].key;
  const IN_YEAR = inChinaYearSql(`o."createdAt"`, chinaYear(now));
  const perMonth = sqlite
    .prepare(`SELECT ${CHINA_MONTH(`o."createdAt"`)} AS "month", SUM(l."amountFen") AS "amountFen", SUM(l."quantity") AS "units", COUNT(DISTINCT o."id") AS "orders"
              ${SALES_FROM} AND o."createdAt" >= @since GROUP BY 1`)
    .all({ supplierId, since: Date.UTC(months[0].year, months[0].month - 1, 1) - 8 * 3600_000 - 86400_000 }) as Array<{ month: string; amountFen: number; units: number; orders: number }>;
  const byMonth = new Map(perMonth.map((m) => [m.month, m]));
  const year = sqlite
    .prepare(`SELECT COALESCE(SUM(l."amountFen"), 0) AS "amountFen", COALESCE(SUM(l."quantity"), 0) AS "units", COUNT(DISTINCT o."id") AS "orders"
              ${SALES_FROM} AND ${IN_YEAR}`)
    .get({ supplierId }) as { amountFen: number; units: number; orders: number };
  const month = byMonth.get(thisMonth) ?? { amountFen: 0, units: 0, orders: 0 };
  const topProducts = sqlite
    .prepare(`SELECT l."productId" AS "id", MAX(l."productTitle") AS "title", SUM(l."amountFen") AS "amountFen", SUM(l."quantity") AS "units"
              ${SALES_FROM} AND ${IN_YEAR} GROUP BY l."productId" ORDER BY 3 DESC LIMIT 5`)
    .all({ supplierId }) as Array<{ id: number; title: string; amountFen: number; units: number }>;
  const topUnions = sqlite
    .prepare(`SELECT o."unionId" AS "id", org."name" AS "name", SUM(l."amountFen") AS "amountFen", COUNT(DISTINCT o."id") AS "orders"
              ${SALES_JOINS} JOIN "Organization" org ON org."id" = o."unionId" ${SALES_WHERE} AND ${IN_YEAR}
              GROUP BY o."unionId" ORDER BY 3 DESC LIMIT 5`)
    .all({ supplierId }) as Array<{ id: number; name: string; amountFen: number; orders: number }>;
  // A rating or complaint is on the supplier's part of an order; it counts for every product in that part.
  const quality = sqlite
    .prepare(`SELECT p."id", p."title", AVG(so."rating") AS "rating", COUNT(so."rating") AS "ratings", SUM(CASE WHEN so."inspectionResult" = 'COMPLAINT' THEN 1 ELSE 0 END) AS "complaints"
              FROM "Product" p JOIN (SELECT DISTINCT "productId", "subOrderId" FROM "OrderLine" WHERE "supplierId" = @supplierId) pl ON pl."productId" = p."id"
              JOIN "SubOrder" so ON so."id" = pl."subOrderId"
              WHERE p."supplierId" = @supplierId GROUP BY p."id" HAVING COUNT(so."rating") > 0 OR SUM(CASE WHEN so."inspectionResult" = 'COMPLAINT' THEN 1 ELSE 0 END) > 0
              ORDER BY 5 DESC, 4 DESC LIMIT 50`)
    .all({ supplierId }) as Array<{ id: number; title: string; rating: number | null; ratings: number; complaints: number }>;
  return {
    thisMonth: { amountFen: Number(month.amountFen), units: Number(month.units), orders: Number(month.orders) },
    thisYear: { amountFen: Number(year.amountFen), units: Number(year.units), orders: Number(year.orders) },
    trend: months.map((m) => ({ key: m.key, month: m.month, amountFen: Number(byMonth.get(m.key)?.amountFen ?? 0), units: Number(byMonth.get(m.key)?.units ?? 0), orders: Number(byMonth.get(m.key)?.orders ?? 0) })),
    topProducts: topProducts.map((p) => ({ ...p, amountFen: Number(p.amountFen), units: Number(p.units) })),
    topUnions: topUnions.map((u) => ({ ...u, amountFen: Number(u.amountFen) })),
    quality: quality.map((q) => ({ ...q, rating: q.rating == null ? null : Number(q.rating) })),
  };
}

/** What the supplier should act on: low stock, stock below the minimum order, listings off sale or in review. */
export async function supplierNotices(supplierId: number) {
  const products = await db.product.findMany({
    where: { supplierId, listingState: { in: ["LIVE", "PENDING_REVIEW", "REJECTED", "BANNED"] } },
    select: { id: true, code: true, title: true, unit: true, stock: true, minOrderQty: true, lowStockThreshold: true, listingState: true, stateReason: true, reviewNote: true },
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
export function numbersTable(numbers: Awaited<ReturnType<typeof supplierNumbers>>, table: NumberTable, h: { month: string; amount: string; units: string; orders: string; product: string; union: string; rating: string; ratings: string; complaints: string }) {
  const yuan = (fen: number) => fenToYuanString(fen);
  switch (table) {
    case "trend":
      return { header: [h.month, h.amount, h.units, h.orders], rows: numbers.trend.map((m) => [m.key, yuan(m.amountFen), String(m.units), String(m.orders)]) };
    case "products":
      return { header: [h.product, h.amount, h.units], rows: numbers.topProducts.map((p) => [p.title, yuan(p.amountFen), String(p.units)]) };
    case "unions":
      return { header: [h.union, h.amount, h.orders], rows: numbers.topUnions.map((u) => [u.name, yuan(u.amountFen), String(u.orders)]) };
    case "quality":
      return { header: [h.product, h.rating, h.ratings, h.complaints], rows: numbers.quality.map((q) => [q.title, q.rating == null ? "" : String(Math.round(q.rating * 10) / 10), String(q.ratings), String(q.complaints)]) };
  }
}
