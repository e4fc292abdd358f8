// In front of a local S3-compatible server (s3rver) in tests: s3rver speaks S3's HTTP API but does not check
// Signature V4 (its authentication middleware says "unimplemented"), so this handler does, from the AWS
// specification, with its own code rather than the SDK's signer: it recomputes each request's signature with the
// known secret, checks the payload hash against the body, refuses a mismatch as S3 does (403
// SignatureDoesNotMatch), and passes a good request through to the server.
import crypto from "node:crypto";
import { http, HttpResponse, passthrough } from "msw";

const sha256Hex = (data: string | Uint8Array) => crypto.createHash("sha256").update(data).digest("hex");
const hmac = (key: crypto.BinaryLike, data: string) => crypto.createHmac("sha256", key).update(data).digest();

// RFC 3986 unreserved characters stay; everything else is %XX (S3 keeps the path's slashes).
const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Why a request's AWS Signature V4 is wrong for this secret, or null when it is right. */
export async function sigV4Problem(request: Request, secretAccessKey: string): Promise<string | null> {
  const authorization = request.headers.get("authorization") ?? "";
  const match = authorization.match(
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/,
  );
  if (!match) return "no Signature V4 authorization header";
  const [, , day, region, service, signedHeaders, signature] = match;
  const amzDate = request.headers.get("x-amz-date") ?? "";
  const payloadHash = request.headers.get("x-amz-content-sha256") ?? "";
  const body = new Uint8Array(await request.arrayBuffer());
  if (/^[0-9a-f]{64}$/.test(payloadHash) && payloadHash !== sha256Hex(body)) return "payload hash does not match the body";
  const url = new URL(request.url);
  const query = [...url.searchParams]
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .sort()
    .join("&");
  const headers = signedHeaders
    .split(";")
    .map((name) => `${name}:${(name === "host" ? url.host : (request.headers.get(name) ?? "")).trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const path = url.pathname
    .split("/")
    .map((segment) => encode(decodeURIComponent(segment)))
    .join("/");
  const canonical = [request.method, path, query, headers, signedHeaders, payloadHash].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonical)].join("\n");
  const key = [day, region, service, "aws4_request"].reduce<Buffer>((k, part) => hmac(k, part), Buffer.from(`AWS4${secretAccessKey}`));
  return hmac(key, toSign).toString("hex") === signature ? null : "signature does not match";
}

/** Checks every request to `endpoint` and passes the good ones through; `checked` counts them. */
export function s3SignatureCheck(endpoint: string, secretAccessKey: string, checked: { count: number }) {
  return http.all(`${endpoint}/*`, async ({ request }) => {
    const problem = await sigV4Problem(request.clone(), secretAccessKey);
    if (problem) {
      return new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>${problem}</Message></Error>`, {
        status: 403,
        headers: { "Content-Type": "application/xml" },
      });
    }
    checked.count++;
    return passthrough();
  });
}
