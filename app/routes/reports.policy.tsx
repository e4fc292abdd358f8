import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { amountField, intField, parseWithZod, percentField } from "~/utils/validation.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "~/utils/validation.server";
import { Field } from "~/components/ui/Field";
import { SavedNotice } from "~/components/ui/SavedNotice";
import { fenToYuanString } from "~/domain/money";
import type { Messages } from "~/locales";
import { governingPolicy, saveWelfarePolicy } from "~/models/welfare/welfare.server";
import { invalidSubmission, readForm, savedSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { forbidden, requireRole } from "~/utils/permissions.server";
import { reportYear } from "~/forms/report-year.server";
import { reportsArea } from "~/locales/area/reports";

function policySchema(t: Messages) {
  return z.object({
    year: intField(t, 2000, 2100),
    targetPercent: percentField(t, 1, 100, t.reports.policy.invalidTarget),
    // A cap of 0 would forbid every festival order; a positive cap within the per-entry maximum.
    cap: amountField(t, { min: 1 }),
  });
}

async function requireFederationLeader(request: Request) {
  const user = await requireRole(request, "LEADER");
  if (user.org.kind !== "FEDERATION") forbidden();
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireFederationLeader(request);
  const year = reportYear(request);
  return json({ year, orgName: user.org.name, policy: await governingPolicy(user.org.path, year) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireFederationLeader(request);
  const t = await getMessages(request);
  const submission = parseWithZod(await readForm(request), { schema: policySchema(t) });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  const { year, targetPercent, cap } = submission.value;
  await saveWelfarePolicy(user, { year, targetBasisPoints: targetPercent, festivalCapPerMemberFen: cap });
  return savedSubmission(submission, t.reports.policy.saved);
}

export default function Policy() {
  const t = useT(reportsArea);
  const { year, orgName, policy } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "policy",
    lastResult: actionData?.result,
    defaultValue: { year: String(year), targetPercent: String(policy.targetBasisPoints / 100), cap: fenToYuanString(policy.festivalCapPerMemberFen) },
  });
  return (
    <div className="container-page">
      <div className="card mx-auto max-w-lg">
        <h1>{t.reports.policy.title}</h1>
        <p className="text-sm text-stone-600">
          {orgName} · {year}
        </p>
        <SavedNotice message={actionData?.saved} />
        <Form method="post" className="mt-4 flex flex-col gap-3" {...getFormProps(form)}>
          <input {...getInputProps(fields.year, { type: "hidden" })} />
          <Field
            label={t.reports.policy.target}
            errors={fields.targetPercent.errors}
            inputMode="decimal"
            {...getInputProps(fields.targetPercent, { type: "text" })}
            id={fields.targetPercent.id}
          />
          <Field
            label={t.reports.policy.cap}
            errors={fields.cap.errors}
            inputMode="decimal"
            {...getInputProps(fields.cap, { type: "text" })}
            id={fields.cap.id}
          />
          <button type="submit" className="btn-primary self-start">
            {t.actions.save}
          </button>
        </Form>
      </div>
    </div>
  );
}
