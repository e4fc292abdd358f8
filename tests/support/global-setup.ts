// Builds one template database from the migrations per test run; each test file then starts from a copy.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

export const CACHE_DIR = path.resolve("tests/.cache");
export const TEMPLATE_DB = path.join(CACHE_DIR, "template.db");

export default function setup() {
  fs.rmSync(CACHE_DIR, { recursive: true, force: true });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const result = spawnSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
  return () => fs.rmSync(CACHE_DIR, { recursive: true, force: true });
}
