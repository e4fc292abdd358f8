import { useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Messages } from "~/locales";
import { useT } from "~/utils/i18n";
import { SavedNotice } from "./SavedNotice";
import { feedbackArea } from "~/locales/area/feedback";

type FeedbackKey = { [K in keyof Messages["feedback"]]: Messages["feedback"][K] extends string ? K : never }[keyof Messages["feedback"]];

/** The path to redirect to after an action, carrying what to confirm (?done=); the page shows it once. */
export function withNotice(path: string, done: FeedbackKey, extra: Record<string, string | number> = {}): string {
  const [pathname, query = ""] = path.split("?");
  const params = new URLSearchParams(query);
  params.set("done", done);
  for (const [key, value] of Object.entries(extra)) params.set(key, String(value));
  return `${pathname}?${params.toString()}`;
}

/**
 * The confirmation after an action that redirects (approve, reject, cancel, confirm, ship, decline, receive, rate):
 * the same <SavedNotice> that Conform forms show from their reply (docs/decisions/0103-forms.md), read from ?done=.
 */
export function ActionNotice() {
  const t = useT(feedbackArea);
  const [params] = useSearchParams();
  const done = params.get("done");
  const messages: Record<string, unknown> = t.feedback;
  const message = done && Object.prototype.hasOwnProperty.call(messages, done) ? messages[done] : null;
  return <SavedNotice message={typeof message === "string" ? message : null} />;
}

/**
 * A destructive action that asks first, without JavaScript: the first button only opens the question; the form
 * inside submits. `children` are the form's own fields (intent, ids, a reason).
 */
export function ConfirmAction({
  label,
  children,
  className,
  name,
  value,
}: {
  label: string;
  children?: ReactNode;
  className?: string;
  name?: string;
  value?: string;
}) {
  const t = useT(feedbackArea);
  return (
    <details className={["confirm-action", className].filter(Boolean).join(" ")}>
      <summary className="btn-danger cursor-pointer list-none">{label}</summary>
      <div className="mt-2 flex flex-col gap-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm" role="group" aria-label={label}>
        <p className="font-medium text-red-800">{t.feedback.areYouSure}</p>
        {children}
        <button type="submit" name={name} value={value} className="btn-danger self-start">
          {t.feedback.yesDo(label)}
        </button>
      </div>
    </details>
  );
}
