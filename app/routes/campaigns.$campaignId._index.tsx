import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { formatShare } from "~/domain/welfare-share";
import { addCampaignItem, campaignItems, removeCampaignItem, visibleCampaign } from "~/models/campaigns/campaigns.server";
import { invalidSubmission, readForm, savedSubmission } from "~/utils/forms.server";
import { SavedNotice } from "~/components/ui/SavedNotice";
import { useLocale, useT } from "~/utils/i18n";
import { getLocale, getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { idParam, parseWithZod, z } from "~/utils/validation.server";
import { campaignMessages, useCampaignT } from "~/utils/campaign-i18n";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const id = idParam.safeParse(params.campaignId);
  if (!id.success) notFound();
  const campaign = await visibleCampaign(user, id.data);
  if (!campaign) notFound();
  const { organiserPath: _path, ...view } = campaign;
  return json({ campaign: view, items: await campaignItems(id.data), isOrganiser: campaign.orgId === user.org.id });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const id = idParam.safeParse(params.campaignId);
  if (!id.success) notFound();
  const t = await getMessages(request);
  const cm = campaignMessages(await getLocale(request));
  const form = await readForm(request);
  if (form.get("intent") === "remove") {
    const item = z.object({ itemId: idParam }).safeParse(Object.fromEntries(form));
    if (!item.success || !(await removeCampaignItem(user, id.data, item.data.itemId))) notFound();
    return redirect(`/campaigns/${id.data}`);
  }
  const schema = z.object({
    code: z.string({ required_error: t.errors.required }).trim().toUpperCase().pipe(z.string().min(1, t.errors.required).max(20, t.errors.tooLong)),
  });
  const submission = parseWithZod(form, { schema });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  const outcome = await addCampaignItem(user, id.data, submission.value.code);
  if (outcome === "notFound") notFound();
  if (outcome === "unknownCode") return invalidSubmission(submission.reply({ fieldErrors: { code: [cm.detail.unknownCode(submission.value.code)] } }));
  return savedSubmission(submission, outcome === "added" ? cm.detail.added : cm.detail.alreadyListed);
}

export default function CampaignPage() {
  const t = useT();
  const cm = useCampaignT();
  const locale = useLocale();
  const d = cm.detail;
  const { campaign, items, isOrganiser } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const codeErrors = actionData?.result.error?.code ?? undefined;
  return (
    <div className="container-page flex flex-col gap-4">
      <div>
        <p className="text-sm text-stone-600">
          {campaign.organiserName} · {t.occasions[campaign.occasion as keyof typeof t.occasions] ?? campaign.occasion}
        </p>
        <h1>{campaign.name}</h1>
      </div>
      <dl className="card grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="campaign-figures">
        <div>
          <dt className="text-sm text-stone-600">{cm.list.window}</dt>
          <dd>
            {campaign.opensOn} – {campaign.closesOn}
            <br />
            <span className="text-xs">
              {cm.list.state[campaign.state]}
              {campaign.state === "open" ? ` · ${cm.list.daysLeft(campaign.daysLeft)}` : ""}
            </span>
          </dd>
        </div>
        <div>
          <dt className="text-sm text-stone-600">{d.deliverBy}</dt>
          <dd>{campaign.deliverBy}</dd>
        </div>
        <div>
          <dt className="text-sm text-stone-600">{d.guidance}</dt>
          <dd>
            <Money fen={campaign.guidancePerMemberFen} />
          </dd>
        </div>
        <div>
          <dt className="text-sm text-stone-600">{d.cap}</dt>
          <dd>
            <Money fen={campaign.capPerMemberFen} />
          </dd>
        </div>
        <div>
          <dt className="text-sm text-stone-600">{d.target}</dt>
          <dd>{campaign.targetBasisPoints == null ? "—" : formatShare(campaign.targetBasisPoints / 10000, locale)}</dd>
        </div>
      </dl>
      <Link to={`/campaigns/${campaign.id}/report`} className="btn-secondary self-start">
        {d.report}
      </Link>
      <SavedNotice message={actionData?.saved} />
      <section className="card flex flex-col gap-3" aria-labelledby="recommended">
        <h2 id="recommended">{d.recommended}</h2>
        {items.packs.length || items.products.length ? (
          <ul className="flex flex-col divide-y divide-stone-200" data-testid="campaign-items">
            {items.packs.map((p) => (
              <li key={`pack-${p.id}`} className="flex flex-wrap items-center gap-2 py-2">
                <span className="flex-1">
                  <span className="badge-muted mr-1">{d.pack}</span>
                  <Link to={`/packs/${p.id}`}>{p.name}</Link>{" "}
                  <span className="text-xs text-stone-600">
                    {p.code} · <Money fen={p.priceFen} /> {d.perPack}
                  </span>
                </span>
                {isOrganiser ? <RemoveButton itemId={p.itemId} label={p.name} /> : null}
              </li>
            ))}
            {items.products.map((p) => (
              <li key={`product-${p.id}`} className="flex flex-wrap items-center gap-2 py-2">
                <span className="flex-1">
                  <Link to={`/products/${p.id}`}>{p.title}</Link>{" "}
                  <span className="text-xs text-stone-600">
                    {p.code} · {p.supplierName} · <Money fen={p.priceFen} /> / {t.units.name(p.unit)}
                  </span>
                </span>
                {isOrganiser ? <RemoveButton itemId={p.itemId} label={p.title} /> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-600">{d.noItems}</p>
        )}
        {isOrganiser ? (
          <Form key={items.packs.length + items.products.length} method="post" className="flex flex-wrap items-end gap-2" id="campaign-item-form">
            <div className="min-w-0 flex-1 basis-48">
              <Field id="code" name="code" label={d.itemCode} errors={codeErrors} autoComplete="off" />
            </div>
            <button type="submit" className="btn-primary">
              {d.addItem}
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}

function RemoveButton({ itemId, label }: { itemId: number; label: string }) {
  const cm = useCampaignT();
  return (
    <Form method="post">
      <input type="hidden" name="itemId" value={itemId} />
      <button type="submit" name="intent" value="remove" className="btn-secondary" aria-label={`${cm.detail.remove} ${label}`}>
        {cm.detail.remove}
      </button>
    </Form>
  );
}
