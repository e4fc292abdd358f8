import { idField, optionalTextField, parseWithZod } from "~/utils/validation.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionNotice, withNotice } from "~/components/ui/ActionNotice";
import { z } from "~/utils/validation.server";
import { DateText } from "~/components/ui/DateText";
import { labelOf } from "~/locales/label";
import type { Messages } from "~/locales";
import { decideCertificate, reviewHistory, reviewQueue } from "~/models/catalog/certificates.server";
import { invalidSubmission, readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { ReviewDecision } from "~/components/ReviewDecision";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { catalogArea } from "~/locales/area/catalog";
import { listingsArea } from "~/locales/area/listings";
import { certificateReviewArea } from "~/locales/area/certificate-review";

function decisionSchema(t: Messages) {
  return z
    .object({ certificateId: idField(), intent: z.enum(["APPROVED", "REJECTED"]), note: optionalTextField(t, 200) })
    .refine((v) => v.intent === "APPROVED" || v.note.length > 0, { path: ["note"], message: t.certificateReview.reasonRequired });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const [queue, history] = await Promise.all([reviewQueue(user), reviewHistory(user)]);
  return json({ queue, history, scope: user.org.kind === "FEDERATION" ? "CITY" : "COUNTY" });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const submission = parseWithZod(await readForm(request), { schema: decisionSchema(await getMessages(request)) });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  const outcome = await decideCertificate(user, submission.value.certificateId, submission.value.intent, submission.value.note);
  if (outcome === "notFound") notFound();
  return redirect(withNotice("/certificates", submission.value.intent === "APPROVED" ? "certificateApproved" : "certificateRejected"));
}

export default function CertificateReview() {
  const t = useT(catalogArea, certificateReviewArea, listingsArea);
  const r = t.certificateReview;
  const { queue, history, scope } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{r.title}</h1>
      <ActionNotice />
      <p className="text-sm text-stone-600">{t.listings.certificates.reviewerOrg(scope)}</p>
      {queue.length === 0 ? <p className="card">{r.empty}</p> : null}
      <ul className="flex flex-col gap-3" data-testid="review-queue">
        {queue.map((c) => (
          <li key={c.id} className="card flex flex-col gap-2">
            <p className="font-medium">
              {c.product.title} · {c.supplier.name} ({c.supplier.county})
            </p>
            <p className="text-sm text-stone-700">
              {t.catalog.certificateNumber} {c.number} · {labelOf(t.certificateLevels, c.level)} · {c.issuer} · <DateText value={c.validFrom} /> –{" "}
              <DateText value={c.validTo} />
            </p>
            <p className="text-xs text-stone-600">
              {r.submittedAt}: <DateText value={c.submittedAt} withTime />
              {c.documentFile ? (
                <>
                  {" "}
                  ·{" "}
                  <Link to={`/files/${c.documentFile}`} reloadDocument>
                    {r.document}
                  </Link>
                </>
              ) : null}
            </p>
            <ReviewDecision idName="certificateId" id={c.id} reply={actionData} labels={r} />
          </li>
        ))}
      </ul>
      <section className="card overflow-x-auto" aria-labelledby="history-heading">
        <h2 id="history-heading">{t.listings.certificates.history}</h2>
        {history.length === 0 ? (
          <p className="text-sm">{t.listings.certificates.historyEmpty}</p>
        ) : (
          <table className="table text-sm" data-testid="certificate-review-history">
            <thead>
              <tr>
                <th>{r.product}</th>
                <th>{t.catalog.certificateNumber}</th>
                <th>{r.decided}</th>
                <th>{t.listings.certificates.reviewer}</th>
                <th>{t.listings.certificates.reviewedAt}</th>
                <th>{r.reason}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((c) => (
                <tr key={c.id}>
                  <td>
                    {c.product.title} · {c.supplierName}
                  </td>
                  <td>
                    {c.number} · {labelOf(t.certificateLevels, c.level)}
                  </td>
                  <td>{labelOf(t.listings.certificates.status, c.status)}</td>
                  <td>{c.reviewer}</td>
                  <td>{c.reviewedAt ? <DateText value={c.reviewedAt} withTime /> : "—"}</td>
                  <td>{c.reviewNote ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
