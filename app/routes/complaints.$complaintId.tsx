import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ComplaintCard } from "~/components/complaints/ComplaintCard";
import { RemedyFields } from "~/components/complaints/RemedyFields";
import { Field } from "~/components/ui/Field";
import { REMEDIES } from "~/domain/complaints";
import { complaintForLeader, decideComplaint } from "~/models/orders/complaints.server";
import { remedySchema } from "~/forms/complaint-form.server";
import { invalidSubmission, readForm, refusedSubmission } from "~/utils/forms.server";
import { FormProblem } from "~/components/ui/FormProblem";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { idParam, parseWithZod } from "~/utils/validation.server";
import { complaintsArea } from "~/locales/area/complaints";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const id = idParam.safeParse(params.complaintId);
  if (!id.success) notFound();
  const detail = await complaintForLeader(user, id.data);
  if (!detail) notFound();
  return json(detail);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const id = idParam.safeParse(params.complaintId);
  if (!id.success) notFound();
  const t = await getMessages(request);
  const submission = parseWithZod(await readForm(request), { schema: remedySchema(t, "leader") });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  const v = submission.value;
  if (v.complaintId !== id.data) notFound();
  const outcome = await decideComplaint(user, id.data, { remedy: v.remedy, lines: v.lines, note: v.text });
  if (outcome === "notFound") notFound();
  if (outcome === "notPaid") return refusedSubmission(t.complaints.notPaid, { status: 409 });
  if (outcome === "noLines") return refusedSubmission(t.complaints.linesRequired);
  if (outcome !== "ok") return refusedSubmission(t.complaints.wrongState, { status: 409 });
  return redirect(`/complaints/${id.data}`);
}

export default function ComplaintDecision() {
  const t = useT(complaintsArea);
  const c = t.complaints;
  const { complaint, unionName, orderCode, supplierName, orderLines, paid } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="container-page flex flex-col gap-4">
      <p className="text-sm">
        <Link to="/complaints">← {c.leaderTitle}</Link>
      </p>
      <h1>{c.heading(complaint.id)}</h1>
      <p className="card text-sm">
        {c.union}: {unionName} · {c.supplier}: {supplierName} · {c.order}: {orderCode}
      </p>
      <FormProblem reply={data} className="card" />
      <ComplaintCard complaint={complaint}>
        {complaint.canDecide ? (
          <Form method="post" className="flex flex-col gap-2 border-t border-red-200 pt-2">
            <input type="hidden" name="complaintId" value={complaint.id} />
            {!paid ? <p className="text-stone-700">{c.refundOnlyWhenPaid}</p> : null}
            <RemedyFields idPrefix="decide" remedies={REMEDIES} lines={orderLines} withReplacement={false} />
            <Field id="decide-note" name="text" label={c.decisionNote} />
            <button type="submit" className="btn-primary self-start">
              {c.decide}
            </button>
          </Form>
        ) : null}
      </ComplaintCard>
    </div>
  );
}
