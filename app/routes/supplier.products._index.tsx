import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { idField, z } from "~/utils/validation.server";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { listOwnProducts, setListingActive } from "~/models/catalog/products.server";
import { useT } from "~/utils/i18n";
import { notFound, requireSupplier } from "~/utils/permissions.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  return json({ products: await listOwnProducts(actor.supplierId) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireSupplier(request);
  const parsed = z.object({ intent: z.enum(["activate", "deactivate"]), productId: idField() }).safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  if (!(await setListingActive(actor, parsed.data.productId, parsed.data.intent === "activate"))) notFound();
  return redirect("/supplier/products");
}

export default function OwnListings() {
  const t = useT();
  const w = t.catalog.workspace;
  const { products } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1>{w.title}</h1>
        <div className="flex flex-wrap gap-2">
          <Link to="/supplier/products/new" className="btn-primary">{w.newListing}</Link>
          <Link to="/supplier/products/import" className="btn-secondary">{w.importCsv}</Link>
          <a href="/supplier/products/export" className="btn-secondary" download>{w.exportCsv}</a>
        </div>
      </div>
      <div className="card overflow-x-auto">
        <table className="table" data-testid="own-listings">
          <thead>
            <tr><th>{w.code}</th><th>{w.fields.title}</th><th className="num">{w.fields.price}</th><th className="num">{t.catalog.stock}</th><th>{w.status}</th><th /></tr>
          </thead>
          <tbody>
            {products.map((p) => (
              <tr key={p.id}>
                <td>{p.code}</td>
                <td>
                  <Link to={`/supplier/products/${p.id}`}>{p.title}</Link>
                  <div className="text-xs text-stone-600">{labelOf(t.categories, p.category)} · {p.certificateState ? labelOf(w.certState, p.certificateState) : "—"}</div>
                </td>
                <td className="num"><Money fen={p.priceFen} /></td>
                <td className="num">{p.stock}</td>
                <td>{p.active ? w.active : w.inactive}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="productId" value={p.id} />
                    <button type="submit" name="intent" value={p.active ? "deactivate" : "activate"} className="btn-secondary">{p.active ? w.deactivate : w.activate}</button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
