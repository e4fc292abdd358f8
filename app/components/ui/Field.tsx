import type { InputHTMLAttributes, ReactNode } from "react";

/** A labelled input with its error, wired for screen readers. */
export function Field({
  label,
  errors,
  hint,
  id,
  ...input
}: { label: ReactNode; errors?: string[] | null; hint?: ReactNode; id: string } & InputHTMLAttributes<HTMLInputElement>) {
  const errorId = `${id}-error`;
  const hasError = Boolean(errors?.length);
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input id={id} aria-invalid={hasError || undefined} aria-describedby={hasError ? errorId : undefined} className="input" {...input} />
      {hint ? <p className="field-hint">{hint}</p> : null}
      {hasError ? (
        <p id={errorId} className="field-error" role="alert">
          {errors!.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
