import { parseWithZod } from "~/utils/validation.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ListingForm } from "~/components/catalog/ListingForm";
import { createListings, supplierVillages } from "~/models/catalog/products.server";
import { loadWelfareRules } from "~/models/catalog/welfare-rules.server";
import { invalidSubmission, readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { listingSchema } from "~/forms/listing-schema.server";
import { getMessages } from "~/utils/locale.server";
import { requireSupplier } from "~/utils/permissions.server";
import { workspaceArea } from "~/locales/area/workspace";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  return json({ villages: await supplierVillages(actor.supplierId) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireSupplier(request);
  const t = await getMessages(request);
  const submission = parseWithZod(await readForm(request), { schema: listingSchema(t, { withStock: true, welfare: await loadWelfareRules() }) });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  const created = await createListings(actor, [submission.value]);
  if (created.outcome === "villageNotServed") return invalidSubmission(submission.reply({ fieldErrors: { villageId: [t.listings.villageNotServed] } }));
  return redirect(`/supplier/products/${created.ids[0]}`);
}

export default function NewListing() {
  const t = useT(workspaceArea);
  const { villages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container-page">
      <div className="card mx-auto max-w-3xl">
        <h1 className="mb-4">{t.workspace.newListing}</h1>
        <ListingForm
          lastResult={actionData?.result}
          villages={villages}
          withStock
          submitLabel={t.actions.save}
          defaultValue={{ minOrderQty: "1", leadTimeDays: "3", unit: "箱" }}
        />
      </div>
    </div>
  );
}
