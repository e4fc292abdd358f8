import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";

// Parsed once at start-up so a bad value fails loudly instead of deep inside a request.
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATA_DIR: z.string().default(path.resolve("data")),
  DATABASE_URL: z.string().optional(),
  SESSION_SECRET: z.string().min(16).optional(),
  SECURE_COOKIES: z.enum(["true", "false"]).optional(),
  TRUST_PROXY: z.string().optional(),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_API_BASE: z.string().url().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  BANK_PAYEE_NAME: z.string().default("商洛市帮扶集采平台运营中心"),
  BANK_PAYEE_ACCOUNT: z.string().default("6100 1234 5678 9012 345"),
  BANK_PAYEE_BANK: z.string().default("中国工商银行商洛分行"),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default("帮扶集采 Bangfu <noreply@bangfu.local>"),
  PUBLIC_URL: z.string().url().optional(),
  // Uploads in an S3-compatible bucket instead of DATA_DIR/uploads (app/utils/upload-store.server.ts).
  S3_BUCKET: z.string().min(1).optional(),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("true"),
  S3_PREFIX: z.string().default("uploads/"),
});

const parsed = schema.parse(process.env);
const dataDir = parsed.DATA_DIR;

function sessionSecret(): string {
  if (parsed.SESSION_SECRET) return parsed.SESSION_SECRET;
  // No manual env step on a fresh clone: a random secret is made once and kept beside the database.
  const file = path.join(dataDir, "session-secret");
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

export const env = {
  ...parsed,
  DATA_DIR: dataDir,
  DATABASE_URL: parsed.DATABASE_URL ?? `file:${path.join(dataDir, "bangfu.db")}`,
  UPLOAD_DIR: path.join(dataDir, "uploads"),
  SESSION_SECRET: sessionSecret(),
  // Over HTTPS the session cookie is always Secure and __Host- (session.server.ts); this forces Secure on the
  // plain-http cookie too, for a proxy that terminates TLS but is not named in TRUST_PROXY.
  secureCookies: parsed.SECURE_COOKIES === "true",
};
