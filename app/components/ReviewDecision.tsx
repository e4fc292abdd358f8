import { Form } from "@remix-run/react";
import type { FormReply } from "~/utils/forms.server";

/**
 * Approve or reject one item of a review queue (certificates, listings) with a reason. The reply's note error shows
 * under the item it belongs to: the form names its item in the hidden `idName` field.
 */
export function ReviewDecision({
  idName,
  id,
  reply,
  labels,
}: {
  idName: string;
  id: number;
  reply: FormReply | undefined;
  labels: { reason: string; approve: string; reject: string };
}) {
  const answered = String(reply?.result.initialValue?.[idName]) === String(id);
  const noteErrors = answered ? reply?.result.error?.note : null;
  return (
    <Form method="post" className="flex flex-wrap items-end gap-2">
      <input type="hidden" name={idName} value={id} />
      <div className="field grow">
        <label htmlFor={`note-${id}`} className="field-label">
          {labels.reason}
        </label>
        <input id={`note-${id}`} name="note" className="input" aria-describedby={noteErrors ? `note-${id}-error` : undefined} />
        {noteErrors ? (
          <p id={`note-${id}-error`} className="field-error" role="alert">
            {noteErrors.join(" ")}
          </p>
        ) : null}
      </div>
      <button type="submit" name="intent" value="APPROVED" className="btn-primary">
        {labels.approve}
      </button>
      <button type="submit" name="intent" value="REJECTED" className="btn-secondary">
        {labels.reject}
      </button>
    </Form>
  );
}
