// Fixtures that watch the database on either engine: which application tables there are, and how many rows every
// write to them touched (a row trigger on each, counting into a table of its own), so a test can assert that a
// refused request wrote nothing, whichever connection or engine did the writing.
import { VIRTUAL_PORTS } from "../../scripts/postgres-schema.mjs";
import { reader, transaction } from "~/utils/db.server";
import { all, one, q, qPostgres, qSqlite } from "~/utils/sql.server";
import { sql } from "kysely";

/** The tables the search index is made of, which every product write rewrites: SQLite's FTS5 table and its shadows, PostgreSQL's port of it. */
const SEARCH_TABLES_ON_POSTGRES = new Set<string>(Object.values(VIRTUAL_PORTS).flatMap((port) => port.tables));

/**
 * The application's ordinary tables, sorted: neither the migration bookkeeping (`_prisma_migrations`,
 * `_bangfu_migrations`, any table named with a leading underscore, which tests use for their own) nor the search index.
 */
export async function applicationTables(): Promise<string[]> {
  if (reader.dialect === "postgres") {
    const rows = await all(
      reader,
      qPostgres
        .withTables<{ "information_schema.tables": { table_name: string; table_schema: string; table_type: string } }>()
        .selectFrom("information_schema.tables")
        .select("table_name")
        .where("table_schema", "=", sql<string>`current_schema()`)
        .where("table_type", "=", "BASE TABLE"),
    );
    return rows
      .map((r) => r.table_name)
      .filter((name) => !name.startsWith("_") && !SEARCH_TABLES_ON_POSTGRES.has(name))
      .sort();
  }
  const rows = await all(
    reader,
    qSqlite
      .withTables<{ sqlite_master: { type: string; name: string; sql: string | null } }>()
      .selectFrom("sqlite_master")
      .select(["name", "sql"])
      .where("type", "=", "table"),
  );
  const virtual = rows.filter((t) => /CREATE VIRTUAL/i.test(t.sql ?? "")).map((t) => t.name);
  return rows
    .map((t) => t.name)
    .filter((name) => !name.startsWith("sqlite_") && !name.startsWith("_"))
    .filter((name) => !virtual.includes(name) && !virtual.some((v) => name.startsWith(`${v}_`)))
    .sort();
}

const COUNTER = "_test_row_writes";
const counter = q.withTables<{ [COUNTER]: { n: number | null } }>();

/**
 * Counts every row inserted, updated or deleted in these tables from now on, by any connection, into `_test_row_writes`
 * (a row trigger on each table, in the writing transaction, so a rolled-back write leaves no mark). Returns a reading
 * of the count so far. Once per database.
 */
export async function countRowWrites(tables: readonly string[]): Promise<() => Promise<number>> {
  await transaction(async (tx) => {
    if (tx.dialect === "postgres") {
      await tx.script(
        [
          `CREATE TABLE "${COUNTER}" ("n" INTEGER)`,
          `CREATE FUNCTION "${COUNTER}_mark"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO "${COUNTER}" VALUES (1); RETURN NULL; END $$`,
          ...tables.map((t) => `CREATE TRIGGER "${COUNTER}_${t}" AFTER INSERT OR UPDATE OR DELETE ON "${t}" FOR EACH ROW EXECUTE FUNCTION "${COUNTER}_mark"()`),
        ].join(";\n"),
      );
    } else {
      await tx.script(
        [
          `CREATE TABLE "${COUNTER}" ("n" INTEGER)`,
          ...tables.flatMap((t) =>
            ["INSERT", "UPDATE", "DELETE"].map(
              (event) => `CREATE TRIGGER "${COUNTER}_${t}_${event}" AFTER ${event} ON "${t}" BEGIN INSERT INTO "${COUNTER}" VALUES (1); END`,
            ),
          ),
        ].join(";\n"),
      );
    }
  });
  return async () =>
    (
      await one(
        reader,
        counter.selectFrom(COUNTER).select((eb) => eb.fn.countAll<number>().as("n")),
      )
    ).n;
}
