import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { idField, z } from "~/utils/validation.server";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { listOwnProducts, setListingActive } from "~/models/catalog/products.server";
import { useT } from "~/utils/i18n";
import { notFound, requireSupplier } from "~/utils/permissions.server";
import { getMessages } from "~/utils/locale.server";
import { canPutBackOnSale, canWithdraw, isBelowMinimumOrder, isListingState, isLowStock } from "~/domain/listing-review";
import { readForm } from "~/utils/forms.server";
import { listingsArea } from "~/locales/area/listings";
import { listingsHomeArea } from "~/locales/area/listings-home";
import { listingImportArea } from "~/locales/area/listing-import";
import { workspaceArea } from "~/locales/area/workspace";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  return json({ products: await listOwnProducts(actor.supplierId) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireSupplier(request);
  const parsed = z.object({ intent: z.enum(["activate", "deactivate"]), productId: idField() }).safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const outcome = await setListingActive(actor, parsed.data.productId, parsed.data.intent === "activate");
  if (outcome === "notFound") notFound();
  // The buttons offer only what the state allows; a stale page gets a plain 409.
  if (outcome === "notAllowed") throw new Response((await getMessages(request)).listings.notAllowed, { status: 409 });
  return redirect("/supplier/products");
}

export default function OwnListings() {
  const t = useT(listingImportArea, listingsArea, listingsHomeArea, workspaceArea);
  const w = t.workspace;
  const { products } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1>{w.title}</h1>
        <div className="flex flex-wrap gap-2">
          <Link to="/supplier/products/new" className="btn-primary">
            {w.newListing}
          </Link>
          <Link to="/supplier/products/import" className="btn-secondary">
            {t.listingImport.title}
          </Link>
          <a href="/supplier/products/export" className="btn-secondary" download>
            {w.exportCsv}
          </a>
          <a href="/supplier/products/export?format=xlsx" className="btn-secondary" download>
            {t.listingsHome.export} XLSX
          </a>
        </div>
      </div>
      <div className="card overflow-x-auto">
        <table className="table" data-testid="own-listings">
          <thead>
            <tr>
              <th>{w.code}</th>
              <th>{w.fields.title}</th>
              <th className="num">{w.fields.price}</th>
              <th className="num">{t.stock}</th>
              <th>{w.status}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {products.map((p) => (
              <tr key={p.id}>
                <td>{p.code}</td>
                <td>
                  <Link to={`/supplier/products/${p.id}`}>{p.title}</Link>
                  <div className="text-xs text-stone-600">
                    {labelOf(t.categories, p.category)} · {p.certificateState ? labelOf(w.certState, p.certificateState) : "—"}
                  </div>
                </td>
                <td className="num">
                  <Money fen={p.priceFen} />
                </td>
                <td className="num">
                  {p.stock}
                  {isBelowMinimumOrder(p) ? (
                    <div className="text-xs text-red-700">{t.listingsHome.belowMinimum}</div>
                  ) : isLowStock(p) ? (
                    <div className="text-xs text-amber-700">{t.listingsHome.lowStock}</div>
                  ) : null}
                </td>
                <td data-testid={`state-${p.code}`}>{labelOf(t.listings.states, p.listingState)}</td>
                <td>
                  {isListingState(p.listingState) && (canWithdraw(p.listingState) || canPutBackOnSale(p.listingState)) ? (
                    <Form method="post">
                      <input type="hidden" name="productId" value={p.id} />
                      <button type="submit" name="intent" value={p.active ? "deactivate" : "activate"} className="btn-secondary">
                        {p.active ? w.deactivate : w.activate}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
