// Starts the built production server on a fresh, seeded database for the browser tests.
import fs from "node:fs";
import path from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { startMailCapture } from "./mail-capture";
import { STRIPE_DOUBLE_SECRET, startStripeDouble } from "./stripe-double";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
// The Stripe test double (API and hosted page) listens beside the app, only while the browser tests run.
export const STRIPE_DOUBLE_PORT = E2E_PORT + 1000;
// Every e-mail the app sends goes to a local SMTP server that writes it into MAIL_DIR for the tests to read.
export const SMTP_CAPTURE_PORT = E2E_PORT + 2000;
const dataDir = path.resolve(`tests/.cache/e2e-${E2E_PORT}`);
export const MAIL_DIR = path.resolve(`tests/.cache/e2e-${E2E_PORT}-mail`);
const buildIndex = path.resolve(process.env.BUILD_DIR ? `${process.env.BUILD_DIR}/index.js` : "build/index.js");

async function waitForServer(url: string, child: ChildProcess, timeoutMs = 60_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server did not answer at ${url}`);
}

export default async function setup() {
  if (!fs.existsSync(buildIndex)) throw new Error("Run `npm run build` first (npm run test:e2e does).");
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "bangfu.db")}`,
    // Plain http on localhost in tests, so the cookie cannot be Secure here.
    SECURE_COOKIES: "false",
    PORT: String(E2E_PORT),
    HOST: "127.0.0.1",
    STRIPE_SECRET_KEY: "sk_test_e2e",
    STRIPE_API_BASE: `http://127.0.0.1:${STRIPE_DOUBLE_PORT}`,
    STRIPE_WEBHOOK_SECRET: STRIPE_DOUBLE_SECRET,
    SMTP_URL: `smtp://127.0.0.1:${SMTP_CAPTURE_PORT}`,
    PUBLIC_URL: `http://127.0.0.1:${E2E_PORT}`,
  };
  const stripeDouble = await startStripeDouble(STRIPE_DOUBLE_PORT, `http://127.0.0.1:${E2E_PORT}`);
  fs.rmSync(MAIL_DIR, { recursive: true, force: true });
  const mailCapture = await startMailCapture(SMTP_CAPTURE_PORT, MAIL_DIR);
  const setupRun = spawnSync(process.execPath, ["scripts/setup.mjs"], { env, encoding: "utf8" });
  if (setupRun.status !== 0) throw new Error(`setup failed:\n${setupRun.stdout}\n${setupRun.stderr}`);
  const server = spawn(process.execPath, ["server.js"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const log: string[] = [];
  server.stdout?.on("data", (d) => log.push(String(d)));
  server.stderr?.on("data", (d) => log.push(String(d)));
  try {
    await waitForServer(`http://127.0.0.1:${E2E_PORT}/login`, server);
  } catch (error) {
    server.kill();
    stripeDouble.close();
    mailCapture.close();
    throw new Error(`${(error as Error).message}\n${log.join("")}`);
  }
  return () => {
    server.kill();
    stripeDouble.close();
    mailCapture.close();
    const errors = log
      .join("")
      .split("\n")
      .filter((l) => /Error|error/.test(l));
    if (errors.length) console.log(`server log (errors):\n${errors.slice(0, 40).join("\n")}`);
  };
}
