import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { readMultipart } from "~/utils/uploads.server";
import { Form, Link, useActionData } from "@remix-run/react";
import { LISTING_FIELDS } from "~/domain/catalog";
import { importListings } from "~/forms/listing-import.server";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { requireSupplier } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSupplier(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireSupplier(request);
  const t = await getMessages(request);
  let text: string | null = null;
  const form = await readMultipart(request, 2 * 1024 * 1024);
  if (form === "tooLarge") return json({ ok: false as const, errors: [t.catalog.workspace.fileTooLarge] }, { status: 400 });
  const file = form.get("file");
  if (file instanceof File && file.size > 0) text = await file.text();
  if (text == null) return json({ ok: false as const, errors: [t.catalog.workspace.fileMissing] }, { status: 400 });
  const result = await importListings(actor, text, t);
  return json(result, { status: result.ok ? 200 : 400 });
}

export default function ImportListings() {
  const t = useT();
  const data = useActionData<typeof action>();
  return (
    <div className="container-page">
      <div className="card mx-auto flex max-w-3xl flex-col gap-3">
        <h1>{t.catalog.import.title}</h1>
        <p className="text-sm text-stone-700">{t.catalog.import.help}</p>
        <code className="block overflow-x-auto rounded bg-stone-100 p-2 text-xs" tabIndex={0}>{[...LISTING_FIELDS, "village"].join(",")}</code>
        <Form method="post" encType="multipart/form-data" className="flex flex-col gap-2">
          <label htmlFor="file" className="field-label">{t.catalog.import.file}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" className="text-sm" />
          <button type="submit" className="btn-primary self-start">{t.catalog.import.submit}</button>
        </Form>
        {data?.ok ? <p className="badge-certified self-start" role="status">{t.catalog.import.imported(data.count)}</p> : null}
        {data && !data.ok ? (
          <ul className="field-error list-disc pl-5" role="alert" data-testid="import-errors">
            {data.errors.map((e) => <li key={e}>{e}</li>)}
          </ul>
        ) : null}
        <Link to="/supplier/products">← {t.catalog.workspace.title}</Link>
      </div>
    </div>
  );
}
