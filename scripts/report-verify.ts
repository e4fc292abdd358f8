// npm run report:verify — recompute every report figure from order lines and compare with the kept-current
// aggregates (and the union-year order totals from the orders). Exits 1 on any difference. DATABASE_URL (or DATA_DIR) chooses the database; default data/bangfu.db.
import path from "node:path";
import Database from "better-sqlite3";
import { verifyReportAggregates } from "../app/models/welfare/report-verify.server";
import { one, q } from "../app/utils/sql.server";

const url = process.env.DATABASE_URL ?? `file:${path.resolve(process.env.DATA_DIR ?? "data", "bangfu.db")}`;
const file = url.replace(/^file:/, "");
const connection = new Database(file, { readonly: true, fileMustExist: true });
const started = performance.now();
const { differences, checkedTotals, checkedBreakdowns, checkedStandings, checkedNodes, checkedPeriodCounts, checkedOrderTotals } =
  verifyReportAggregates(connection);
const lines = one(
  connection,
  q.selectFrom("OrderLine").select((eb) => eb.fn.countAll<number>().as("n")),
).n;
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `${file}: ${lines} order lines; checked ${checkedNodes} nodes, ${checkedTotals} node-year rows (figures, counts, target, gap, completion, grade), ${checkedBreakdowns} breakdown rows, ${checkedStandings} standings, ${checkedPeriodCounts} year-to-date counts and ${checkedOrderTotals} union-year order totals in ${seconds}s`,
);
if (differences.length) {
  console.log(`${differences.length} difference(s):`);
  for (const d of differences.slice(0, 50)) console.log(JSON.stringify(d));
  process.exit(1);
}
console.log("0 differences");
