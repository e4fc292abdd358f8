import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { DateText } from "~/components/ui/DateText";
import { AUDIT_READER_ROLES } from "~/domain/account-admin";
import { AUDIT_KINDS } from "~/domain/audit-entry";
import { labelOf } from "~/locales/label";
import { AUDIT_PAGE_SIZE, auditOrganizations, listAuditEntries } from "~/models/access/audit-trail.server";
import { auditFiltersFrom } from "~/forms/audit-filters.server";
import { useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { requireRole } from "~/utils/permissions.server";
import { auditArea } from "~/locales/area/audit";

export async function loader({ request }: LoaderFunctionArgs) {
  const reader = await requireRole(request, ...AUDIT_READER_ROLES);
  const { filters, page, invalid } = auditFiltersFrom(new URL(request.url).searchParams);
  const { total, entries } = await listAuditEntries(reader, filters, page, await getLocale(request));
  return json({ filters, page, invalid, total, entries, organizations: await auditOrganizations(reader) });
}

export default function AuditTrail() {
  const t = useT(auditArea);
  const { filters, page, invalid, total, entries, organizations } = useLoaderData<typeof loader>();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const query = new URLSearchParams(location.search);
  query.delete("page");
  const withPage = (p: number) => `?${new URLSearchParams([...query, ["page", String(p)]])}`;
  const exportHref = (format: string) => `/audit/export?${new URLSearchParams([...query, ["format", format]])}`;
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{t.audit.title}</h1>
      <p className="text-sm text-stone-600">{t.audit.intro}</p>
      <Form method="get" className="card grid gap-3 sm:grid-cols-3" aria-label={t.audit.filter}>
        <div className="field">
          <label htmlFor="audit-from" className="field-label">
            {t.audit.from}
          </label>
          <input id="audit-from" name="from" type="date" className="input" defaultValue={filters.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-to" className="field-label">
            {t.audit.to}
          </label>
          <input id="audit-to" name="to" type="date" className="input" defaultValue={filters.to ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-org" className="field-label">
            {t.audit.org}
          </label>
          <select id="audit-org" name="org" className="input" defaultValue={filters.orgId ? String(filters.orgId) : ""}>
            <option value="">{t.audit.allOrgs}</option>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-actor" className="field-label">
            {t.audit.actor}
          </label>
          <input id="audit-actor" name="actor" type="text" className="input" defaultValue={filters.actor ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-kind" className="field-label">
            {t.audit.kind}
          </label>
          <select id="audit-kind" name="kind" className="input" defaultValue={filters.kind ?? ""}>
            <option value="">{t.audit.allKinds}</option>
            {AUDIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {labelOf(t.audit.kinds, k)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-order" className="field-label">
            {t.audit.orderCode}
          </label>
          <input id="audit-order" name="order" type="text" className="input" defaultValue={filters.orderCode ?? ""} />
        </div>
        {invalid ? (
          <p className="field-error sm:col-span-3" role="alert">
            {t.audit.badDate}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2 sm:col-span-3">
          <button type="submit" className="btn-primary">
            {t.audit.filter}
          </button>
          <Link to="/audit" className="btn-secondary">
            {t.audit.clear}
          </Link>
          <a href={exportHref("csv")} className="btn-secondary" download>
            {t.audit.exportCsv}
          </a>
          <a href={exportHref("xlsx")} className="btn-secondary" download data-testid="export-xlsx">
            {t.audit.exportXlsx}
          </a>
        </div>
      </Form>
      <p className="text-sm text-stone-700" data-testid="audit-count">
        {t.audit.count(total)}
      </p>
      {entries.length === 0 ? (
        <p className="card">{t.audit.empty}</p>
      ) : (
        <ol className="flex flex-col gap-2">
          {entries.map((e) => (
            <li key={e.id} className="card" data-testid="audit-entry">
              <p className="flex flex-wrap gap-x-3 text-sm text-stone-600">
                <DateText value={new Date(e.at)} withTime />
                <span>{e.actor ?? t.audit.system}</span>
                <span>{e.orgName ?? "—"}</span>
                <span className="badge-muted">{labelOf(t.audit.kinds, e.kind)}</span>
              </p>
              <p className="mt-1 font-medium">
                {labelOf(t.audit.actions, e.action)}
                {e.orderCode ? <span className="ml-2 font-mono text-sm">{e.orderCode}</span> : <span className="ml-2 text-sm text-stone-500">{e.entity}</span>}
              </p>
              {e.items.length ? (
                <ul className="mt-1 text-sm">
                  {e.items.map((item, i) => (
                    <li key={i}>
                      <span className="text-stone-600">{labelOf(t.audit.fields, item.field)}: </span>
                      {item.value !== undefined ? (
                        item.field === "role" ? (
                          labelOf(t.roles, item.value)
                        ) : (
                          <span translate="no">{item.value}</span>
                        )
                      ) : (
                        <>
                          <del className="text-stone-500" translate="no">
                            {item.before}
                          </del>{" "}
                          →{" "}
                          <ins className="no-underline" translate="no">
                            {item.after}
                          </ins>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {pages > 1 ? (
        <nav className="flex items-center gap-3" aria-label={t.audit.page(page, pages)}>
          {page > 1 ? (
            <Link to={withPage(page - 1)} className="btn-secondary">
              {t.audit.previous}
            </Link>
          ) : null}
          <span className="text-sm">{t.audit.page(page, pages)}</span>
          {page < pages ? (
            <Link to={withPage(page + 1)} className="btn-secondary">
              {t.audit.next}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
