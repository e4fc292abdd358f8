import { parseWithZod } from "~/utils/validation.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ListingForm } from "~/components/catalog/ListingForm";
import { createListings, supplierVillages } from "~/models/catalog/products.server";
import { invalidSubmission, readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { listingSchema } from "~/forms/listing-schema.server";
import { getMessages } from "~/utils/locale.server";
import { requireSupplier } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  return json({ villages: await supplierVillages(actor.supplierId) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireSupplier(request);
  const t = await getMessages(request);
  const submission = parseWithZod(await readForm(request), { schema: listingSchema(t, { withStock: true }) });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  const villages = await supplierVillages(actor.supplierId);
  if (submission.value.originVillageId && !villages.some((v) => v.id === submission.value.originVillageId)) {
    return invalidSubmission(submission.reply({ fieldErrors: { villageId: [t.errors.required] } }));
  }
  const [id] = await createListings(actor, [submission.value]);
  return redirect(`/supplier/products/${id}`);
}

export default function NewListing() {
  const t = useT();
  const { villages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container-page">
      <div className="card mx-auto max-w-3xl">
        <h1 className="mb-4">{t.catalog.workspace.newListing}</h1>
        <ListingForm lastResult={actionData?.result} villages={villages} withStock submitLabel={t.actions.save} defaultValue={{ minOrderQty: "1", leadTimeDays: "3", unit: "箱" }} />
      </div>
    </div>
  );
}
