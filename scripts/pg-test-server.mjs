// A throwaway PostgreSQL server for tests (docs/decisions/0190-two-engines.md): Debian's binaries, a cluster in a
// temporary directory, listening on loopback only, removed again when it stops.
//   node scripts/pg-test-server.mjs                 start, print the URL, stop on Ctrl-C / SIGTERM
//   node scripts/pg-test-server.mjs -- CMD ARGS…     start, run CMD with DATABASE_URL set, stop, exit with CMD's code
// PG_TEST_PORT picks the port (default: a free one). When no PostgreSQL ≥ 15 is installed and we are root, the
// `postgresql` package is installed with apt-get, as .ci/run does for Chromium.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MIN_VERSION = 15;
const DATABASE = "bangfu";

function installedBinDir() {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .map(Number)
    .filter((v) => v >= MIN_VERSION && fs.existsSync(path.join(base, String(v), "bin", "initdb")))
    .sort((a, b) => b - a);
  return versions.length ? path.join(base, String(versions[0]), "bin") : null;
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** Debian's PostgreSQL binaries, installing the `postgresql` package once when they are missing. */
export function postgresBinDir() {
  const found = installedBinDir();
  if (found) return found;
  if (!isRoot()) throw new Error(`PostgreSQL ${MIN_VERSION}+ is not installed: apt-get install -y postgresql`);
  console.error("Installing postgresql for the PostgreSQL tests…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "postgresql"],
  ]) {
    const result = spawnSync("apt-get", args, { env, stdio: ["ignore", "ignore", "inherit"] });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed`);
  }
  const installed = installedBinDir();
  if (!installed) throw new Error("apt-get installed postgresql, but no initdb was found under /usr/lib/postgresql");
  return installed;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary; as root, as the `postgres` user (initdb and the server refuse to run as root). */
function runAs(bin, args, options = {}) {
  const [command, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  return execFileSync(command, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
}

/**
 * Starts a fresh cluster and creates the database `bangfu`. Returns its URL, the superuser URL of the `postgres`
 * maintenance database (to create more databases) and `stop()`, which stops the server and deletes everything.
 */
export async function startTestPostgres({ port } = {}) {
  const bin = postgresBinDir();
  const chosenPort = Number(port ?? process.env.PG_TEST_PORT ?? (await freePort()));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bangfu-pg-"));
  const dataDir = path.join(dir, "data");
  const superuser = isRoot() ? "postgres" : os.userInfo().username;
  if (isRoot()) execFileSync("chown", ["postgres:postgres", dir]);
  let started = false;
  const stop = () => {
    if (started) {
      try {
        runAs(path.join(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } catch {
        // Already gone: nothing to stop.
      }
      started = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    runAs(path.join(bin, "initdb"), ["-D", dataDir, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "-U", superuser, "--no-sync"]);
    // fsync off: a test cluster that dies with the machine is thrown away anyway.
    const options = `-p ${chosenPort} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    runAs(path.join(bin, "pg_ctl"), ["-D", dataDir, "-o", options, "-l", path.join(dir, "server.log"), "-w", "start"]);
    started = true;
    runAs(path.join(bin, "psql"), [
      "-h",
      "127.0.0.1",
      "-p",
      String(chosenPort),
      "-U",
      superuser,
      "-d",
      "postgres",
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      `CREATE DATABASE "${DATABASE}"`,
    ]);
  } catch (error) {
    const log = path.join(dir, "server.log");
    const detail = fs.existsSync(log) ? `\n${fs.readFileSync(log, "utf8")}` : "";
    stop();
    throw new Error(`${error.message}${error.stderr ? `\n${error.stderr}` : ""}${detail}`);
  }
  const base = `postgresql://${superuser}@127.0.0.1:${chosenPort}`;
  return { url: `${base}/${DATABASE}`, adminUrl: `${base}/postgres`, port: chosenPort, dir, stop };
}

async function main() {
  const separator = process.argv.indexOf("--");
  const command = separator >= 0 ? process.argv.slice(separator + 1) : [];
  const server = await startTestPostgres();
  let stopped = false;
  const stopOnce = () => {
    if (!stopped) server.stop();
    stopped = true;
  };
  process.on("exit", stopOnce);
  if (!command.length) {
    console.log(server.url);
    console.error("PostgreSQL is running; Ctrl-C stops it and deletes its data.");
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
    setInterval(() => undefined, 1 << 30);
    return;
  }
  const child = spawn(command[0], command.slice(1), { stdio: "inherit", env: { ...process.env, DATABASE_URL: server.url } });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
