import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { SelectField } from "~/components/ui/SelectField";
import { CAMPAIGN_ORGANISER_KINDS } from "~/domain/campaign";
import { OCCASIONS } from "~/domain/order-builder";
import { campaignsForLeader, createCampaign } from "~/models/campaigns/campaigns.server";
import { campaignSchema } from "~/forms/campaign-form.server";
import { invalidSubmission, readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { getLocale, getMessages } from "~/utils/locale.server";
import { forbidden, requireRole } from "~/utils/permissions.server";
import { parseWithZod } from "~/utils/validation.server";
import { campaignMessages, useCampaignT } from "~/utils/campaign-i18n";

const canOrganise = (kind: string) => (CAMPAIGN_ORGANISER_KINDS as readonly string[]).includes(kind);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  return json({ campaigns: await campaignsForLeader(user), canCreate: canOrganise(user.org.kind), canReviewPacks: user.org.kind === "FEDERATION" });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  if (!canOrganise(user.org.kind)) forbidden();
  const submission = parseWithZod(await readForm(request), { schema: campaignSchema(await getMessages(request), campaignMessages(await getLocale(request))) });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  const id = await createCampaign(user, submission.value);
  return redirect(`/campaigns/${id}?created=1`);
}

export default function Campaigns() {
  const t = useT();
  const cm = useCampaignT();
  const c = cm.list;
  const { campaigns, canCreate, canReviewPacks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.result.error ?? {};
  const e = (key: string) => errors[key] ?? undefined;
  return (
    <div className="container-page flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1>{c.title}</h1>
        {canReviewPacks ? (
          <Link to="/packs/review" className="btn-secondary">
            {cm.packs.review}
          </Link>
        ) : null}
      </div>
      <p className="text-sm text-stone-600">{c.intro}</p>
      {campaigns.length ? (
        <div className="overflow-x-auto">
          <table className="table" data-testid="campaigns">
            <thead>
              <tr>
                <th>{c.name}</th>
                <th>{c.organiser}</th>
                <th>{c.window}</th>
                <th className="num">{cm.detail.guidance}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {campaigns.map((campaign) => (
                <tr key={campaign.id}>
                  <td>
                    {campaign.name}
                    <div className="text-xs text-stone-600">{t.occasions[campaign.occasion as keyof typeof t.occasions] ?? campaign.occasion}</div>
                  </td>
                  <td>{campaign.organiserName}</td>
                  <td>
                    {campaign.opensOn} – {campaign.closesOn}
                    <div className="text-xs text-stone-600">
                      {c.state[campaign.state]}
                      {campaign.state === "open" ? ` · ${c.daysLeft(campaign.daysLeft)}` : ""}
                    </div>
                  </td>
                  <td className="num">
                    <Money fen={campaign.guidancePerMemberFen} />
                  </td>
                  <td>
                    <Link to={`/campaigns/${campaign.id}`}>{c.open}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="card">{c.none}</p>
      )}
      {canCreate ? (
        <Form method="post" className="card grid gap-3 sm:grid-cols-2" id="campaign-form" aria-labelledby="create-campaign">
          <h2 id="create-campaign" className="sm:col-span-2">
            {c.create}
          </h2>
          <Field id="name" name="name" label={c.name} errors={e("name")} />
          <SelectField id="occasion" name="occasion" label={c.occasion} defaultValue="MID_AUTUMN" errors={e("occasion")}>
            {OCCASIONS.map((o) => (
              <option key={o} value={o}>
                {t.occasions[o]}
              </option>
            ))}
          </SelectField>
          <Field id="opensOn" name="opensOn" type="date" label={c.opensOn} errors={e("opensOn")} />
          <Field id="closesOn" name="closesOn" type="date" label={c.closesOn} errors={e("closesOn")} />
          <Field id="deliverBy" name="deliverBy" type="date" label={c.deliverBy} errors={e("deliverBy")} />
          <Field id="guidance" name="guidance" inputMode="decimal" label={c.guidance} errors={e("guidance")} />
          <Field id="cap" name="cap" inputMode="decimal" label={c.cap} errors={e("cap")} />
          <Field id="target" name="target" inputMode="numeric" label={c.target} errors={e("target")} />
          <button type="submit" className="btn-primary self-start">
            {c.create}
          </button>
        </Form>
      ) : (
        <p className="text-sm text-stone-600">{c.onlyOrganisers}</p>
      )}
    </div>
  );
}
