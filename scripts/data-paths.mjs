// Where the data lives, resolved the same way as app/utils/env.server.ts: DATA_DIR (default ./data), the database
// at DATABASE_URL (default DATA_DIR/bangfu.db), uploads in DATA_DIR/uploads.
import path from "node:path";

export function dataPaths(env = process.env) {
  const dataDir = path.resolve(env.DATA_DIR ?? "data");
  const databaseUrl = env.DATABASE_URL ?? `file:${path.join(dataDir, "bangfu.db")}`;
  return { dataDir, databaseFile: databaseUrl.replace(/^file:/, ""), uploadDir: path.join(dataDir, "uploads") };
}
