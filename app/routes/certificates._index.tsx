import { idField, optionalTextField, parseWithZod } from "~/utils/validation.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionNotice, withNotice } from "~/components/ui/ActionNotice";
import { z } from "~/utils/validation.server";
import { DateText } from "~/components/ui/DateText";
import { labelOf } from "~/locales/label";
import type { Messages } from "~/locales";
import { decideCertificate, reviewHistory, reviewQueue } from "~/models/catalog/certificates.server";
import { invalidSubmission, readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
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
  const failedId = actionData?.result?.initialValue?.certificateId;
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
            <Form method="post" className="flex flex-wrap items-end gap-2">
              <input type="hidden" name="certificateId" value={c.id} />
              <div className="field grow">
                <label htmlFor={`note-${c.id}`} className="field-label">
                  {r.reason}
                </label>
                <input
                  id={`note-${c.id}`}
                  name="note"
                  className="input"
                  aria-describedby={String(failedId) === String(c.id) ? `note-${c.id}-error` : undefined}
                />
                {String(failedId) === String(c.id) && actionData?.result?.error?.note ? (
                  <p id={`note-${c.id}-error`} className="field-error" role="alert">
                    {actionData.result.error.note.join(" ")}
                  </p>
                ) : null}
              </div>
              <button type="submit" name="intent" value="APPROVED" className="btn-primary">
                {r.approve}
              </button>
              <button type="submit" name="intent" value="REJECTED" className="btn-secondary">
                {r.reject}
              </button>
            </Form>
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
