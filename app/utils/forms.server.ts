// The one way a form action answers (docs/decisions/0103-forms.md): Conform + Zod parse; a refusal returns the
// submission's reply with status 400 and saves nothing; a save returns the reply with the form reset (so no stale
// error stays on screen) and a confirmation in the user's language, which <SavedNotice> shows.
import { json, type AppLoadContext } from "@remix-run/node";
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

/**
 * A form that parsed but the business said no (wrong state, not paid, same person, an order's lines): the same
 * reply shape as a field refusal, with the messages as the form's own errors, and nothing saved.
 */
export function formRefusal(messages: string | readonly string[], options: { intent?: string | null; fieldErrors?: Record<string, string[]> } = {}): FormReply {
  const own = typeof messages === "string" ? [messages] : [...messages];
  return { result: { status: "error", error: { "": own, ...options.fieldErrors } }, intent: options.intent ?? null, saved: null };
}

/**
 * `formRefusal` as a response. Status 400 for input, 409 for a state that changed under the user, 403 for a rule
 * about who may act, 402 for a payment the provider refused.
 */
export function refusedSubmission(message: string, options: { intent?: string | null; status?: 400 | 402 | 403 | 409 } = {}) {
  return json<FormReply>(formRefusal(message, options), { status: options.status ?? 400 });
}

/**
 * The client for rate limiting: the address server.js resolved (the socket's, or X-Forwarded-For only from a
 * proxy named in TRUST_PROXY). An IPv6 client is keyed by its /64, which one household or host holds whole.
 */
export function clientKey(context: AppLoadContext): string {
  const ip = typeof context.clientIp === "string" ? context.clientIp.replace(/^::ffff:/, "") : "";
  if (!ip) return "unknown";
  if (!ip.includes(":")) return ip;
  const [head, tail = ""] = ip.split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = tail ? tail.split(":") : [];
  const groups = [...headParts, ...Array(Math.max(0, 8 - headParts.length - tailParts.length)).fill("0"), ...tailParts];
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** More fields than any of our forms has; 200,000 repeated pairs would otherwise be parsed and looped over. */
export const MAX_FORM_FIELDS = 2000;

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * The one way an action reads its body: a form post or nothing. JSON, text or a missing Content-Type is 415,
 * a body that does not parse is 400, too many fields is 413 — never a 500, and never a half-read write.
 * (server.js refuses the same content types and oversized bodies before Remix; this holds without it too.)
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!FORM_TYPES.has(type)) {
    throw new Response("只接受表单提交 / Only form submissions are accepted", { status: 415 });
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new Response("表单无法解析 / The form could not be read", { status: 400 });
  }
  let fields = 0;
  for (const _ of form.keys()) {
    if (++fields > MAX_FORM_FIELDS) throw new Response("表单字段过多 / Too many form fields", { status: 413 });
  }
  return form;
}
