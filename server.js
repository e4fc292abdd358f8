// Production server: Remix behind Express, with security headers, compression, long-lived caching for
// fingerprinted assets, a same-origin check on every mutation (docs/decisions/0004-security.md), body limits,
// health endpoints, JSON logs and a graceful stop (docs/operations.md, docs/decisions/0150-hardening.md).
import crypto from "node:crypto";
import path from "node:path";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import { logger, requestContext } from "./server/logger.js";
import { trustProxySetting } from "./server/proxy.js";
import { migrationFolders, pendingMigrations, pendingPostgresMigrations } from "./server/migrations.js";

const buildDir = process.env.BUILD_DIR;
const BUILD_PATH = path.resolve(buildDir ? `${buildDir}/index.js` : "build/index.js");
const ASSETS_DIR = buildDir ? `${buildDir}/public/build` : "public/build";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
// How long a stop waits for requests in flight before closing the database anyway.
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 25_000);
const QUIET_MS = 500;

// Body limits, checked on the declared length before a byte of the body is read. Uploads: one file of at most
// MAX_UPLOAD_BYTES (app/utils/uploads.server.ts, 5 MB) plus its small form fields.
const MAX_FORM_BYTES = 1024 * 1024;
const MAX_UPLOAD_REQUEST_BYTES = 6 * 1024 * 1024;

// Stripe's hosted page, or the Stripe-compatible server STRIPE_API_BASE points at (stripe-mock, a test double).
const checkoutOrigins = ["https://checkout.stripe.com", process.env.STRIPE_API_BASE ? new URL(process.env.STRIPE_API_BASE).origin : ""]
  .filter(Boolean)
  .join(" ");

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", trustProxySetting(process.env.TRUST_PROXY));
const trusted = app.get("trust proxy fn");

let shuttingDown = false;
let inFlight = 0;
let lastActivity = Date.now();

// Request id and access log first, so every later line (including Remix's own console output) carries the id.
app.use((req, res, next) => {
  const fromProxy = trusted(req.socket.remoteAddress ?? "", 0) ? req.get("x-request-id") : undefined;
  const reqId = fromProxy && /^[A-Za-z0-9._-]{1,64}$/.test(fromProxy) ? fromProxy : crypto.randomUUID();
  const started = process.hrtime.bigint();
  res.setHeader("X-Request-Id", reqId);
  inFlight++;
  lastActivity = Date.now();
  let counted = true;
  const done = () => {
    if (!counted) return;
    counted = false;
    inFlight--;
    lastActivity = Date.now();
    requestContext.run({ reqId }, () =>
      logger.info({
        msg: "request",
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        bytes: Number(res.getHeader("content-length") ?? 0) || undefined,
        ip: req.ip,
        aborted: !res.writableFinished || undefined,
      }),
    );
  };
  res.on("finish", done);
  res.on("close", done);
  if (shuttingDown) res.setHeader("Connection", "close");
  requestContext.run({ reqId }, next);
});

app.use(compression());

app.use((req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  res.set({
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src 'self' 'nonce-${res.locals.cspNonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "connect-src 'self'" + (process.env.NODE_ENV === "development" ? " ws:" : ""),
      // A card payer is redirected from a form post to the provider's hosted Checkout page.
      `form-action 'self' ${checkoutOrigins}`,
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  });
  // HTTPS, directly or as told by a trusted proxy: browsers must never come back over plain http.
  if (req.secure) res.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  // A 503 from the busy database (app/utils/db.server.ts) tells clients when to try again.
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    if (res.statusCode === 503 || args[0] === 503) {
      if (!res.getHeader("Retry-After")) res.setHeader("Retry-After", "5");
    }
    return writeHead.apply(this, args);
  };
  next();
});

app.get("/healthz", (_req, res) => {
  res.set("Cache-Control", "no-store").json({ status: "ok" });
});

function refuse(res, status, text) {
  // The body is never read: close the connection instead of draining megabytes from a client we refuse.
  res.set("Connection", "close");
  res.status(status).type("text/plain; charset=utf-8").send(text);
}

// CSRF: browsers send Origin (and Sec-Fetch-Site) on every POST; a mutation from another site is refused before
// it reaches any action. Provider webhooks authenticate by signature instead and are exempt. Behind a trusted
// TLS-terminating proxy the expected origin is the one the browser sees (X-Forwarded-Proto / -Host).
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  if (req.path.startsWith("/webhooks/")) return next();
  const site = req.get("sec-fetch-site");
  const origin = req.get("origin");
  const forwardedHost = trusted(req.socket.remoteAddress ?? "", 0) ? req.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const expected = `${req.protocol}://${forwardedHost || req.get("host")}`;
  const crossSite = (site && site !== "same-origin" && site !== "none") || (origin && origin !== "null" && origin !== expected) || origin === "null";
  if (crossSite) return refuse(res, 403, "跨站请求被拒绝 / Cross-site request refused");
  next();
});

// Body limits and content types for every form action, decided on the headers alone.
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const declared = req.get("content-length");
  if (declared === undefined && req.get("transfer-encoding")) return refuse(res, 411, "需要 Content-Length / Length required");
  const length = Number(declared ?? 0);
  const type = (req.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (req.path.startsWith("/webhooks/")) {
    return length > MAX_FORM_BYTES ? refuse(res, 413, "请求过大 / Request too large") : next();
  }
  if (type === "multipart/form-data") {
    if (length > MAX_UPLOAD_REQUEST_BYTES) return refuse(res, 413, "上传过大 / Upload too large");
  } else if (type === "application/x-www-form-urlencoded") {
    if (length > MAX_FORM_BYTES) return refuse(res, 413, "表单过大 / Form too large");
  } else {
    return refuse(res, 415, "只接受表单提交 / Only form submissions are accepted");
  }
  next();
});

app.use("/build", express.static(ASSETS_DIR, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
// Browsers ask for /favicon.ico whatever the page declares.
app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));

const build = await import(BUILD_PATH);
// The app's own connections, opened when the build's db module loaded (app/utils/db.server.ts).
const database = globalThis.__bangfuDb;
const migrationNames = migrationFolders();
// The refund outbox, the durable e-mail outbox and monthly reminders are worked by this process (app/models/notifications/background.server.ts).
build.entry.module.startBackgroundWork?.();

app.get("/readyz", async (_req, res) => {
  res.set("Cache-Control", "no-store");
  if (shuttingDown) return res.status(503).json({ status: "stopping" });
  try {
    // The app's engine (app/utils/db.server.ts): a pg pool on PostgreSQL, else the SQLite read connection.
    const { applied, missing } = database.pool ? await pendingPostgresMigrations(database.pool) : pendingMigrations(database.sqlite, migrationNames);
    if (missing.length) return res.status(503).json({ status: "migrations pending", missing });
    return res.json({ status: "ready", migrations: applied });
  } catch (error) {
    logger.error({ err: error }, "readiness check failed");
    return res.status(503).json({ status: "database unreachable" });
  }
});

const remix = createRequestHandler({
  build,
  mode: process.env.NODE_ENV ?? "production",
  getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip ?? "unknown", secure: req.secure }),
});
app.all("*", (req, res, next) => {
  // Pages and data for a signed-in user must never sit in a shared or browser cache.
  if (/(?:^|;\s*)(?:__Host-)?bangfu_session=/.test(req.get("cookie") ?? "")) res.set("Cache-Control", "no-store");
  return remix(req, res, next);
});

const server = app.listen(port, host, () => {
  const bound = server.address().port;
  logger.info({ port: bound, host }, `Bangfu is serving on http://localhost:${bound}`);
});

async function shutdown(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal, inFlight }, "stopping: no new connections, finishing requests in flight");
  // Stop listening. Node would also drop every connection with no request under way, including one whose request
  // is still on the wire; instead those are served (with "Connection: close") until things have been quiet a while.
  server.closeIdleConnections = () => {};
  server.close();
  const deadline = Date.now() + SHUTDOWN_TIMEOUT_MS;
  while ((inFlight > 0 || Date.now() - lastActivity < QUIET_MS) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (inFlight > 0) logger.warn({ inFlight }, "stop timeout reached; closing with requests still open");
  try {
    await database?.prisma.$disconnect();
    if (database?.pool) await database.pool.end();
    else {
      database?.sqlite.close();
      database?.writer?.close();
    }
  } catch (error) {
    logger.error({ err: error }, "closing the database failed");
  }
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
