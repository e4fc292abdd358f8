import { budgetYear, budgetYears } from "~/forms/report-year.server";
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { amountField, choiceField, dateField, intField, optionalTextField, parseWithZod } from "~/utils/validation.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConfirmAction } from "~/components/ui/ActionNotice";
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
  budgetPosition,
  budgetSettings,
  correctOffPlatformSpending,
  deleteOffPlatformSpending,
  editableBudgetYears,
  governingPolicy,
  offPlatformSpending,
  productsCountingToday,
  recordOffPlatformSpending,
  saveWelfareBudget,
} from "~/models/welfare/welfare.server";
import { invalidSubmission, readForm, savedSubmission } from "~/utils/forms.server";
import { useLocale, useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { forbidden, notFound, requireRole } from "~/utils/permissions.server";
import { reportsArea } from "~/locales/area/reports";
import { unionHomeArea } from "~/locales/area/union-home";
import { budgetLeftArea } from "~/locales/area/budget-left";

function yuan(t: Messages) {
  return amountField(t);
}

function openYear(t: Messages) {
  return z.coerce
    .number()
    .int()
    .refine((y) => editableBudgetYears().includes(y), t.reports.union.closedDate);
}

function budgetSchema(t: Messages) {
  return z.object({
    intent: z.literal("saveBudget"),
    year: openYear(t).default(chinaYear(new Date())),
    budget: yuan(t),
    headcount: intField(t, 1, 1_000_000),
    threshold: yuan(t),
    blockOverBudget: z.literal("on").optional(),
  });
}

function spendingSchema(t: Messages) {
  return z.object({
    intent: z.enum(["recordSpending", "correctSpending"]),
    id: z.coerce.number().int().positive().optional(),
    // A bad date already has its message; only a good one can be in a closed year.
    spentOn: dateField(t, { yearsAhead: 1 }).refine(
      (d) => typeof d !== "string" || editableBudgetYears().includes(Number(d.slice(0, 4))),
      t.reports.union.closedDate,
    ),
    amount: amountField(t, { min: 1 }),
    category: choiceField(t, OFF_PLATFORM_CATEGORIES),
    note: optionalTextField(t, 200),
  });
}

const deleteSchema = z.object({ intent: z.literal("deleteSpending"), id: z.coerce.number().int().positive() });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const year = budgetYear(request);
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
  const editable = editableBudgetYears().includes(year);
  return json({
    year,
    years: budgetYears(),
    editable,
    canEditBudget: user.role === "APPROVER" && editable,
    hasBudget: figures.budgetFen != null,
    share,
    budgetLeftFen: budgetLeftFen(await budgetPosition(user.org.id, year)),
    settings,
    spending,
    counting: await productsCountingToday(6),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "BUYER", "APPROVER");
  const t = await getMessages(request);
  const formData = await readForm(request);
  const year = budgetYear(request);
  switch (formData.get("intent")) {
    case "saveBudget": {
      if (user.role !== "APPROVER") forbidden();
      const submission = parseWithZod(formData, { schema: budgetSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), "saveBudget");
      const v = submission.value;
      await saveWelfareBudget(user, {
        year: v.year,
        budgetFen: v.budget,
        headcount: v.headcount,
        blockOverBudget: v.blockOverBudget === "on",
        approvalThresholdFen: v.threshold,
      });
      return savedSubmission(submission, t.reports.union.budgetSaved, "saveBudget");
    }
    case "recordSpending":
    case "correctSpending": {
      const submission = parseWithZod(formData, { schema: spendingSchema(t) });
      // A correction answers its own row: the intent names the entry.
      const intent = formData.get("intent") === "correctSpending" ? `correctSpending:${formData.get("id")}` : "recordSpending";
      if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
      const v = submission.value;
      const input = { spentOn: v.spentOn, amountFen: v.amount, category: v.category, note: v.note };
      // A spend counts in the year of its date; when that is not the year on screen, the confirmation says where it went.
      const spentYear = Number(v.spentOn.slice(0, 4));
      if (v.intent === "recordSpending") {
        await recordOffPlatformSpending(user, input);
        return savedSubmission(submission, spentYear === year ? t.reports.union.spendingSaved : t.feedback.spendingRecordedIn(spentYear), intent);
      }
      if (!v.id) notFound();
      const outcome = await correctOffPlatformSpending(user, v.id, input);
      if (outcome === "notFound") notFound();
      if (outcome === "closed") return invalidSubmission(submission.reply({ formErrors: [t.reports.union.closedDate] }), intent);
      return savedSubmission(submission, outcome.year === year ? t.feedback.spendingCorrected : t.feedback.spendingRecordedIn(outcome.year), intent);
    }
    case "deleteSpending": {
      const submission = parseWithZod(formData, { schema: deleteSchema });
      if (submission.status !== "success") notFound();
      const outcome = await deleteOffPlatformSpending(user, submission.value.id);
      if (outcome === "notFound") notFound();
      if (outcome === "closed") return invalidSubmission(submission.reply({ formErrors: [t.reports.union.closedDate] }), "deleteSpending");
      return savedSubmission(submission, t.feedback.spendingDeleted, "deleteSpending");
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

type Spending = ReturnType<typeof useLoaderData<typeof loader>>["spending"][number];
type Answer = { result: SubmissionResult<string[]>; intent: string | null; saved: string | null } | undefined;

/** One recorded spending: what it was, and (in an open year) a correction form and a delete that asks first. */
function SpendingRow({ entry, editable, answer }: { entry: Spending; editable: boolean; answer: Answer }) {
  const t = useT(budgetLeftArea, reportsArea, unionHomeArea);
  const u = t.reports.union;
  const mine = answer?.intent === `correctSpending:${entry.id}`;
  const [form, fields] = useForm({
    id: `spending-${entry.id}`,
    lastResult: mine ? answer.result : null,
    defaultValue: { spentOn: entry.spentOn, amount: fenToYuanString(entry.amountFen), category: entry.category, note: entry.note },
  });
  return (
    <tr data-testid="spending-row">
      <td>
        <DateText value={`${entry.spentOn}T12:00:00+08:00`} />
      </td>
      <td data-label={u.category}>{labelOf(u.offCategories, entry.category)}</td>
      <td data-label={u.note} translate="no">
        {entry.note}
      </td>
      <td className="num" data-label={t.reports.amount}>
        <Money fen={entry.amountFen} />
      </td>
      {editable ? (
        <td className="no-print" data-label={u.actions}>
          <div className="flex flex-wrap justify-end gap-2 text-left">
            <details className="w-full" open={(mine && !answer.saved) || undefined}>
              <summary className="cursor-pointer text-brand-700">{u.correct}</summary>
              <Form method="post" className="mt-2 grid gap-2" {...getFormProps(form)}>
                <input type="hidden" name="intent" value="correctSpending" />
                <input type="hidden" name="id" value={entry.id} />
                {form.errors?.length ? (
                  <p className="field-error" role="alert">
                    {form.errors.join(" ")}
                  </p>
                ) : null}
                <Field label={u.spentOn} errors={fields.spentOn.errors} {...getInputProps(fields.spentOn, { type: "date" })} id={fields.spentOn.id} />
                <Field
                  label={t.reports.amount}
                  errors={fields.amount.errors}
                  inputMode="decimal"
                  {...getInputProps(fields.amount, { type: "text" })}
                  id={fields.amount.id}
                />
                <SelectField
                  label={u.category}
                  errors={fields.category.errors}
                  name={fields.category.name}
                  id={fields.category.id}
                  defaultValue={entry.category}
                >
                  {OFF_PLATFORM_CATEGORIES.map((c) => (
                    <option key={c} value={c}>
                      {labelOf(u.offCategories, c)}
                    </option>
                  ))}
                </SelectField>
                <Field label={u.note} errors={fields.note.errors} {...getInputProps(fields.note, { type: "text" })} id={fields.note.id} />
                <button type="submit" className="btn-secondary self-start">
                  {t.actions.save}
                </button>
              </Form>
            </details>
            <Form method="post">
              <input type="hidden" name="intent" value="deleteSpending" />
              <input type="hidden" name="id" value={entry.id} />
              <ConfirmAction label={u.delete} />
            </Form>
          </div>
        </td>
      ) : null}
    </tr>
  );
}

export default function UnionBudget() {
  // A year is its own page: switching years starts its forms afresh from that year's figures.
  return <BudgetYear key={useLoaderData<typeof loader>().year} />;
}

function BudgetYear() {
  const t = useT(budgetLeftArea, reportsArea, unionHomeArea);
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const answered = (intent: string) => (actionData?.intent === intent ? actionData : null);
  const [budgetForm, budgetFields] = useForm({
    id: "budget",
    lastResult: answered("saveBudget")?.result,
    defaultValue: {
      year: String(data.year),
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
  const u = t.reports.union;
  return (
    <div className="container-page flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1>{u.title(data.year)}</h1>
        <Form method="get" className="flex flex-wrap items-end gap-2">
          <label className="field">
            <span className="field-label">{t.reports.year}</span>
            <select name="year" defaultValue={data.year} className="input min-w-28" data-testid="budget-year">
              {data.years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn-secondary">
            {t.reports.show}
          </button>
        </Form>
      </div>
      <p className="-mt-2 text-sm text-stone-600">{data.editable ? u.yearsHint : u.closedYear(data.year)}</p>
      {/* Corrections and deletions answer here; the budget and the new-spending forms answer beside themselves. */}
      <SavedNotice message={actionData?.intent?.startsWith("correctSpending:") || actionData?.intent === "deleteSpending" ? actionData.saved : null} />
      {actionData?.intent === "deleteSpending" && actionData.result.error?.[""]?.length ? (
        <p className="field-error" role="alert">
          {actionData.result.error[""].join(" ")}
        </p>
      ) : null}
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
          <h2 id="counting">{u.countingProducts}</h2>
          <Link to="/products?certified=1">{u.browseCounting} →</Link>
        </div>
        <ul className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
          {data.counting.map((p) => (
            <li key={p.id} className="rounded border border-stone-200 p-2 text-sm">
              <Link to={`/products/${p.id}`}>{p.title}</Link>
              <div className="text-stone-600">
                <Money fen={p.priceFen} /> {t.perUnit(p.unit)} · {p.supplierName}
              </div>
            </li>
          ))}
        </ul>
      </section>

      <div className="grid gap-4 lg:grid-cols-2">
        <section className="card" aria-labelledby="budget-form">
          <h2 id="budget-form" className="mb-3">
            {u.budgetForm}
          </h2>
          <SavedNotice message={answered("saveBudget")?.saved} />
          {data.canEditBudget ? (
            <Form method="post" className="flex flex-col gap-3" {...getFormProps(budgetForm)}>
              <input type="hidden" name="intent" value="saveBudget" />
              <input type="hidden" name="year" value={data.year} />
              <Field
                label={u.budget}
                errors={budgetFields.budget.errors}
                inputMode="decimal"
                {...getInputProps(budgetFields.budget, { type: "text" })}
                id={budgetFields.budget.id}
              />
              <Field
                label={u.headcount}
                errors={budgetFields.headcount.errors}
                inputMode="numeric"
                {...getInputProps(budgetFields.headcount, { type: "text" })}
                id={budgetFields.headcount.id}
              />
              <Field
                label={u.threshold}
                errors={budgetFields.threshold.errors}
                inputMode="decimal"
                {...getInputProps(budgetFields.threshold, { type: "text" })}
                id={budgetFields.threshold.id}
              />
              <label className="flex items-center gap-2 text-sm">
                <input {...getInputProps(budgetFields.blockOverBudget, { type: "checkbox" })} className="h-5 w-5" />
                {u.blockOverBudget}
              </label>
              {budgetFields.year.errors?.length ? (
                <p className="field-error" role="alert">
                  {budgetFields.year.errors.join(" ")}
                </p>
              ) : null}
              <button type="submit" className="btn-primary self-start">
                {t.actions.save}
              </button>
            </Form>
          ) : data.editable ? (
            <p className="text-sm text-stone-600">{u.onlyApprover}</p>
          ) : (
            <dl className="grid grid-cols-2 gap-2 text-sm">
              <dt className="text-stone-600">{u.budget}</dt>
              <dd>{data.settings.budgetFen == null ? "—" : <Money fen={data.settings.budgetFen} />}</dd>
              <dt className="text-stone-600">{u.headcount}</dt>
              <dd>{data.settings.headcount ?? "—"}</dd>
            </dl>
          )}
        </section>

        <section className="card" aria-labelledby="off-platform">
          <h2 id="off-platform">{u.offPlatform}</h2>
          <p className="mb-3 text-sm text-stone-600">{u.offPlatformHint}</p>
          <SavedNotice message={answered("recordSpending")?.saved} />
          {data.editable ? (
            <Form method="post" className="grid gap-3 sm:grid-cols-2" {...getFormProps(spendForm)}>
              <input type="hidden" name="intent" value="recordSpending" />
              <Field
                label={u.spentOn}
                errors={spendFields.spentOn.errors}
                {...getInputProps(spendFields.spentOn, { type: "date" })}
                id={spendFields.spentOn.id}
              />
              <Field
                label={t.reports.amount}
                errors={spendFields.amount.errors}
                inputMode="decimal"
                {...getInputProps(spendFields.amount, { type: "text" })}
                id={spendFields.amount.id}
              />
              <SelectField
                label={u.category}
                errors={spendFields.category.errors}
                name={spendFields.category.name}
                id={spendFields.category.id}
                defaultValue="FESTIVAL"
              >
                {OFF_PLATFORM_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {labelOf(u.offCategories, c)}
                  </option>
                ))}
              </SelectField>
              <Field label={u.note} errors={spendFields.note.errors} {...getInputProps(spendFields.note, { type: "text" })} id={spendFields.note.id} />
              <button type="submit" className="btn-secondary self-start">
                {u.add}
              </button>
            </Form>
          ) : null}
          {data.spending.length ? (
            <table className="table table-cards mt-3" data-testid="spending-table">
              <thead>
                <tr>
                  <th>{u.spentOn}</th>
                  <th>{u.category}</th>
                  <th>{u.note}</th>
                  <th className="num">{t.reports.amount}</th>
                  {data.editable ? <th className="no-print">{u.actions}</th> : null}
                </tr>
              </thead>
              <tbody>
                {data.spending.map((s) => (
                  <SpendingRow key={s.id} entry={s} editable={data.editable} answer={actionData ?? undefined} />
                ))}
              </tbody>
            </table>
          ) : (
            <p className="mt-3 text-sm text-stone-600">{u.none}</p>
          )}
        </section>
      </div>
    </div>
  );
}
