import type { SelectHTMLAttributes } from "react";

/** A labelled select with its error, wired for screen readers (the select twin of Field). */
export function SelectField({
  id,
  label,
  errors,
  children,
  ...select
}: { id: string; label: string; errors?: string[] | null } & SelectHTMLAttributes<HTMLSelectElement>) {
  const hasError = Boolean(errors?.length);
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select {...select} id={id} className="input" aria-invalid={hasError || undefined} aria-describedby={hasError ? `${id}-error` : undefined}>
        {children}
      </select>
      {hasError ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {errors!.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
