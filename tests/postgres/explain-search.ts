// Measures catalog search on PostgreSQL over a generated database (docs/decisions/0196-postgres-search.md):
//   npm run generate-data -- --out data/generated.db      (10,000 listings by default)
//   npx tsx tests/postgres/explain-search.ts data/generated.db
// Starts a throwaway PostgreSQL (PG_TEST_PORT picks its port), migrates it, loads the listings, builds the search
// rows with the PostgreSQL index writer, and prints EXPLAIN (ANALYZE) of the catalog's search for each kind of query,
// after two warm-up runs, beside SQLite's time for the same search on the same file.
import Database from "better-sqlite3";
import pg from "pg";
import { migrate } from "../../scripts/pg-migrate.mjs";
import { startTestPostgres } from "../../scripts/pg-test-server.mjs";
import { loadCatalog } from "./search-support";

const file = process.argv[2];
if (!file) throw new Error("usage: npx tsx tests/postgres/explain-search.ts <generated SQLite file>");
process.env.DATABASE_URL = `file:${file}`;
const { fullTextMatches, FULL_TEXT_RANK } = await import("~/models/catalog/catalog-search.server");
const { all, q, qPostgres } = await import("~/utils/sql.server");
const { sql } = await import("kysely");
const { queryTerms, tsQueryExpression } = await import("~/domain/search");

const QUERIES = process.argv.slice(3).length ? process.argv.slice(3) : ["米", "茶", "木耳", "核桃", "蜂蜜", "核桃仁", "商南绿茶", "kg", "500g", "秦岭 1kg"];

const server = await startTestPostgres({ port: process.env.PG_TEST_PORT ? Number(process.env.PG_TEST_PORT) : undefined });
try {
  await migrate(server.url);
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  const sqlite = new Database(file, { readonly: true });
  const started = performance.now();
  await loadCatalog(sqlite, client);
  const { rows: counted } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "ProductSearch"`);
  console.log(`loaded and indexed ${counted[0].n} listings in ${Math.round(performance.now() - started)} ms`);
  for (const query of QUERIES) {
    const page = (builder: typeof q, dialect: "sqlite" | "postgres") =>
      builder
        .selectFrom("Product as p")
        .innerJoin(fullTextMatches(query, dialect)!, (join) => join.onRef("f.id", "=", "p.id"))
        .where("p.active", "=", dialect === "sqlite" ? 1 : sql<number>`TRUE`)
        .select(["p.id", "f.rank"])
        .orderBy(FULL_TEXT_RANK)
        .orderBy("p.id")
        .limit(24);
    const compiled = page(qPostgres, "postgres").compile();
    for (let i = 0; i < 2; i++) await client.query(compiled.sql, [...compiled.parameters]);
    const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${compiled.sql}`, [...compiled.parameters]);
    const lite = page(q, "sqlite");
    all(sqlite, lite);
    const t0 = performance.now();
    const liteRows = all(sqlite, lite);
    const liteMs = performance.now() - t0;
    const { rows: hits } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "ProductSearch" WHERE "document" @@ $1::tsquery`, [
      tsQueryExpression(queryTerms(query)),
    ]);
    // Every match, not only the first page: the same listings in the same order on both engines.
    const everyMatch = (builder: typeof q, dialect: "sqlite" | "postgres") => page(builder, dialect).clearLimit();
    const everyPostgres = everyMatch(qPostgres, "postgres").compile();
    const { rows: pgIds } = await client.query<{ id: number }>(everyPostgres.sql, [...everyPostgres.parameters]);
    const liteIds = all(sqlite, everyMatch(q, "sqlite"));
    const same = pgIds.length === liteIds.length && pgIds.every((r, i) => r.id === liteIds[i].id);
    if (!same) process.exitCode = 1;
    console.log(
      `\n=== ${JSON.stringify(query)}: ${hits[0].n} matching listings; SQLite FTS5 ${liteMs.toFixed(2)} ms (${liteRows.length} rows); all ${liteIds.length} matches in the same order on both engines: ${same}`,
    );
    console.log(rows.map((r) => r["QUERY PLAN"]).join("\n"));
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await client.query(compiled.sql, [...compiled.parameters]);
      times.push(performance.now() - t);
    }
    console.log(`--- without EXPLAIN, median of 5 round trips: ${times.sort((a, b) => a - b)[2].toFixed(2)} ms`);
    // The same with sequential scans priced out: what the GIN index alone costs, where the planner chose a scan.
    await client.query("SET enable_seqscan = off");
    const { rows: forced } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${compiled.sql}`, [...compiled.parameters]);
    await client.query("RESET enable_seqscan");
    const forcedPlan = forced.map((r) => r["QUERY PLAN"]).join("\n");
    console.log(
      `--- with enable_seqscan = off: ${forcedPlan.match(/Execution Time: .*/)?.[0]}; GIN index used: ${/Bitmap Index Scan on "ProductSearch_document_idx"/.test(forcedPlan)}`,
    );
  }
  await client.end();
  sqlite.close();
} finally {
  server.stop();
}
