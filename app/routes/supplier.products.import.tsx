import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { readMultipart } from "~/utils/uploads.server";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PRODUCT_CATEGORIES, UNITS } from "~/domain/catalog";
import { SHEET_COLUMNS } from "~/domain/listing-sheet";
import { labelOf } from "~/locales/label";
import { applyImport, parsePayload, planImport, readSpreadsheet, type PlannedRow, type RowOutcome } from "~/forms/listing-import.server";
import { supplierVillages } from "~/models/catalog/products.server";
import { useLocale, useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { requireSupplier } from "~/utils/permissions.server";
import { listingsArea } from "~/locales/area/listings";
import { listingImportArea } from "~/locales/area/listing-import";
import { workspaceArea } from "~/locales/area/workspace";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  return json({ villages: await supplierVillages(actor.supplierId) });
}

type Preview = { rows: PlannedRow[]; counts: Record<RowOutcome, number>; payload: string; digest: string };
type ActionData =
  | { step: "preview"; preview: Preview; message?: string }
  | { step: "done"; created: number; updated: number; pendingReview: number }
  | { step: "error"; errors: string[] };

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireSupplier(request);
  const t = await getMessages(request);
  const im = t.listingImport;
  const form = await readMultipart(request, 2 * 1024 * 1024);
  if (form === "tooLarge") return json<ActionData>({ step: "error", errors: [t.workspace.fileTooLarge] }, { status: 400 });
  const intent = form.get("intent");
  if (intent === "confirm") {
    const rows = parsePayload(String(form.get("payload") ?? ""));
    if (!rows) return json<ActionData>({ step: "error", errors: [im.badFile] }, { status: 400 });
    const applied = await applyImport(actor, rows, String(form.get("digest") ?? ""), t);
    if (applied.outcome === "applied")
      return json<ActionData>({ step: "done", created: applied.created, updated: applied.updated, pendingReview: applied.pendingReview });
    if (!applied.plan.ok) return json<ActionData>({ step: "error", errors: applied.plan.errors }, { status: 400 });
    const { rows: planned, counts, payload, digest } = applied.plan;
    return json<ActionData>(
      { step: "preview", preview: { rows: planned, counts, payload, digest }, message: applied.outcome === "stale" ? im.stale : im.refusedNothingWritten },
      { status: 409 },
    );
  }
  if (intent !== "preview") throw new Response("Unknown intent", { status: 400 });
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return json<ActionData>({ step: "error", errors: [t.workspace.fileMissing] }, { status: 400 });
  const rows = await readSpreadsheet(new Uint8Array(await file.arrayBuffer()));
  if (!rows) return json<ActionData>({ step: "error", errors: [im.badFile] }, { status: 400 });
  const plan = await planImport(actor, rows, t);
  if (!plan.ok) return json<ActionData>({ step: "error", errors: plan.errors }, { status: 400 });
  const preview = { rows: plan.rows, counts: plan.counts, payload: plan.payload, digest: plan.digest };
  // A file with a refused row is a bad submission: 400, and nothing can be confirmed.
  return json<ActionData>({ step: "preview", preview }, { status: plan.counts.REFUSED ? 400 : 200 });
}

const OUTCOME_CLASS: Record<RowOutcome, string> = { CREATED: "badge-certified", UPDATED: "badge-muted", UNCHANGED: "badge-muted", REFUSED: "field-error" };

export default function ImportListings() {
  const t = useT(listingImportArea, listingsArea, workspaceArea);
  const separator = useLocale() === "en" ? ", " : "、";
  const im = t.listingImport;
  const { villages } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const preview = data?.step === "preview" ? data.preview : null;
  return (
    <div className="container-page">
      <div className="card mx-auto flex max-w-4xl flex-col gap-3">
        <h1>{im.title}</h1>
        <p className="text-sm text-stone-700">{im.help}</p>
        <div className="flex flex-wrap gap-2">
          <a href="/supplier/products/template?format=xlsx" className="btn-secondary" download>
            {im.templateXlsx}
          </a>
          <a href="/supplier/products/template?format=csv" className="btn-secondary" download>
            {im.templateCsv}
          </a>
        </div>
        <details className="text-sm">
          <summary>
            {im.columns} · {im.validValues}
          </summary>
          <code className="my-2 block overflow-x-auto rounded bg-stone-100 p-2 text-xs" tabIndex={0}>
            {SHEET_COLUMNS.map(([en, zh]) => (separator === "、" ? zh : en)).join(",")}
          </code>
          <p>
            <strong>{im.categories}:</strong> {PRODUCT_CATEGORIES.map((c) => labelOf(t.categories, c)).join(separator)}
          </p>
          <p>
            <strong>{im.units}:</strong> <span translate="no">{UNITS.join("、")}</span>
          </p>
          <p>
            <strong>{im.villages}:</strong> {villages.map((v) => v.shortName).join(separator) || "—"}
          </p>
        </details>
        <Form method="post" encType="multipart/form-data" className="flex flex-col gap-2">
          <input type="hidden" name="intent" value="preview" />
          <label htmlFor="file" className="field-label">
            {im.file}
          </label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="text-sm"
          />
          <button type="submit" className="btn-primary self-start" disabled={busy}>
            {im.preview}
          </button>
        </Form>
        {data?.step === "done" ? (
          <p className="badge-certified self-start" role="status" data-testid="import-done">
            {im.done(data.created, data.updated)}
            {data.pendingReview ? ` · ${t.listings.savedPending(labelOf(t.listings.triggers, "FIRST_LISTINGS"))}` : ""}
          </p>
        ) : null}
        {data?.step === "error" ? (
          <ul className="field-error list-disc pl-5" role="alert" data-testid="import-errors">
            {data.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
        {preview ? (
          <section aria-labelledby="preview-heading" className="flex flex-col gap-2" data-testid="import-preview">
            <h2 id="preview-heading">{im.preview}</h2>
            <p role="status" data-testid="import-summary">
              {im.summary(preview.counts.CREATED, preview.counts.UPDATED, preview.counts.UNCHANGED, preview.counts.REFUSED)}
            </p>
            {data?.step === "preview" && data.message ? (
              <p className="field-error" role="alert">
                {data.message}
              </p>
            ) : null}
            <div className="overflow-x-auto">
              <table className="table text-sm">
                <thead>
                  <tr>
                    <th>{im.line}</th>
                    <th>{t.workspace.code}</th>
                    <th>{t.workspace.fields.title}</th>
                    <th>{im.result}</th>
                    <th>{im.problems}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => (
                    <tr key={r.line} data-outcome={r.outcome}>
                      <td>{r.line}</td>
                      <td>{r.code || "—"}</td>
                      <td>{r.title}</td>
                      <td>
                        <span className={OUTCOME_CLASS[r.outcome]}>{labelOf(im.outcome, r.outcome)}</span>
                      </td>
                      <td>
                        {r.notes.length ? (
                          <ul className={r.outcome === "REFUSED" ? "field-error" : ""}>
                            {r.notes.map((n) => (
                              <li key={n}>{n}</li>
                            ))}
                          </ul>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {preview.counts.REFUSED ? (
              <p className="field-error" role="alert" data-testid="import-errors">
                {im.refusedNothingWritten}
              </p>
            ) : preview.counts.CREATED + preview.counts.UPDATED === 0 ? (
              <p>{im.nothingToWrite}</p>
            ) : (
              <Form method="post" encType="multipart/form-data">
                <input type="hidden" name="intent" value="confirm" />
                <input type="hidden" name="payload" value={preview.payload} />
                <input type="hidden" name="digest" value={preview.digest} />
                <button type="submit" className="btn-primary" disabled={busy}>
                  {im.confirm(preview.counts.CREATED, preview.counts.UPDATED)}
                </button>
              </Form>
            )}
          </section>
        ) : null}
        <Link to="/supplier/products">← {t.workspace.title}</Link>
      </div>
    </div>
  );
}
