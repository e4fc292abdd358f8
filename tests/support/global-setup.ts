// Builds one template database from the migrations per test run; each test file then starts from a copy.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

// One directory per run, so runs started side by side never delete each other's databases.
const CACHE_DIR = path.resolve("tests/.cache", `unit-${process.pid}`);
const TEMPLATE_DB = path.join(CACHE_DIR, "template.db");

export default function setup() {
  process.env.BANGFU_TEST_CACHE = CACHE_DIR;
  fs.rmSync(CACHE_DIR, { recursive: true, force: true });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const result = spawnSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
  return () => fs.rmSync(CACHE_DIR, { recursive: true, force: true });
}
