// Uploads in an S3-compatible bucket (app/utils/upload-store.server.ts, docs/decisions/0192-upload-storage.md),
// against a real S3-compatible server on loopback (s3rver: S3's HTTP API, path-style buckets, XML errors), with
// every request's AWS Signature V4 checked on the way by tests/mocks/s3.ts (s3rver itself does not check V4).
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { s3SignatureCheck } from "../mocks/s3";
import { server } from "../mocks/server";

type S3rverServer = { run(): Promise<{ port: number }>; close(): Promise<void> };
const S3rver: new (options: Record<string, unknown>) => S3rverServer = createRequire(import.meta.url)("s3rver");

const BUCKET = "bangfu-uploads";
const bucketDir = fs.mkdtempSync(path.join(os.tmpdir(), "bangfu-s3-"));
let s3: S3rverServer;
let endpoint: string;

beforeAll(async () => {
  s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: bucketDir, configureBuckets: [{ name: BUCKET }] });
  endpoint = `http://127.0.0.1:${(await s3.run()).port}`;
  // The app reads its environment once, at start-up: set before any app module loads.
  Object.assign(process.env, {
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: endpoint,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_PREFIX: "photos/",
  });
});
const signed = { count: 0 };
// Tests fail on any request MSW does not know; this server is ours, on loopback, behind the signature check.
beforeEach(() => server.use(s3SignatureCheck(endpoint, "S3RVER", signed)));
afterAll(async () => {
  await s3.close();
  fs.rmSync(bucketDir, { recursive: true, force: true });
});

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe("the S3 upload store", () => {
  it("stores and reads back bytes, and answers null for a name it does not have", async () => {
    const { s3Store } = await import("~/utils/upload-store.server");
    const store = s3Store({
      bucket: BUCKET,
      endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      forcePathStyle: true,
      prefix: "t/",
    });
    const before = signed.count;
    await store.put("a.png", png, "image/png");
    expect(await store.get("a.png")).toEqual(png);
    expect(await store.get("missing.png")).toBeNull();
    expect(signed.count - before).toBe(3);
  });

  it("is refused with a wrong secret: the server checks the signature", async () => {
    const { s3Store } = await import("~/utils/upload-store.server");
    const store = s3Store({
      bucket: BUCKET,
      endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "not-the-secret" },
      forcePathStyle: true,
      prefix: "t/",
    });
    await expect(store.put("b.png", png, "image/png")).rejects.toThrow(/signature does not match/);
    await expect(store.get("a.png")).rejects.toThrow(/signature does not match/);
  });

  it("takes a supplier's photo upload into the bucket, not the data directory, and serves it from there", async () => {
    const { seedDemoBase, cookieFor, formRequest, getRequest, responseOf } = await import("../support/fixtures");
    const { db } = await import("~/utils/db.server");
    const { env } = await import("~/utils/env.server");
    const { action: photoAction } = await import("~/routes/supplier.products.$productId.photos");
    const { loader: fileLoader } = await import("~/routes/files.$fileName");
    await seedDemoBase();
    const cookie = await cookieFor("walnut.coop");
    const walnut = await db.user.findUniqueOrThrow({ where: { username: "walnut.coop" }, include: { memberships: true } });
    const product = await db.product.findFirstOrThrow({ where: { supplier: { orgId: walnut.memberships[0].orgId } } });
    const form = new FormData();
    form.append("photo", new File([png], "a.png", { type: "image/png" }));
    const posted = await responseOf(() =>
      photoAction({ request: formRequest(`/supplier/products/${product.id}/photos`, form, cookie), params: { productId: String(product.id) }, context: {} }),
    );
    expect(posted.status).toBe(302);
    const { fileName } = await db.productPhoto.findFirstOrThrow({ where: { productId: product.id }, orderBy: { id: "desc" } });
    expect(fs.existsSync(path.join(env.UPLOAD_DIR, fileName))).toBe(false);
    const served = await responseOf(() => fileLoader({ request: getRequest(`/files/${fileName}`), params: { fileName }, context: {} }));
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png);
    // It is in the bucket, under the configured prefix.
    const { s3Store } = await import("~/utils/upload-store.server");
    const direct = s3Store({
      bucket: BUCKET,
      endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      forcePathStyle: true,
      prefix: "photos/",
    });
    expect(await direct.get(fileName)).toEqual(png);
    const unknown = `${"0".repeat(64)}.png`;
    await expect(
      responseOf(() => fileLoader({ request: getRequest(`/files/${unknown}`), params: { fileName: unknown }, context: {} })),
    ).resolves.toHaveProperty("status", 404);
  });
});
