// npm run backup [-- <directory>] — a consistent online backup while the app serves (docs/operations.md).
// The database is copied with VACUUM INTO: one read transaction, so under WAL it sees one committed state and never
// blocks or waits for the writer. Uploads are copied after it: they are immutable, content-named and written before
// the row that names them commits, so every file the snapshot refers to already exists. One .tar.gz results.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import { dataPaths } from "./data-paths.mjs";

const { databaseFile, uploadDir } = dataPaths();
const outDir = path.resolve(process.argv[2] ?? process.env.BACKUP_DIR ?? "backups");
if (!fs.existsSync(databaseFile)) {
  console.error(`backup: no database at ${databaseFile}`);
  process.exit(1);
}
if (process.env.S3_BUCKET) {
  // docs/decisions/0192-upload-storage.md: the bucket keeps the uploads, and its own versioning backs them up.
  console.error(`backup: uploads are in the S3 bucket ${process.env.S3_BUCKET}; this archive holds the database only`);
}
fs.mkdirSync(outDir, { recursive: true });
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "bangfu-backup-"));
try {
  const started = Date.now();
  const source = new Database(databaseFile, { readonly: true, fileMustExist: true });
  source.pragma("busy_timeout = 5000");
  source.prepare("VACUUM INTO ?").run(path.join(work, "bangfu.db"));
  source.close();

  const copy = new Database(path.join(work, "bangfu.db"));
  const integrity = copy.pragma("integrity_check", { simple: true });
  const migrations = copy
    .prepare(`SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY 1`)
    .all()
    .map((r) => r.name);
  copy.close();
  if (integrity !== "ok") throw new Error(`the copy failed PRAGMA integrity_check: ${integrity}`);

  let files = 0;
  fs.mkdirSync(path.join(work, "uploads"));
  if (fs.existsSync(uploadDir)) {
    for (const name of fs.readdirSync(uploadDir)) {
      if (!fs.statSync(path.join(uploadDir, name)).isFile()) continue;
      fs.copyFileSync(path.join(uploadDir, name), path.join(work, "uploads", name));
      files++;
    }
  }
  const sha256 = crypto
    .createHash("sha256")
    .update(fs.readFileSync(path.join(work, "bangfu.db")))
    .digest("hex");
  const manifest = { format: "bangfu-backup/1", createdAt: new Date().toISOString(), database: { file: "bangfu.db", sha256, migrations }, uploads: files };
  fs.writeFileSync(path.join(work, "manifest.json"), JSON.stringify(manifest, null, 2));

  const target = path.join(outDir, `bangfu-${stamp}.tar.gz`);
  const tar = spawnSync("tar", ["-czf", target, "-C", work, "manifest.json", "bangfu.db", "uploads"], { stdio: "inherit" });
  if (tar.status !== 0) throw new Error("tar failed");
  console.log(
    JSON.stringify({
      msg: "backup written",
      file: target,
      bytes: fs.statSync(target).size,
      uploads: files,
      migrations: migrations.length,
      ms: Date.now() - started,
    }),
  );
} catch (error) {
  console.error(`backup failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
