import { parseWithZod } from "~/utils/validation.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import type { action as certificateAction } from "./supplier.products.$productId.certificate";
import type { action as photosAction } from "./supplier.products.$productId.photos";
import { FormProblem, replyProblem } from "~/components/ui/FormProblem";
import { idParam, intField, textField, z } from "~/utils/validation.server";
import { ListingForm } from "~/components/catalog/ListingForm";
import { CountsBadge } from "~/components/catalog/CountsBadge";
import { DateText } from "~/components/ui/DateText";
import { CertificateHistory } from "~/components/catalog/CertificateHistory";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import { CERTIFICATE_LEVELS } from "~/domain/catalog";
import { fenToYuanString } from "~/domain/money";
import type { Messages } from "~/locales";
import { labelOf } from "~/locales/label";
import { adjustStock, getOwnProduct, stockHistory, supplierVillages, updateListing } from "~/models/catalog/products.server";
import { productCertificateHistory } from "~/models/catalog/certificates.server";
import { loadWelfareRules } from "~/models/catalog/welfare-rules.server";
import { ListingStateNotice } from "~/components/catalog/ListingStateNotice";
import { invalidSubmission, readForm, savedSubmission } from "~/utils/forms.server";
import { SavedNotice } from "~/components/ui/SavedNotice";
import { useT } from "~/utils/i18n";
import { listingSchema } from "~/forms/listing-schema.server";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireSupplier } from "~/utils/permissions.server";
import { listingsArea } from "~/locales/area/listings";
import { workspaceArea } from "~/locales/area/workspace";

function stockSchema(t: Messages) {
  return z.object({
    intent: z.literal("adjustStock"),
    delta: intField(t, -10_000_000, 10_000_000).refine((n) => n !== 0, t.workspace.stockZero),
    reason: textField(t, 200),
  });
}

async function ownProductOr404(request: Request, rawId: string | undefined) {
  const actor = await requireSupplier(request);
  const id = idParam.safeParse(rawId);
  if (!id.success) notFound();
  const product = await getOwnProduct(actor.supplierId, id.data);
  // Another supplier's listing does not exist for this one.
  if (!product) notFound();
  return { actor, product };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, product } = await ownProductOr404(request, params.productId);
  const [villages, history, certificates] = await Promise.all([
    supplierVillages(actor.supplierId),
    stockHistory(actor.supplierId, product.id),
    productCertificateHistory(actor.supplierId, product.id),
  ]);
  return json({ product, listingDefaults: listingDefaults(product), villages, history, certificates });
}

/** The edit form's starting values as the strings it shows (yuan as text), made here so the page ships no money code. */
function listingDefaults(product: Awaited<ReturnType<typeof ownProductOr404>>["product"]): Record<string, string> {
  const tiers = Object.fromEntries(
    product.tiers.flatMap((tier, i) => [
      [`tier${i + 1}Qty`, String(tier.minQty)],
      [`tier${i + 1}Price`, fenToYuanString(tier.priceFen)],
    ]),
  );
  return {
    title: product.title,
    description: product.description,
    category: product.category,
    unit: product.unit,
    price: fenToYuanString(product.priceFen),
    marketPrice: product.marketPriceFen ? fenToYuanString(product.marketPriceFen) : "",
    minOrderQty: String(product.minOrderQty),
    leadTimeDays: String(product.leadTimeDays),
    shelfLifeDays: product.shelfLifeDays ? String(product.shelfLifeDays) : "",
    villageId: product.village ? String(product.village.id) : "",
    lowStockThreshold: product.lowStockThreshold == null ? "" : String(product.lowStockThreshold),
    ...tiers,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, product } = await ownProductOr404(request, params.productId);
  const t = await getMessages(request);
  const formData = await readForm(request);
  switch (formData.get("intent")) {
    case "save": {
      const submission = parseWithZod(formData, { schema: listingSchema(t, { withStock: false, welfare: await loadWelfareRules() }) });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), "save");
      const saved = await updateListing(actor, product.id, submission.value);
      if (saved.outcome === "notFound") notFound();
      if (saved.outcome === "villageNotServed")
        return invalidSubmission(submission.reply({ fieldErrors: { villageId: [t.listings.villageNotServed] } }), "save");
      const l = t.listings;
      const message =
        saved.listingState === "PENDING_REVIEW" && saved.changed.length
          ? `${l.savedChanges(saved.changed.map((f) => labelOf(l.changedFields, f)).join("、"))}。${l.savedPending(labelOf(l.triggers, saved.trigger ?? "RESUBMITTED"))}`
          : saved.changed.length
            ? l.savedChanges(saved.changed.map((f) => labelOf(l.changedFields, f)).join("、"))
            : l.savedNothing;
      return savedSubmission(submission, message, "save");
    }
    case "adjustStock": {
      const submission = parseWithZod(formData, { schema: stockSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), "adjustStock");
      const { delta, reason } = submission.value;
      const result = await adjustStock(actor, product.id, delta, reason);
      if (result === "notFound") notFound();
      if (result === "wouldGoNegative") return invalidSubmission(submission.reply({ fieldErrors: { delta: [t.workspace.stockNegative] } }), "adjustStock");
      return savedSubmission(submission, t.listings.stockAdjusted(delta > 0 ? `+${delta}` : String(delta), reason), "adjustStock");
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function EditListing() {
  const t = useT(listingsArea, workspaceArea);
  const w = t.workspace;
  const { product, listingDefaults: defaults, villages, history, certificates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const photoFetcher = useFetcher<typeof photosAction>();
  const photoProblem = replyProblem(photoFetcher.data);
  const certFetcher = useFetcher<typeof certificateAction>();
  const certErrors = certFetcher.data?.result.error;
  const stockErrors = actionData?.intent === "adjustStock" ? actionData.result.error : undefined;
  return (
    <div className="container-page flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1>
          {w.editListing}: {product.title}
        </h1>
        <Link to={`/products/${product.id}`}>{w.viewPublic} →</Link>
      </div>
      <SavedNotice message={actionData?.saved} />
      <ListingStateNotice product={product} />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {product.countsTowardTarget ? <CountsBadge /> : null}
        {product.certificate ? <span className="badge-muted">{labelOf(w.certState, product.certificate.state)}</span> : null}
        {product.certificate?.reviewNote ? (
          <span>
            {w.reviewNote}: {product.certificate.reviewNote}
          </span>
        ) : null}
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        {/* The heading's id must not be "listing": that is the form's id, which the inputs point at with form="listing". */}
        <section className="card lg:col-span-2" aria-labelledby="listing-heading">
          <h2 id="listing-heading" className="mb-3">
            {w.editListing}
          </h2>
          {/* Keyed by the saved values, so after a save the form shows what the loader now reads. */}
          <ListingForm
            key={JSON.stringify(defaults)}
            lastResult={actionData?.intent === "save" ? actionData.result : null}
            villages={villages}
            withStock={false}
            submitLabel={t.actions.save}
            defaultValue={defaults}
          />
        </section>
        <div className="flex flex-col gap-4">
          <section className="card" aria-labelledby="stock">
            <h2 id="stock">{w.stockTitle}</h2>
            <p className="text-sm">
              {t.stock}: <strong data-testid="stock">{product.stock}</strong> {t.units.name(product.unit)}
            </p>
            <Form method="post" className="mt-2 flex flex-col gap-2" key={history[0]?.id ?? 0}>
              <input type="hidden" name="intent" value="adjustStock" />
              <Field id="delta" name="delta" label={w.stockDelta} inputMode="numeric" errors={stockErrors?.delta} />
              <Field id="reason" name="reason" label={w.stockReason} errors={stockErrors?.reason} />
              <button type="submit" className="btn-secondary self-start">
                {w.stockApply}
              </button>
            </Form>
            <h3 className="mt-4 text-sm font-semibold">{t.listings.stockHistory}</h3>
            {history.length === 0 ? (
              <p className="text-sm text-stone-600">{t.listings.stockHistoryEmpty}</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="table text-sm" data-testid="stock-history">
                  <thead>
                    <tr>
                      <th>{t.listings.stockWhen}</th>
                      <th className="num">{t.listings.stockDelta}</th>
                      <th>{t.listings.stockReason}</th>
                      <th>{t.listings.stockBy}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.map((h) => (
                      <tr key={h.id}>
                        <td>
                          <DateText value={h.at} withTime />
                        </td>
                        <td className="num">{h.delta > 0 ? `+${h.delta}` : h.delta}</td>
                        <td>{h.reason}</td>
                        <td>{h.by}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="card" aria-labelledby="photos">
            <h2 id="photos">{w.photos}</h2>
            <div className="my-2 grid grid-cols-3 gap-2">
              {product.photos.map((p) => (
                <img key={p} src={`/files/${p}`} alt={t.photoAlt(product.title)} className="aspect-square rounded object-cover" />
              ))}
            </div>
            <photoFetcher.Form method="post" action={`/supplier/products/${product.id}/photos`} encType="multipart/form-data" className="flex flex-col gap-2">
              <label htmlFor="photo" className="field-label">
                {w.photoUpload}
              </label>
              <input
                id="photo"
                name="photo"
                type="file"
                accept="image/jpeg,image/png,image/webp"
                className="text-sm"
                aria-describedby={photoProblem ? "photo-error" : undefined}
              />
              {photoProblem ? (
                <p id="photo-error" className="field-error" role="alert">
                  {photoProblem}
                </p>
              ) : null}
              <button type="submit" className="btn-secondary self-start">
                {w.upload}
              </button>
            </photoFetcher.Form>
          </section>
          <section className="card" aria-labelledby="certificate">
            <h2 id="certificate">{w.certTitle}</h2>
            <p className="mb-2 text-xs text-stone-600">{w.certHint}</p>
            {product.certificate ? (
              <p className="mb-2 text-sm">
                {product.certificate.number} · <DateText value={product.certificate.validFrom} /> – <DateText value={product.certificate.validTo} />
              </p>
            ) : null}
            <certFetcher.Form
              method="post"
              action={`/supplier/products/${product.id}/certificate`}
              encType="multipart/form-data"
              className="flex flex-col gap-2"
            >
              <Field id="number" name="number" label={w.certNumber} errors={certErrors?.number ?? undefined} />
              <SelectField id="level" name="level" label={w.certLevel} defaultValue="COUNTY">
                {CERTIFICATE_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {t.certificateLevels[l]}
                  </option>
                ))}
              </SelectField>
              <Field id="issuer" name="issuer" label={w.certIssuer} errors={certErrors?.issuer ?? undefined} />
              <Field id="validFrom" name="validFrom" type="date" label={w.certFrom} errors={certErrors?.validFrom ?? undefined} />
              <Field id="validTo" name="validTo" type="date" label={w.certTo} errors={certErrors?.validTo ?? undefined} />
              <label htmlFor="document" className="field-label">
                {w.certDocument}
              </label>
              <input id="document" name="document" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" className="text-sm" />
              <FormProblem reply={certFetcher.data} formOnly />
              <button type="submit" className="btn-secondary self-start">
                {w.certSubmit}
              </button>
            </certFetcher.Form>
            <CertificateHistory certificates={certificates} />
          </section>
        </div>
      </div>
    </div>
  );
}
