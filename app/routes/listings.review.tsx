import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { StateReason } from "~/components/catalog/ListingStateNotice";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import type { Messages } from "~/locales";
import { labelOf } from "~/locales/label";
import { bannedListingsInScope, decideListing, listingReviewQueue } from "~/models/catalog/listing-review.server";
import { invalidSubmission, readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { ReviewDecision } from "~/components/ReviewDecision";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { parseWithZod, z } from "~/utils/validation.server";
import { catalogArea } from "~/locales/area/catalog";
import { listingsArea } from "~/locales/area/listings";
import { workspaceArea } from "~/locales/area/workspace";

function decisionSchema(t: Messages) {
  return z
    .object({
      productId: z.coerce.number().int().positive(),
      intent: z.enum(["APPROVED", "REJECTED"]),
      note: z.string().trim().max(200, t.errors.tooLong).default(""),
    })
    .refine((v) => v.intent === "APPROVED" || v.note.length > 0, { path: ["note"], message: t.listings.review.reasonRequired });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER", "ADMIN");
  const [queue, banned] = await Promise.all([listingReviewQueue(user), bannedListingsInScope(user)]);
  return json({ queue, banned });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "LEADER", "ADMIN");
  const submission = parseWithZod(await readForm(request), { schema: decisionSchema(await getMessages(request)) });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  const outcome = await decideListing(user, submission.value.productId, submission.value.intent, submission.value.note);
  if (outcome === "notFound") notFound();
  return redirect("/listings/review");
}

export default function ListingReview() {
  const t = useT(catalogArea, listingsArea, workspaceArea);
  const r = t.listings.review;
  const { queue, banned } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container-page flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1>{r.title}</h1>
        <Link to="/welfare-rules">{r.rulesLink} →</Link>
      </div>
      {queue.length === 0 ? <p className="card">{r.empty}</p> : null}
      <ul className="flex flex-col gap-3" data-testid="listing-review-queue">
        {queue.map((p) => (
          <li key={p.id} className="card flex flex-col gap-2">
            <p className="font-medium">
              <Link to={`/products/${p.id}`}>{p.title}</Link> · {p.code} · {p.supplier.name}（{p.supplier.county}）
            </p>
            <p className="text-sm text-stone-700">
              {labelOf(t.categories, p.category)} · <Money fen={p.priceFen} /> / {t.units.name(p.unit)}
              {p.marketPriceFen ? (
                <>
                  {" "}
                  · {t.catalog.marketPrice} <Money fen={p.marketPriceFen} />
                </>
              ) : null}
              {p.tiers.map((tier) => (
                <span key={tier.minQty}>
                  {" "}
                  · ≥{tier.minQty} <Money fen={tier.priceFen} />
                </span>
              ))}
              {p.village ? ` · ${p.village}` : ""}
            </p>
            <p className="text-sm">
              {r.trigger}: <strong>{labelOf(t.listings.triggers, p.trigger)}</strong> · <DateText value={p.since} withTime />
            </p>
            {p.description ? <p className="text-xs text-stone-600">{p.description}</p> : null}
            <ReviewDecision idName="productId" id={p.id} reply={actionData} labels={r} />
          </li>
        ))}
      </ul>
      <section className="card" aria-labelledby="banned-heading">
        <h2 id="banned-heading">{r.banned}</h2>
        {banned.length === 0 ? (
          <p className="text-sm">{r.bannedEmpty}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table text-sm" data-testid="banned-listings">
              <thead>
                <tr>
                  <th>{t.workspace.code}</th>
                  <th>{t.workspace.fields.title}</th>
                  <th>{t.catalog.supplier}</th>
                  <th>{t.listings.stateReason}</th>
                  <th>{t.listings.stockWhen}</th>
                </tr>
              </thead>
              <tbody>
                {banned.map((b) => (
                  <tr key={b.id}>
                    <td>{b.code}</td>
                    <td>{b.title}</td>
                    <td>
                      {b.supplier}（{b.county}）
                    </td>
                    <td>{b.reason ? <StateReason reason={b.reason} /> : "—"}</td>
                    <td>{b.at ? <DateText value={b.at} withTime /> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
