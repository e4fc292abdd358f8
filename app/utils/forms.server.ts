import { json } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";

/** A form that failed validation: its field errors, status 400, nothing saved. */
export function invalidSubmission(reply: SubmissionResult<string[]>) {
  return json({ result: reply }, { status: 400 });
}

/** The client address for rate limiting, from the socket as Express saw it. */
export function clientKey(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
}
