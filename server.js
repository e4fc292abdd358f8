// Production server: Remix behind Express, with security headers, compression, long-lived caching for
// fingerprinted assets, and a same-origin check on every mutation (docs/decisions/0004-security.md).
import crypto from "node:crypto";
import path from "node:path";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";

const buildDir = process.env.BUILD_DIR;
const BUILD_PATH = path.resolve(buildDir ? `${buildDir}/index.js` : "build/index.js");
const ASSETS_DIR = buildDir ? `${buildDir}/public/build` : "public/build";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

// Stripe's hosted page, or the Stripe-compatible server STRIPE_API_BASE points at (stripe-mock, a test double).
const checkoutOrigins = ["https://checkout.stripe.com", process.env.STRIPE_API_BASE ? new URL(process.env.STRIPE_API_BASE).origin : ""].filter(Boolean).join(" ");

const app = express();
app.disable("x-powered-by");
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
  next();
});

// CSRF: browsers send Origin (and Sec-Fetch-Site) on every POST; a mutation from another site is refused before
// it reaches any action. Provider webhooks authenticate by signature instead and are exempt.
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  if (req.path.startsWith("/webhooks/")) return next();
  const site = req.get("sec-fetch-site");
  const origin = req.get("origin");
  const expected = `${req.protocol}://${req.get("host")}`;
  const crossSite = (site && site !== "same-origin" && site !== "none") || (origin && origin !== "null" && origin !== expected) || origin === "null";
  if (crossSite) {
    res.status(403).type("text/plain; charset=utf-8").send("跨站请求被拒绝 / Cross-site request refused");
    return;
  }
  next();
});

app.use("/build", express.static(ASSETS_DIR, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
// Browsers ask for /favicon.ico whatever the page declares.
app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));

const build = await import(BUILD_PATH);
app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV ?? "production",
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce }),
  }),
);

app.listen(port, host, () => {
  console.log(`Bangfu is serving on http://localhost:${port}`);
  // The refund outbox worker: resumes queued refunds now and keeps working them (entry.server.tsx).
  build.entry.module.startBackgroundWork?.();
});
