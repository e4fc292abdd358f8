import type { FormReply } from "~/utils/forms.server";

/** Every message of a refused form reply (the form's own error first, then each field's), or null. */
export function replyProblem(reply: FormReply | undefined | null, intent: string | null = null, formOnly = false): string | null {
  if (!reply || reply.saved || !reply.result.error) return null;
  if (intent !== null && reply.intent !== intent) return null;
  const { "": own, ...fields } = reply.result.error;
  const messages = [...(own ?? []), ...(formOnly ? [] : Object.values(fields).flatMap((m) => m ?? []))];
  return messages.length ? [...new Set(messages)].join(" ") : null;
}

/**
 * Why a form was refused (docs/decisions/0103-forms.md), announced to screen readers; nothing when it was not.
 * With `intent`, only the answer of that form on a page with several; with `formOnly`, only the form's own error,
 * for forms that show each field's error beside the field.
 */
export function FormProblem({
  reply,
  intent = null,
  formOnly = false,
  className = "",
}: {
  reply: FormReply | undefined | null;
  intent?: string | null;
  formOnly?: boolean;
  className?: string;
}) {
  const message = replyProblem(reply, intent, formOnly);
  if (!message) return null;
  return (
    <p className={["field-error", className].filter(Boolean).join(" ")} role="alert" data-testid="form-problem">
      {message}
    </p>
  );
}
