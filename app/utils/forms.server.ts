// The one way a form action answers (docs/decisions/0103-forms.md): Conform + Zod parse; a refusal returns the
// submission's reply with status 400 and saves nothing; a save returns the reply with the form reset (so no stale
// error stays on screen) and a confirmation in the user's language, which <SavedNotice> shows.
import { json } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";

export interface FormReply {
  result: SubmissionResult<string[]>;
  /** Which form on the page answered, for pages with several forms */
  intent: string | null;
  /** The confirmation after a successful save */
  saved: string | null;
}

/** A form that failed validation: its field errors, status 400, nothing saved. */
export function invalidSubmission(reply: SubmissionResult<string[]>, intent: string | null = null) {
  return json<FormReply>({ result: reply, intent, saved: null }, { status: 400 });
}

/** A form that saved: errors cleared, fields reset to what the loader now reads, and a confirmation. */
export function savedSubmission(submission: { reply(options: { resetForm: true }): SubmissionResult<string[]> }, saved: string, intent: string | null = null) {
  return json<FormReply>({ result: submission.reply({ resetForm: true }), intent, saved });
}

/** The client address for rate limiting, from the socket as Express saw it. */
export function clientKey(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
}
