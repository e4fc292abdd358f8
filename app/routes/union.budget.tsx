import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { amountField, choiceField, dateField, intField, optionalTextField, parseWithZod } from "~/utils/validation.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "~/utils/validation.server";
import { ShareFiguresGrid } from "~/components/reports/ShareFigures";
import { DateText } from "~/components/ui/DateText";
import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { SavedNotice } from "~/components/ui/SavedNotice";
import { SelectField } from "~/components/ui/SelectField";
import { chinaYear } from "~/domain/china-time";
import { fenToYuanString, formatMoney } from "~/domain/money";
import { budgetLeftFen } from "~/domain/welfare-policy";
import { formatShare, OFF_PLATFORM_CATEGORIES, welfareShare } from "~/domain/welfare-share";
import type { Messages } from "~/locales";
import { labelOf } from "~/locales/label";
import { unionYearFigures } from "~/models/access/organizations.server";
import {
  budgetPosition, budgetSettings, governingPolicy, offPlatformSpending, productsCountingToday, recordOffPlatformSpending, saveWelfareBudget,
} from "~/models/welfare/welfare.server";
import { invalidSubmission, readForm, savedSubmission } from "~/utils/forms.server";
import { useLocale, useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { forbidden, requireRole } from "~/utils/permissions.server";

function yuan(t: Messages) {
  return amountField(t);
}

function budgetSchema(t: Messages) {
  return z.object({
    intent: z.literal("saveBudget"),
    budget: yuan(t),
    headcount: intField(t, 1, 1_000_000),
    threshold: yuan(t),
    blockOverBudget: z.literal("on").optional(),
  });
}

function spendingSchema(t: Messages) {
  return z.object({
    intent: z.literal("recordSpending"),
    spentOn: dateField(t),
    amount: amountField(t, { min: 1 }),
    category: choiceField(t, OFF_PLATFORM_CATEGORIES),
    note: optionalTextField(t, 200),
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const year = chinaYear(new Date());
  const [figures, policy, settings, spending] = await Promise.all([
    unionYearFigures(user.org.id, year),
    governingPolicy(user.org.path, year),
    budgetSettings(user.org.id, year),
    offPlatformSpending(user.org.id, year),
  ]);
  const share = welfareShare({
    budgetFen: figures.budgetFen ?? 0,
    assistanceProcurementFen: figures.assistanceProcurementFen,
    welfareSpendingFen: figures.welfareSpendingFen,
    targetBasisPoints: policy.targetBasisPoints,
  });
  return json({
    year,
    canEditBudget: user.role === "APPROVER",
    hasBudget: figures.budgetFen != null,
    share,
    budgetLeftFen: budgetLeftFen(budgetPosition(user.org.id, year)),
    settings,
    spending,
    counting: productsCountingToday(6),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const t = await getMessages(request);
  const formData = await readForm(request);
  switch (formData.get("intent")) {
    case "saveBudget": {
      if (user.role !== "APPROVER") forbidden();
      const submission = parseWithZod(formData, { schema: budgetSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), "saveBudget");
      const v = submission.value;
      await saveWelfareBudget(user, { year: chinaYear(new Date()), budgetFen: v.budget, headcount: v.headcount, blockOverBudget: v.blockOverBudget === "on", approvalThresholdFen: v.threshold });
      return savedSubmission(submission, t.reports.union.budgetSaved, "saveBudget");
    }
    case "recordSpending": {
      const submission = parseWithZod(formData, { schema: spendingSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), "recordSpending");
      await recordOffPlatformSpending(user, { spentOn: submission.value.spentOn, amountFen: submission.value.amount, category: submission.value.category, note: submission.value.note });
      return savedSubmission(submission, t.reports.union.spendingSaved, "recordSpending");
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function UnionBudget() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const answered = (intent: string) => (actionData?.intent === intent ? actionData : null);
  const [budgetForm, budgetFields] = useForm({
    id: "budget",
    lastResult: answered("saveBudget")?.result,
    defaultValue: {
      budget: data.settings.budgetFen == null ? "" : fenToYuanString(data.settings.budgetFen),
      headcount: data.settings.headcount == null ? "" : String(data.settings.headcount),
      threshold: fenToYuanString(data.settings.approvalThresholdFen),
      blockOverBudget: data.settings.blockOverBudget ? "on" : undefined,
    },
  });
  const [spendForm, spendFields] = useForm({
    id: "spending",
    lastResult: answered("recordSpending")?.result,
  });
  const { share } = data;
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{t.reports.union.title(data.year)}</h1>
      {data.hasBudget ? (
        <>
          <p className="card text-lg font-medium" data-testid="progress-sentence">
            {share.gapFen > 0
              ? t.unionHome.remainingToTarget(formatMoney(share.gapFen, locale), formatShare(share.targetBasisPoints / 10000, locale))
              : t.unionHome.targetMet}
            <span className="ml-2 text-base font-normal text-stone-600" data-testid="budget-left">
              {t.budgetLeft.label}: <Money fen={data.budgetLeftFen ?? 0} />
            </span>
            <span className="block text-sm font-normal text-stone-600">{t.budgetLeft.explained}</span>
          </p>
          <ShareFiguresGrid figures={share} />
        </>
      ) : (
        <p className="card">{t.unionHome.noBudget}</p>
      )}

      <section className="card" aria-labelledby="counting">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="counting">{t.reports.union.countingProducts}</h2>
          <Link to="/products?certified=1">{t.reports.union.browseCounting} →</Link>
        </div>
        <ul className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
          {data.counting.map((p) => (
            <li key={p.id} className="rounded border border-stone-200 p-2 text-sm">
              <Link to={`/products/${p.id}`}>{p.title}</Link>
              <div className="text-stone-600"><Money fen={p.priceFen} /> / {p.unit} · {p.supplierName}</div>
            </li>
          ))}
        </ul>
      </section>

      <div className="grid gap-4 lg:grid-cols-2">
        <section className="card" aria-labelledby="budget-form">
          <h2 id="budget-form" className="mb-3">{t.reports.union.budgetForm}</h2>
          <SavedNotice message={answered("saveBudget")?.saved} />
          {data.canEditBudget ? (
            <Form method="post" className="flex flex-col gap-3" {...getFormProps(budgetForm)}>
              <input type="hidden" name="intent" value="saveBudget" />
              <Field label={t.reports.union.budget} errors={budgetFields.budget.errors} inputMode="decimal" {...getInputProps(budgetFields.budget, { type: "text" })} id={budgetFields.budget.id} />
              <Field label={t.reports.union.headcount} errors={budgetFields.headcount.errors} inputMode="numeric" {...getInputProps(budgetFields.headcount, { type: "text" })} id={budgetFields.headcount.id} />
              <Field label={t.reports.union.threshold} errors={budgetFields.threshold.errors} inputMode="decimal" {...getInputProps(budgetFields.threshold, { type: "text" })} id={budgetFields.threshold.id} />
              <label className="flex items-center gap-2 text-sm">
                <input {...getInputProps(budgetFields.blockOverBudget, { type: "checkbox" })} className="h-5 w-5" />
                {t.reports.union.blockOverBudget}
              </label>
              <button type="submit" className="btn-primary self-start">{t.actions.save}</button>
            </Form>
          ) : (
            <p className="text-sm text-stone-600">{t.reports.union.onlyApprover}</p>
          )}
        </section>

        <section className="card" aria-labelledby="off-platform">
          <h2 id="off-platform">{t.reports.union.offPlatform}</h2>
          <p className="mb-3 text-sm text-stone-600">{t.reports.union.offPlatformHint}</p>
          <SavedNotice message={answered("recordSpending")?.saved} />
          <Form method="post" className="grid gap-3 sm:grid-cols-2" {...getFormProps(spendForm)}>
            <input type="hidden" name="intent" value="recordSpending" />
            <Field label={t.reports.union.spentOn} errors={spendFields.spentOn.errors} {...getInputProps(spendFields.spentOn, { type: "date" })} id={spendFields.spentOn.id} />
            <Field label={t.reports.amount} errors={spendFields.amount.errors} inputMode="decimal" {...getInputProps(spendFields.amount, { type: "text" })} id={spendFields.amount.id} />
            <SelectField label={t.reports.union.category} errors={spendFields.category.errors} name={spendFields.category.name} id={spendFields.category.id} defaultValue="FESTIVAL">
              {OFF_PLATFORM_CATEGORIES.map((c) => <option key={c} value={c}>{labelOf(t.reports.union.offCategories, c)}</option>)}
            </SelectField>
            <Field label={t.reports.union.note} errors={spendFields.note.errors} {...getInputProps(spendFields.note, { type: "text" })} id={spendFields.note.id} />
            <button type="submit" className="btn-secondary self-start">{t.reports.union.add}</button>
          </Form>
          {data.spending.length ? (
            <table className="table mt-3">
              <tbody>
                {data.spending.map((s) => (
                  <tr key={s.id}>
                    <td><DateText value={`${s.spentOn}T12:00:00+08:00`} /></td>
                    <td>{labelOf(t.reports.union.offCategories, s.category)}</td>
                    <td>{s.note}</td>
                    <td className="num"><Money fen={s.amountFen} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : <p className="mt-3 text-sm text-stone-600">{t.reports.union.none}</p>}
        </section>
      </div>
    </div>
  );
}
