import { useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Messages } from "~/locales";
import { useT } from "~/utils/i18n";

type FeedbackKey = { [K in keyof Messages["feedback"]]: Messages["feedback"][K] extends string ? K : never }[keyof Messages["feedback"]];

/** The path to redirect to after an action, carrying what to confirm (?done=); the page shows it once. */
export function withNotice(path: string, done: FeedbackKey, extra: Record<string, string | number> = {}): string {
  const [pathname, query = ""] = path.split("?");
  const params = new URLSearchParams(query);
  params.set("done", done);
  for (const [key, value] of Object.entries(extra)) params.set(key, String(value));
  return `${pathname}?${params.toString()}`;
}

/** The confirmation after a save, approve, reject or withdraw: a polite status message in the user's language. */
export function ActionNotice({ children }: { children?: ReactNode }) {
  const t = useT();
  const [params] = useSearchParams();
  const done = params.get("done");
  const message = done && Object.prototype.hasOwnProperty.call(t.feedback, done) ? t.feedback[done as keyof Messages["feedback"]] : null;
  if (typeof message !== "string") return null;
  return (
    <p role="status" className="no-print rounded-md border border-leaf-600/40 bg-leaf-50 px-4 py-3 text-sm font-medium text-leaf-600" data-testid="action-notice">
      ✓ {message} {children}
    </p>
  );
}

/**
 * A destructive action that asks first, without JavaScript: the first button only opens the question; the form
 * inside submits. `children` are the form's own fields (intent, ids, a reason).
 */
export function ConfirmAction({ label, children, className, name, value }: { label: string; children?: ReactNode; className?: string; name?: string; value?: string }) {
  const t = useT();
  return (
    <details className={["confirm-action", className].filter(Boolean).join(" ")}>
      <summary className="btn-danger cursor-pointer list-none">{label}</summary>
      <div className="mt-2 flex flex-col gap-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm" role="group" aria-label={label}>
        <p className="font-medium text-red-800">{t.feedback.areYouSure}</p>
        {children}
        <button type="submit" name={name} value={value} className="btn-danger self-start">{t.feedback.yesDo(label)}</button>
      </div>
    </details>
  );
}
