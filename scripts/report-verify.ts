// npm run report:verify — recompute every report figure from order lines and compare with the kept-current
// aggregates (and the union-year order totals from the orders). Exits 1 on any difference. DATABASE_URL (a SQLite
// file: URL or a postgresql:// URL) or DATA_DIR chooses the database; default data/bangfu.db.
import fs from "node:fs";
import path from "node:path";

const url = process.env.DATABASE_URL ?? `file:${path.resolve(process.env.DATA_DIR ?? "data", "bangfu.db")}`;
if (url.startsWith("file:") && !fs.existsSync(url.slice("file:".length))) {
  console.error(`${url.slice("file:".length)}: no such database (npm run setup makes one)`);
  process.exit(1);
}
process.env.DATABASE_URL = url;
// Imported after DATABASE_URL is settled: the data layer picks its engine from it when it loads.
const { verifyReportAggregates } = await import("../app/models/welfare/report-verify.server");
const { closeDatabase, reader } = await import("../app/utils/db.server");
const { one, q } = await import("../app/utils/sql.server");

const where = url.startsWith("file:") ? url.slice("file:".length) : new URL(url).pathname.slice(1);
const started = performance.now();
const { differences, checkedTotals, checkedBreakdowns, checkedStandings, checkedNodes, checkedPeriodCounts, checkedOrderTotals } =
  await verifyReportAggregates(reader);
const lines = (
  await one(
    reader,
    q.selectFrom("OrderLine").select((eb) => eb.fn.countAll<number>().as("n")),
  )
).n;
const seconds = ((performance.now() - started) / 1000).toFixed(1);
await closeDatabase();
console.log(
  `${where}: ${lines} order lines; checked ${checkedNodes} nodes, ${checkedTotals} node-year rows (figures, counts, target, gap, completion, grade), ${checkedBreakdowns} breakdown rows, ${checkedStandings} standings, ${checkedPeriodCounts} year-to-date counts and ${checkedOrderTotals} union-year order totals in ${seconds}s`,
);
if (differences.length) {
  console.log(`${differences.length} difference(s):`);
  for (const d of differences.slice(0, 50)) console.log(JSON.stringify(d));
  process.exit(1);
}
console.log("0 differences");
