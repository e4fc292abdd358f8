import { Form, useSearchParams } from "@remix-run/react";

/** A GET search form over `?q=` that keeps what was searched for. */
export function SearchBox({ id, label, placeholder }: { id: string; label: string; placeholder?: string }) {
  const [searchParams] = useSearchParams();
  return (
    <Form method="get" className="card flex flex-wrap items-end gap-2" role="search">
      <div className="field min-w-0 flex-1">
        <label htmlFor={id} className="field-label">
          {label}
        </label>
        <input id={id} name="q" type="search" className="input" defaultValue={searchParams.get("q") ?? ""} placeholder={placeholder} />
      </div>
      <button type="submit" className="btn-primary">
        {label}
      </button>
    </Form>
  );
}
