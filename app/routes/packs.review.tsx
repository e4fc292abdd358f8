import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Money } from "~/components/ui/Money";
import type { Actor } from "~/domain/actor";
import { decidePack, packsAwaitingReview } from "~/models/campaigns/gift-packs.server";
import { getLocale, getMessages } from "~/utils/locale.server";
import { forbidden, notFound, requireRole } from "~/utils/permissions.server";
import { idParam, parseWithZod, z } from "~/utils/validation.server";
import { invalidSubmission, readForm, savedSubmission } from "~/utils/forms.server";
import { SavedNotice } from "~/components/ui/SavedNotice";
import { campaignMessages, useCampaignT } from "~/utils/campaign-i18n";

/** Ready packs are reviewed by the city federation, whose campaigns cover every county. */
async function requireReviewer(request: Request): Promise<Actor> {
  const user = await requireRole(request, "LEADER");
  if (user.org.kind !== "FEDERATION") forbidden();
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireReviewer(request);
  return json({ packs: await packsAwaitingReview() });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireReviewer(request);
  const t = await getMessages(request);
  const schema = z
    .object({
      packId: idParam,
      intent: z.enum(["APPROVED", "REJECTED"]),
      note: z.string().trim().max(200, t.errors.tooLong).default(""),
    })
    .refine((v) => v.intent === "APPROVED" || v.note.length > 0, { path: ["note"], message: t.errors.required });
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  if ((await decidePack(user, submission.value.packId, submission.value.intent, submission.value.note)) === "notFound") notFound();
  return savedSubmission(submission, campaignMessages(await getLocale(request)).packs.decided);
}

export default function PackReview() {
  const p = useCampaignT().packs;
  const { packs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{p.review}</h1>
      <SavedNotice message={actionData?.saved} />
      {actionData?.result.error?.note ? (
        <p className="field-error" role="alert">
          {p.reviewNote}: {actionData.result.error.note.join(" ")}
        </p>
      ) : null}
      {packs.length ? (
        <ul className="flex flex-col gap-3">
          {packs.map((pack) => (
            <li key={pack.id} className="card flex flex-col gap-2" data-testid="pack-review">
              <h2>
                <Link to={`/packs/${pack.id}`}>{pack.name}</Link> <span className="text-sm text-stone-600">{pack.code}</span>
              </h2>
              <p className="text-sm">
                {p.proposer}: {pack.proposerName} · {p.pricePerPack}: <Money fen={pack.priceFen} />
              </p>
              <ul className="text-sm">
                {pack.items.map((i) => (
                  <li key={i.productId}>
                    {i.title}（{i.supplierName}）× {i.quantity}
                    {i.unit} · {p.packPrice} <Money fen={i.unitPriceFen} /> / {p.listPrice} <Money fen={i.listPriceFen} />
                  </li>
                ))}
              </ul>
              <Form method="post" className="flex flex-wrap items-end gap-2">
                <input type="hidden" name="packId" value={pack.id} />
                <div className="field min-w-0 flex-1 basis-48">
                  <label htmlFor={`note-${pack.id}`} className="field-label">
                    {p.reviewNote}
                  </label>
                  <input id={`note-${pack.id}`} name="note" className="input" />
                </div>
                <button type="submit" name="intent" value="APPROVED" className="btn-primary">
                  {p.approve}
                </button>
                <button type="submit" name="intent" value="REJECTED" className="btn-secondary">
                  {p.reject}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="card">{p.reviewNone}</p>
      )}
    </div>
  );
}
