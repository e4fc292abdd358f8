import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { SelectField } from "~/components/ui/SelectField";
import type { Actor } from "~/domain/actor";
import { fenToYuanString } from "~/domain/money";
import { BAN_RULE_CLASSES, BAN_RULE_KINDS, compileBanPattern } from "~/domain/welfare-eligibility";
import type { Messages } from "~/locales";
import { labelOf } from "~/locales/label";
import { addWelfareBanRule, listWelfareRules, setSpiritsCap } from "~/models/catalog/welfare-rules.server";
import { invalidSubmission, readForm, savedSubmission } from "~/utils/forms.server";
import { SavedNotice } from "~/components/ui/SavedNotice";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { forbidden, requireRole } from "~/utils/permissions.server";
import { parseWithZod, yuanField, z } from "~/utils/validation.server";
import { welfareRulesArea } from "~/locales/area/welfare-rules";
import { eligibilityArea } from "~/locales/area/eligibility";

function ruleSchema(t: Messages) {
  const r = t.welfareRules;
  return z
    .object({
      intent: z.literal("addRule"),
      ruleClass: z.enum(BAN_RULE_CLASSES, { errorMap: () => ({ message: t.errors.required }) }),
      kind: z.enum(BAN_RULE_KINDS, { errorMap: () => ({ message: t.errors.required }) }),
      value: z.string({ required_error: t.errors.required }).trim().min(1, t.errors.required).max(100, t.errors.tooLong),
      note: z.string().trim().max(200, t.errors.tooLong).default(""),
    })
    .refine((v) => v.kind !== "PATTERN" || compileBanPattern(v.value) != null, { path: ["value"], message: r.badPattern });
}

function capSchema(t: Messages) {
  return z.object({
    intent: z.literal("setCap"),
    cap: yuanField(t.errors.invalidAmount).refine((fen) => fen > 0 && fen <= 100_000_000, t.errors.invalidAmount),
  });
}

/** The city federation (and the platform) set the spirits cap; every leader can extend the list. */
function maySetCap(user: Actor) {
  return user.role === "ADMIN" || user.org.kind === "FEDERATION";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER", "ADMIN");
  return json({ ...(await listWelfareRules()), maySetCap: maySetCap(user) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "LEADER", "ADMIN");
  const t = await getMessages(request);
  const r = t.welfareRules;
  const formData = await readForm(request);
  switch (formData.get("intent")) {
    case "addRule": {
      const submission = parseWithZod(formData, { schema: ruleSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), "addRule");
      const added = await addWelfareBanRule(user, submission.value);
      if (added.outcome === "duplicate") return invalidSubmission(submission.reply({ fieldErrors: { value: [r.duplicate] } }), "addRule");
      return savedSubmission(submission, r.added(added.takenOffSale.length), "addRule");
    }
    case "setCap": {
      if (!maySetCap(user)) forbidden();
      const submission = parseWithZod(formData, { schema: capSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), "setCap");
      const taken = await setSpiritsCap(user, submission.value.cap);
      return savedSubmission(submission, r.capSaved(taken.length), "setCap");
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function WelfareRules() {
  const t = useT(eligibilityArea, welfareRulesArea);
  const r = t.welfareRules;
  const { rules, spiritsCapFenPerBottle, maySetCap: canSetCap } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const intent = actionData?.intent;
  const errors = actionData?.result?.error;
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{r.title}</h1>
      <p className="text-sm text-stone-700">{r.help}</p>
      <SavedNotice message={actionData?.saved} />
      <div className="grid gap-4 lg:grid-cols-2">
        <section className="card" aria-labelledby="add-rule">
          <h2 id="add-rule">{r.add}</h2>
          <Form method="post" className="mt-2 flex flex-col gap-2" key={rules.length}>
            <input type="hidden" name="intent" value="addRule" />
            <SelectField
              id="ruleClass"
              name="ruleClass"
              label={r.ruleClass}
              defaultValue="TOBACCO"
              errors={intent === "addRule" ? errors?.ruleClass : undefined}
            >
              {BAN_RULE_CLASSES.map((c) => (
                <option key={c} value={c}>
                  {labelOf(t.eligibility.classes, c)}
                </option>
              ))}
            </SelectField>
            <SelectField id="kind" name="kind" label={r.kind} defaultValue="WORD" errors={intent === "addRule" ? errors?.kind : undefined}>
              {BAN_RULE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {labelOf(r.kinds, k)}
                </option>
              ))}
            </SelectField>
            <Field id="value" name="value" label={r.value} errors={intent === "addRule" ? errors?.value : undefined} />
            <Field id="note" name="note" label={r.note} errors={intent === "addRule" ? errors?.note : undefined} />
            <button type="submit" className="btn-primary self-start">
              {r.add}
            </button>
          </Form>
        </section>
        <section className="card" aria-labelledby="spirits-cap">
          <h2 id="spirits-cap">{r.spiritsCap}</h2>
          <p className="text-xs text-stone-600">{r.spiritsCapHelp}</p>
          {canSetCap ? (
            <Form method="post" className="mt-2 flex flex-col gap-2">
              <input type="hidden" name="intent" value="setCap" />
              <Field
                id="cap"
                name="cap"
                label={r.spiritsCap}
                inputMode="decimal"
                defaultValue={fenToYuanString(spiritsCapFenPerBottle)}
                errors={intent === "setCap" ? errors?.cap : undefined}
              />
              <button type="submit" className="btn-secondary self-start">
                {r.saveCap}
              </button>
            </Form>
          ) : (
            <p className="mt-2 text-lg font-semibold" data-testid="spirits-cap">
              <Money fen={spiritsCapFenPerBottle} />
            </p>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="rule-list">
        <h2 id="rule-list">{r.title}</h2>
        <dl className="mt-2 flex flex-col gap-3 text-sm" data-testid="welfare-rules">
          {BAN_RULE_CLASSES.map((ruleClass) => (
            <div key={ruleClass}>
              <dt className="font-semibold">{labelOf(t.eligibility.classes, ruleClass)}</dt>
              <dd className="mt-1 flex flex-wrap gap-1">
                {rules
                  .filter((rule) => rule.ruleClass === ruleClass)
                  .map((rule) => (
                    <code
                      key={rule.id}
                      className="break-all rounded bg-stone-100 px-1.5 py-0.5"
                      title={[labelOf(r.kinds, rule.kind), rule.note].filter(Boolean).join(" · ")}
                    >
                      {rule.value}
                      {rule.kind === "PATTERN" ? ` (${labelOf(r.kinds, rule.kind)})` : ""}
                    </code>
                  ))}
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
