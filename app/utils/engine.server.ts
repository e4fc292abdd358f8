// The database engine this process runs on, named by DATABASE_URL (docs/decisions/0190-two-engines.md): a
// postgres:// or postgresql:// URL selects PostgreSQL, anything else (a file: URL, or none) the embedded SQLite.
import type { SqlDialect } from "./sql.server";

export function engineOf(databaseUrl: string | undefined): SqlDialect {
  return /^postgres(ql)?:\/\//.test(databaseUrl ?? "") ? "postgres" : "sqlite";
}

export const engine: SqlDialect = engineOf(process.env.DATABASE_URL);
