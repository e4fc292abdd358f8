import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { DateText } from "~/components/ui/DateText";
import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { SavedNotice } from "~/components/ui/SavedNotice";
import { SelectField } from "~/components/ui/SelectField";
import { fenToYuanString } from "~/domain/money";
import { isBuyingUnion } from "~/domain/roles";
import { labelOf } from "~/locales/label";
import {
  getManagedOrganization,
  mergeUnions,
  moveUnion,
  setOrganizationActive,
  setSupplierSuspended,
  updateOrganization,
  updateSupplierVillages,
} from "~/models/access/org-admin.server";
import { intentSchema, mergeSchema, moveSchema, organizationEditSchema, villagesSchema } from "~/forms/account-schemas.server";
import { invalidSubmission, savedSubmission, readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { idParam, parseWithZod } from "~/utils/validation.server";
import { manageArea } from "~/locales/area/manage";

function orgIdOf(params: LoaderFunctionArgs["params"]) {
  const id = idParam.safeParse(params.orgId);
  if (!id.success) notFound();
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "ADMIN", "LEADER");
  return json(await getManagedOrganization(actor, orgIdOf(params)));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN", "LEADER");
  const orgId = orgIdOf(params);
  const t = await getMessages(request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent"));
  switch (intent) {
    case "update": {
      const submission = parseWithZod(formData, { schema: organizationEditSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
      const v = submission.value;
      await updateOrganization(actor, orgId, {
        name: v.name,
        contactName: v.contactName,
        contactPhone: v.contactPhone,
        headcount: v.headcount ?? null,
        approvalThresholdFen: v.approvalThreshold,
      });
      return savedSubmission(submission, t.manage.org.saved, intent);
    }
    case "move": {
      const submission = parseWithZod(formData, { schema: moveSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
      const result = await moveUnion(actor, orgId, submission.value.countyId);
      if ("problem" in result) return invalidSubmission(submission.reply({ formErrors: [t.manage.problems[result.problem]] }), intent);
      return savedSubmission(submission, t.manage.org.moved, intent);
    }
    case "merge": {
      const submission = parseWithZod(formData, { schema: mergeSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
      const result = await mergeUnions(actor, orgId, submission.value.survivorId);
      if ("problem" in result) return invalidSubmission(submission.reply({ formErrors: [t.manage.problems[result.problem]] }), intent);
      return savedSubmission(submission, t.manage.org.merged, "status");
    }
    case "deactivate":
    case "reactivate": {
      const submission = parseWithZod(formData, { schema: intentSchema });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), "status");
      const result = await setOrganizationActive(actor, orgId, intent === "reactivate");
      if ("problem" in result) return invalidSubmission(submission.reply({ formErrors: [t.manage.problems[result.problem]] }), "status");
      return savedSubmission(submission, intent === "reactivate" ? t.manage.org.reactivated : t.manage.org.deactivated, "status");
    }
    case "villages": {
      const submission = parseWithZod(formData, { schema: villagesSchema(t) });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), intent);
      await updateSupplierVillages(actor, orgId, submission.value.villages);
      return savedSubmission(submission, t.manage.org.villagesSaved, intent);
    }
    case "suspend":
    case "reinstate": {
      const submission = parseWithZod(formData, { schema: intentSchema });
      if (submission.status !== "success") return invalidSubmission(submission.reply(), "supplierStatus");
      await setSupplierSuspended(actor, orgId, intent === "suspend");
      return savedSubmission(submission, intent === "suspend" ? t.manage.org.suspended : t.manage.org.reinstated, "supplierStatus");
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function ManageOrganization() {
  const t = useT(manageArea);
  const data = useLoaderData<typeof loader>();
  const { org } = data;
  const actionData = useActionData<typeof action>();
  const answered = (intent: string) => (actionData?.intent === intent ? actionData : null);
  const resultFor = (intent: string) => answered(intent)?.result;
  const statusErrors = answered("status")?.result.error?.[""];
  const [editForm, editFields] = useForm({
    id: "org-edit",
    lastResult: resultFor("update"),
    defaultValue: {
      name: org.name,
      contactName: org.contactName ?? "",
      contactPhone: org.contactPhone ?? "",
      headcount: org.headcount == null ? "" : String(org.headcount),
      approvalThreshold: fenToYuanString(Number(org.approvalThresholdFen)),
    },
  });
  const [moveForm, moveFields] = useForm({ id: "org-move", lastResult: resultFor("move") });
  const [mergeForm, mergeFields] = useForm({ id: "org-merge", lastResult: resultFor("merge") });
  const [villageForm] = useForm({ id: "org-villages", lastResult: resultFor("villages") });
  const merged = data.mergedInto != null;
  const isUnion = isBuyingUnion(org.kind);
  return (
    <div className="container-page flex flex-col gap-4">
      <p>
        <Link to="/manage/orgs">{t.manage.back}</Link>
      </p>
      <h1>{t.manage.org.title(org.name)}</h1>
      <p className="text-sm text-stone-700">
        {labelOf(t.orgKinds, org.kind)} · {org.code} · {t.manage.org.parent}: {data.parentName ?? "—"} ·{" "}
        {merged ? (
          <span className="badge-muted" data-testid="org-status">
            {t.manage.merged}
          </span>
        ) : org.deactivatedAt ? (
          <span className="badge-warn" data-testid="org-status">
            {t.manage.deactivated}
          </span>
        ) : (
          <span className="badge-muted" data-testid="org-status">
            {t.manage.active}
          </span>
        )}
        {data.supplier?.suspendedAt ? <span className="badge-warn ml-2">{t.manage.org.isSuspended}</span> : null}
      </p>
      <SavedNotice message={answered("status")?.saved} />
      {statusErrors?.length ? (
        <p className="field-error" role="alert">
          {statusErrors.join(" ")}
        </p>
      ) : null}
      {data.mergedInto ? (
        <p className="card" data-testid="merged-into">
          {t.manage.org.mergedInto}: <Link to={`/manage/orgs/${data.mergedInto.id}`}>{data.mergedInto.name}</Link>
        </p>
      ) : null}
      {data.mergedFrom.length ? (
        <p className="card">
          {t.manage.org.mergedFrom}: {data.mergedFrom.map((m) => m.name).join("、")}
        </p>
      ) : null}

      {merged ? null : (
        <section className="card" aria-labelledby="details-heading">
          <h2 id="details-heading" className="mb-3">
            {t.manage.org.details}
          </h2>
          <SavedNotice message={answered("update")?.saved} />
          <Form method="post" className="grid gap-3 sm:grid-cols-2" {...getFormProps(editForm)}>
            <input type="hidden" name="intent" value="update" />
            <Field label={t.manage.org.name} errors={editFields.name.errors} {...getInputProps(editFields.name, { type: "text" })} id={editFields.name.id} />
            <Field
              label={t.manage.org.contactName}
              errors={editFields.contactName.errors}
              {...getInputProps(editFields.contactName, { type: "text" })}
              id={editFields.contactName.id}
            />
            <Field
              label={t.manage.org.contactPhone}
              errors={editFields.contactPhone.errors}
              {...getInputProps(editFields.contactPhone, { type: "tel" })}
              id={editFields.contactPhone.id}
            />
            <Field
              label={t.manage.org.headcount}
              errors={editFields.headcount.errors}
              inputMode="numeric"
              {...getInputProps(editFields.headcount, { type: "text" })}
              id={editFields.headcount.id}
            />
            <Field
              label={t.manage.org.approvalThreshold}
              errors={editFields.approvalThreshold.errors}
              inputMode="decimal"
              {...getInputProps(editFields.approvalThreshold, { type: "text" })}
              id={editFields.approvalThreshold.id}
            />
            <div className="sm:col-span-2">
              <button type="submit" className="btn-primary">
                {t.manage.org.save}
              </button>
            </div>
          </Form>
        </section>
      )}

      {data.counties.length ? (
        <section className="card" aria-labelledby="move-heading">
          <h2 id="move-heading">{t.manage.org.move}</h2>
          <SavedNotice message={answered("move")?.saved} />
          <p className="mt-1 text-sm text-stone-600">{t.manage.org.moveHint}</p>
          <Form method="post" className="mt-3 flex flex-wrap items-end gap-3" {...getFormProps(moveForm)}>
            <input type="hidden" name="intent" value="move" />
            <div className="min-w-48 flex-1">
              <SelectField label={t.manage.org.moveTo} errors={moveFields.countyId.errors} {...getSelectProps(moveFields.countyId)} id={moveFields.countyId.id}>
                {data.counties.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </SelectField>
            </div>
            <button type="submit" className="btn-primary">
              {t.manage.org.moveSubmit}
            </button>
            {moveForm.errors?.length ? (
              <p className="field-error w-full" role="alert">
                {moveForm.errors.join(" ")}
              </p>
            ) : null}
          </Form>
        </section>
      ) : null}

      {data.moves.length ? (
        <section className="card overflow-x-auto" aria-labelledby="moves-heading">
          <h2 id="moves-heading">{t.manage.org.moveHistory}</h2>
          {data.moves.map((m) => (
            <div key={m.at} className="mt-2" data-testid="move-record">
              <p>
                <DateText value={new Date(m.at)} withTime /> · {t.manage.org.moveHistoryLine(m.fromName, m.toName)}
              </p>
              {m.years.length ? (
                <table className="table mt-1">
                  <caption className="text-left text-sm text-stone-600">{t.manage.org.movedFigures}</caption>
                  <thead>
                    <tr>
                      <th>{t.manage.org.year}</th>
                      <th className="num">{t.manage.org.budget}</th>
                      <th className="num">{t.manage.org.procurement}</th>
                      <th className="num">{t.manage.org.otherPlatform}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.years.map((y) => (
                      <tr key={y.year}>
                        <td>{y.year}</td>
                        <td className="num">
                          <Money fen={y.budgetFen} />
                        </td>
                        <td className="num">
                          <Money fen={y.certifiedFen} />
                        </td>
                        <td className="num">
                          <Money fen={y.otherPlatformFen} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </div>
          ))}
        </section>
      ) : null}

      {isUnion && !merged && data.mergeTargets.length ? (
        <section className="card" aria-labelledby="merge-heading">
          <h2 id="merge-heading">{t.manage.org.merge}</h2>
          <p className="mt-1 text-sm text-stone-600">{t.manage.org.mergeHint}</p>
          <Form method="post" className="mt-3 flex flex-col gap-3" {...getFormProps(mergeForm)}>
            <input type="hidden" name="intent" value="merge" />
            <SelectField
              label={t.manage.org.mergeInto}
              errors={mergeFields.survivorId.errors}
              {...getSelectProps(mergeFields.survivorId)}
              id={mergeFields.survivorId.id}
            >
              {data.mergeTargets.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </SelectField>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="confirm" value="yes" className="h-5 w-5" aria-invalid={mergeFields.confirm.errors ? true : undefined} />
              {t.manage.org.mergeConfirm}
            </label>
            {mergeFields.confirm.errors ? (
              <p className="field-error" role="alert">
                {mergeFields.confirm.errors.join(" ")}
              </p>
            ) : null}
            {mergeForm.errors?.length ? (
              <p className="field-error" role="alert">
                {mergeForm.errors.join(" ")}
              </p>
            ) : null}
            <div>
              <button type="submit" className="btn-danger">
                {t.manage.org.mergeSubmit}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {data.supplier ? (
        <SupplierSection
          supplier={data.supplier}
          formId={villageForm.id}
          errors={[...new Set(Object.values(villageForm.allErrors).flat())]}
          saved={answered("villages")?.saved ?? answered("supplierStatus")?.saved}
        />
      ) : null}

      {merged ? null : (
        <section className="card" aria-labelledby="active-heading">
          <h2 id="active-heading">{org.deactivatedAt ? t.manage.org.reactivate : t.manage.org.deactivate}</h2>
          {org.deactivatedAt ? null : <p className="mt-1 text-sm text-stone-600">{t.manage.org.deactivateHint}</p>}
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value={org.deactivatedAt ? "reactivate" : "deactivate"} />
            <button type="submit" className={org.deactivatedAt ? "btn-primary" : "btn-danger"}>
              {org.deactivatedAt ? t.manage.org.reactivate : t.manage.org.deactivate}
            </button>
          </Form>
        </section>
      )}
    </div>
  );
}

type SupplierData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["supplier"]>;

function SupplierSection({ supplier, formId, errors, saved }: { supplier: SupplierData; formId: string; errors?: string[]; saved?: string | null }) {
  const t = useT(manageArea);
  // One spare row to add a village; choosing "(none)" in a row removes it.
  const [rows, setRows] = useState(supplier.villages.length + 1);
  const villageLabel = (v: { name: string; township: string; county: string }) => `${v.county} ${v.township} ${v.name}`;
  return (
    <section className="card" aria-labelledby="supplier-heading">
      <h2 id="supplier-heading">{t.manage.org.supplier}</h2>
      <SavedNotice message={saved} />
      <Form method="post" id={formId} className="mt-3 flex flex-col gap-3">
        <input type="hidden" name="intent" value="villages" />
        <fieldset className="flex flex-col gap-2">
          <legend className="field-label">{t.manage.org.villages}</legend>
          {Array.from({ length: rows }, (_, i) => {
            const current = supplier.villages[i];
            return (
              <div key={i} className="grid grid-cols-[1fr_7rem] gap-2" data-testid="village-row">
                <div className="field">
                  <label htmlFor={`village-${i}`} className="sr-only">
                    {t.manage.org.village} {i + 1}
                  </label>
                  <select id={`village-${i}`} name={`villages[${i}].villageId`} className="input" defaultValue={current ? String(current.id) : ""}>
                    <option value="">{t.manage.org.none}</option>
                    {supplier.allVillages.map((v) => (
                      <option key={v.id} value={v.id}>
                        {villageLabel(v)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`households-${i}`} className="sr-only">
                    {t.manage.org.households} {i + 1}
                  </label>
                  <input
                    id={`households-${i}`}
                    name={`villages[${i}].householdsBenefited`}
                    className="input"
                    inputMode="numeric"
                    placeholder={t.manage.org.households}
                    defaultValue={current ? String(current.householdsBenefited) : ""}
                  />
                </div>
              </div>
            );
          })}
        </fieldset>
        {errors?.length ? (
          <p className="field-error" role="alert">
            {errors.join(" ")}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <button type="button" className="btn-secondary" onClick={() => setRows((n) => n + 1)}>
            {t.manage.org.addVillage}
          </button>
          <button type="submit" className="btn-primary">
            {t.manage.org.saveVillages}
          </button>
        </div>
      </Form>
      <div className="mt-4 border-t border-stone-200 pt-3">
        <p className="text-sm text-stone-600">{supplier.suspendedAt ? null : t.manage.org.suspendHint(supplier.activeListings)}</p>
        <Form method="post" className="mt-2">
          <input type="hidden" name="intent" value={supplier.suspendedAt ? "reinstate" : "suspend"} />
          <button type="submit" className={supplier.suspendedAt ? "btn-primary" : "btn-danger"}>
            {supplier.suspendedAt ? t.manage.org.reinstate : t.manage.org.suspend}
          </button>
        </Form>
      </div>
    </section>
  );
}
