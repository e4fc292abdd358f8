// npm run restore -- <backup.tar.gz> — puts a backup from `npm run backup` in place (docs/operations.md).
// Stop the server first. The backup is checked (manifest checksum, PRAGMA integrity_check) before anything is
// touched; the current database is moved aside to DATA_DIR/pre-restore-<time>/, never deleted; uploads are added.
// The next `npm start` applies any migrations newer than the backup.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import { dataPaths } from "./data-paths.mjs";

const archive = process.argv[2];
if (!archive || !fs.existsSync(archive)) {
  console.error(archive ? `restore: no such file ${archive}` : "usage: npm run restore <backups/bangfu-YYYYMMDDTHHMMSS.tar.gz>");
  process.exit(1);
}
const { dataDir, databaseFile, uploadDir } = dataPaths();
const work = fs.mkdtempSync(path.join(os.tmpdir(), "bangfu-restore-"));
try {
  const untar = spawnSync("tar", ["-xzf", path.resolve(archive), "-C", work, "manifest.json", "bangfu.db", "uploads"], { stdio: "inherit" });
  if (untar.status !== 0) throw new Error("could not unpack the archive");
  const manifest = JSON.parse(fs.readFileSync(path.join(work, "manifest.json"), "utf8"));
  if (manifest.format !== "bangfu-backup/1") throw new Error(`unknown backup format ${manifest.format}`);
  const restored = path.join(work, "bangfu.db");
  const sha256 = crypto.createHash("sha256").update(fs.readFileSync(restored)).digest("hex");
  if (sha256 !== manifest.database.sha256) throw new Error("the database in the archive does not match its checksum");
  const check = new Database(restored, { readonly: true });
  const integrity = check.pragma("integrity_check", { simple: true });
  check.close();
  if (integrity !== "ok") throw new Error(`the database in the archive failed PRAGMA integrity_check: ${integrity}`);

  // The server must be stopped: a live process would keep writing to the file we replace.
  if (fs.existsSync(databaseFile)) {
    const live = new Database(databaseFile);
    try {
      live.pragma("busy_timeout = 0");
      live.exec("BEGIN EXCLUSIVE; ROLLBACK;");
    } catch {
      throw new Error("the database is in use: stop the server before restoring");
    } finally {
      live.close();
    }
    const aside = path.join(dataDir, `pre-restore-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}`);
    fs.mkdirSync(aside, { recursive: true });
    for (const suffix of ["", "-wal", "-shm"]) {
      if (fs.existsSync(databaseFile + suffix)) fs.renameSync(databaseFile + suffix, path.join(aside, path.basename(databaseFile) + suffix));
    }
    console.log(JSON.stringify({ msg: "previous database moved aside", dir: aside }));
  }
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  fs.copyFileSync(restored, databaseFile);
  fs.mkdirSync(uploadDir, { recursive: true });
  let files = 0;
  for (const name of fs.readdirSync(path.join(work, "uploads"))) {
    const target = path.join(uploadDir, name);
    if (!fs.existsSync(target)) {
      fs.copyFileSync(path.join(work, "uploads", name), target);
      files++;
    }
  }
  console.log(JSON.stringify({ msg: "restored", from: path.resolve(archive), createdAt: manifest.createdAt, database: databaseFile, uploadsAdded: files }));
} catch (error) {
  console.error(`restore failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
