// What a generated dataset (scripts/generate-data.ts) is, on either engine: row counts, sums of fen and orders per
// state, built with the builder of the connection's own dialect so one definition reads a SQLite file and a
// PostgreSQL database alike. Values are normalised (counts to numbers, sums to decimal text), because a raw pg client
// answers bigint counts and numeric sums as text where SQLite answers numbers.
import { builderFor, one, all, type Connection } from "~/utils/sql.server";

const count = (value: unknown) => Number(value);
const fen = (value: unknown) => (value == null ? null : BigInt(String(value)).toString());

export async function datasetFingerprint(connection: Connection) {
  const q = builderFor(connection.dialect);
  const counts = await one(
    connection,
    q.selectNoFrom((eb) => [
      eb.selectFrom("Organization").select(eb.fn.countAll().as("n")).as("orgs"),
      eb.selectFrom("Product").select(eb.fn.countAll().as("n")).as("products"),
      eb.selectFrom("Certificate").select(eb.fn.countAll().as("n")).as("certificates"),
      eb.selectFrom("Order").select(eb.fn.countAll().as("n")).as("orders"),
      eb.selectFrom("OrderLine").select(eb.fn.countAll().as("n")).as("lines"),
      eb.selectFrom("Payment").select(eb.fn.countAll().as("n")).as("payments"),
      eb.selectFrom("Refund").select(eb.fn.countAll().as("n")).as("refunds"),
      eb.selectFrom("ProcurementTotal").select(eb.fn.countAll().as("n")).as("totalRows"),
      eb.selectFrom("ProcurementBreakdown").select(eb.fn.countAll().as("n")).as("breakdownRows"),
      eb.selectFrom("ReportStanding").select(eb.fn.countAll().as("n")).as("standings"),
    ]),
  );
  const sums = await one(
    connection,
    q.selectNoFrom((eb) => [
      eb
        .selectFrom("OrderLine")
        .select((e) => e.fn.sum("amountFen").as("s"))
        .as("lineFen"),
      eb
        .selectFrom("Payment")
        .select((e) => e.fn.sum("amountFen").as("s"))
        .as("paymentFen"),
      eb
        .selectFrom("Refund")
        .select((e) => e.fn.sum("amountFen").as("s"))
        .as("refundFen"),
      eb
        .selectFrom("ProcurementTotal")
        .select((e) => e.fn.sum("certifiedFen").as("s"))
        .as("certifiedFen"),
      eb
        .selectFrom("ProcurementTotal")
        .select((e) => e.fn.sum("budgetFen").as("s"))
        .as("budgetFen"),
      eb
        .selectFrom("ProcurementBreakdown")
        .select((e) => e.fn.sum("certifiedFen").as("s"))
        .as("breakdownFen"),
    ]),
  );
  const states = await all(
    connection,
    q
      .selectFrom("Order")
      .select((eb) => ["status", "paymentStatus", eb.fn.countAll().as("n")])
      .groupBy(["status", "paymentStatus"])
      .orderBy("status")
      .orderBy("paymentStatus"),
  );
  return {
    counts: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, count(v)])),
    sums: Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, fen(v)])),
    states: states.map((s) => ({ status: s.status, paymentStatus: s.paymentStatus, n: count(s.n) })),
  };
}
