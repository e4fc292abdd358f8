// A production server of its own for a browser or operations test, on a fresh copy of the seeded e2e database, so the
// test can change the data (or kill the server) without touching the shared server the other files use.
import fs from "node:fs";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import Database from "better-sqlite3";
import { E2E_PORT } from "./global-setup";

export const CACHE = path.resolve(`tests/.cache/ops-${E2E_PORT}`);
const E2E_DB = path.resolve(`tests/.cache/e2e-${E2E_PORT}/bangfu.db`);

export interface Server {
  child: ChildProcess;
  base: string;
  dataDir: string;
  log: string[];
}
const started: Server[] = [];

/** A fresh data directory holding a consistent copy of the seeded e2e database. */
export function freshDataDir(name: string) {
  const dir = path.join(CACHE, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const source = new Database(E2E_DB, { readonly: true });
  source.prepare("VACUUM INTO ?").run(path.join(dir, "bangfu.db"));
  source.close();
  return dir;
}

export function startServer(dataDir: string, env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, ["server.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, "bangfu.db")}`,
      PORT: "0",
      HOST: "127.0.0.1",
      SESSION_SECRET: "ops-test-secret-0123456789",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log.join("")}`)), 30_000);
    child.stderr?.on("data", (d) => log.push(String(d)));
    child.stdout?.on("data", (d) => {
      log.push(String(d));
      const port = /"port":(\d+)/.exec(log.join(""))?.[1];
      if (port && port !== "0") {
        clearTimeout(timer);
        const server = { child, base: `http://127.0.0.1:${port}`, dataDir, log };
        started.push(server);
        resolve(server);
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited ${code}:\n${log.join("")}`)));
  });
}

/** Kills every server started here that is still running (an afterAll). */
export function stopServers() {
  for (const server of started) if (server.child.exitCode === null && !server.child.signalCode) server.child.kill("SIGKILL");
}
