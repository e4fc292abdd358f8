import crypto from "node:crypto";
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { uploadStore } from "./upload-store.server";

/** Per file. A whole upload request may be at most 6 MB (server.js refuses more with 413 before reading it). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const KINDS = {
  jpg: { type: "image/jpeg", test: (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  png: { type: "image/png", test: (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  webp: { type: "image/webp", test: (b: Uint8Array) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP" },
  pdf: { type: "application/pdf", test: (b: Uint8Array) => ascii(b, 0, 5) === "%PDF-" },
  // OFD (GB/T 33190, China's fixed-layout format for digital invoices) is a ZIP package whose root holds OFD.xml.
  ofd: { type: "application/ofd", test: (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04 && zipHasEntry(b, "OFD.xml") },
} as const;
export type UploadKind = keyof typeof KINDS;

function ascii(bytes: Uint8Array, from: number, to: number) {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** Whether a ZIP archive names an entry (in a local file header), without unpacking it. */
function zipHasEntry(bytes: Uint8Array, name: string): boolean {
  for (let i = 0; i + 30 < bytes.length; i++) {
    if (bytes[i] !== 0x50 || bytes[i + 1] !== 0x4b || bytes[i + 2] !== 0x03 || bytes[i + 3] !== 0x04) continue;
    const nameLength = bytes[i + 26] | (bytes[i + 27] << 8);
    if (ascii(bytes, i + 30, i + 30 + nameLength).replace(/^\//, "") === name) return true;
  }
  return false;
}

export type UploadProblem = "fileTooLarge" | "fileWrongType" | "fileMissing";

/**
 * Reads a multipart form with one file field. The file's real type is decided by its first bytes, never by its
 * name or the browser's claim; it is stored under the data directory with a content-hash name.
 */
export async function readFormWithUpload(request: Request, field: string, allowed: readonly UploadKind[]) {
  const form = await readMultipart(request, MAX_UPLOAD_BYTES);
  if (form === "tooLarge") return { form: null, file: null, problem: "fileTooLarge" as UploadProblem };
  const value = form.get(field);
  if (!(value instanceof File) || value.size === 0) return { form, file: null, problem: "fileMissing" as UploadProblem };
  const bytes = new Uint8Array(await value.arrayBuffer());
  const kind = allowed.find((k) => KINDS[k].test(bytes));
  if (!kind) return { form, file: null, problem: "fileWrongType" as UploadProblem };
  return { form, file: { bytes, kind, contentType: KINDS[kind].type }, problem: null };
}

/**
 * A multipart body held in memory, each part at most `maxPartSize` bytes ("tooLarge" otherwise). Anything but
 * multipart is 415 and a body that does not parse is 400: malformed uploads are the client's fault, not a 500.
 */
export async function readMultipart(request: Request, maxPartSize: number): Promise<FormData | "tooLarge"> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "multipart/form-data") throw new Response("需要 multipart/form-data / Expected multipart/form-data", { status: 415 });
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return "tooLarge";
    throw new Response("上传无法解析 / The upload could not be read", { status: 400 });
  }
}

/**
 * Stores the bytes once under their SHA-256 name in the configured store (local disk or an S3 bucket,
 * upload-store.server.ts); the same file uploaded twice is stored once.
 */
export async function storeUpload(file: { bytes: Uint8Array; kind: UploadKind }): Promise<string> {
  const fileName = `${crypto.createHash("sha256").update(file.bytes).digest("hex")}.${file.kind}`;
  await uploadStore().put(fileName, file.bytes, KINDS[file.kind].type);
  return fileName;
}

export const UPLOAD_NAME = /^[a-f0-9]{64}\.(jpg|png|webp|pdf|ofd)$/;

/** The stored bytes of an upload, or null when there are none. */
export function readUpload(fileName: string): Promise<Uint8Array<ArrayBuffer> | null> {
  return uploadStore().get(fileName);
}

export function contentTypeOf(fileName: string): string {
  const ext = fileName.split(".").pop();
  return Object.entries(KINDS).find(([kind]) => kind === ext)?.[1].type ?? "application/octet-stream";
}
