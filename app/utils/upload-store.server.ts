// Where uploaded files live (docs/decisions/0192-upload-storage.md): the data directory's uploads/ by default, an
// S3-compatible bucket when S3_BUCKET is set, so several app processes on several machines serve the same files.
// Names are content hashes (uploads.server.ts): a name never changes meaning, so storing it twice is harmless.
import fs from "node:fs";
import path from "node:path";
import type * as S3 from "@aws-sdk/client-s3";
import { env } from "./env.server";

export interface UploadStore {
  /** Stores the bytes under the name (again: harmless, the name is their hash). */
  put(name: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes stored under the name, or null when there are none. */
  get(name: string): Promise<Uint8Array<ArrayBuffer> | null>;
}

export function localDiskStore(dir: string): UploadStore {
  return {
    async put(name, bytes) {
      const target = path.join(dir, name);
      if (fs.existsSync(target)) return;
      // Written aside, then renamed: a reader (or npm run backup, which copies the files of uploads/ only) never
      // sees half a file.
      const partials = path.join(dir, ".partial");
      await fs.promises.mkdir(partials, { recursive: true });
      const partial = path.join(partials, `${name}.${process.pid}.${Date.now()}`);
      await fs.promises.writeFile(partial, bytes);
      await fs.promises.rename(partial, target);
    },
    async get(name) {
      try {
        return new Uint8Array(await fs.promises.readFile(path.join(dir, name)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
  };
}

export interface S3StoreConfig {
  bucket: string;
  /** An S3-compatible server (MinIO, Ceph, a cloud's S3 API); unset: AWS S3 itself. */
  endpoint?: string;
  region: string;
  /** Unset: the AWS SDK's own credential chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Bucket in the path (http://host/bucket/key), as most S3-compatible servers want. */
  forcePathStyle: boolean;
  /** Prepended to every name, e.g. "uploads/". */
  prefix: string;
}

/** An S3-compatible bucket, through the AWS SDK (loaded only when a bucket is configured). */
export function s3Store(config: S3StoreConfig): UploadStore {
  let client: Promise<{ s3: S3.S3Client; sdk: typeof S3 }> | null = null;
  const connect = () =>
    (client ??= import("@aws-sdk/client-s3").then((sdk) => ({
      sdk,
      s3: new sdk.S3Client({
        region: config.region,
        endpoint: config.endpoint,
        forcePathStyle: config.forcePathStyle,
        credentials: config.credentials,
      }),
    })));
  return {
    async put(name, bytes, contentType) {
      const { s3, sdk } = await connect();
      await s3.send(new sdk.PutObjectCommand({ Bucket: config.bucket, Key: config.prefix + name, Body: bytes, ContentType: contentType }));
    },
    async get(name) {
      const { s3, sdk } = await connect();
      try {
        const object = await s3.send(new sdk.GetObjectCommand({ Bucket: config.bucket, Key: config.prefix + name }));
        return object.Body ? new Uint8Array(await object.Body.transformToByteArray()) : null;
      } catch (error) {
        if (error instanceof sdk.NoSuchKey || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
        throw error;
      }
    },
  };
}

/** The store the environment configures: S3 when S3_BUCKET is set, else DATA_DIR/uploads. */
export function storeFromEnv(settings: typeof env): UploadStore {
  if (!settings.S3_BUCKET) return localDiskStore(settings.UPLOAD_DIR);
  return s3Store({
    bucket: settings.S3_BUCKET,
    endpoint: settings.S3_ENDPOINT,
    region: settings.S3_REGION,
    credentials:
      settings.S3_ACCESS_KEY_ID && settings.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: settings.S3_ACCESS_KEY_ID, secretAccessKey: settings.S3_SECRET_ACCESS_KEY }
        : undefined,
    forcePathStyle: settings.S3_FORCE_PATH_STYLE !== "false",
    prefix: settings.S3_PREFIX,
  });
}

let configured: UploadStore | null = null;

/** The process's upload store, from the environment parsed at start-up. */
export function uploadStore(): UploadStore {
  return (configured ??= storeFromEnv(env));
}
