import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import { SHANGLUO_COUNTIES, SUPPLIER_KINDS, TRADE_ROLES } from "~/domain/catalog";
import { ROLES } from "~/domain/roles";
import { labelOf } from "~/locales/label";
import { useT } from "~/utils/i18n";
import { adminArea } from "~/locales/area/admin";

type Choice = { id: number; name: string; kind: string };
const CREATABLE_KINDS = ["COUNTY", "GRASSROOTS", "PARTNER_GROUP", "PARTNER_UNION", "SUPPLIER"] as const;

export function CreateOrganizationForm({ organizations, lastResult }: { organizations: Choice[]; lastResult?: SubmissionResult<string[]> | null }) {
  const t = useT(adminArea);
  const [form, fields] = useForm({
    id: "create-organization",
    lastResult,
  });
  return (
    <Form method="post" className="grid gap-3 sm:grid-cols-2" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="createOrganization" />
      <SelectField label={t.admin.kind} errors={fields.kind.errors} {...getSelectProps(fields.kind)} id={fields.kind.id}>
        {CREATABLE_KINDS.map((k) => (
          <option key={k} value={k}>
            {labelOf(t.orgKinds, k)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t.admin.parent} errors={fields.parentId.errors} {...getSelectProps(fields.parentId)} id={fields.parentId.id}>
        <option value="">{t.admin.none}</option>
        {organizations
          .filter((o) => o.kind !== "SUPPLIER")
          .map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
      </SelectField>
      <Field label={t.admin.name} errors={fields.name.errors} {...getInputProps(fields.name, { type: "text" })} id={fields.name.id} />
      <Field label={t.admin.code} errors={fields.code.errors} {...getInputProps(fields.code, { type: "text" })} id={fields.code.id} />
      <Field label={t.admin.region} errors={fields.region.errors} {...getInputProps(fields.region, { type: "text" })} id={fields.region.id} />
      <Field
        label={t.admin.contactName}
        errors={fields.contactName.errors}
        {...getInputProps(fields.contactName, { type: "text" })}
        id={fields.contactName.id}
      />
      <Field
        label={t.admin.contactPhone}
        errors={fields.contactPhone.errors}
        {...getInputProps(fields.contactPhone, { type: "tel" })}
        id={fields.contactPhone.id}
      />
      <SelectField label={t.admin.supplierKind} errors={fields.supplierKind.errors} {...getSelectProps(fields.supplierKind)} id={fields.supplierKind.id}>
        <option value="">{t.admin.none}</option>
        {SUPPLIER_KINDS.map((k) => (
          <option key={k} value={k}>
            {labelOf(t.supplierKinds, k)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t.admin.tradeRole} errors={fields.tradeRole.errors} {...getSelectProps(fields.tradeRole)} id={fields.tradeRole.id}>
        <option value="">{t.admin.none}</option>
        {TRADE_ROLES.map((k) => (
          <option key={k} value={k}>
            {labelOf(t.tradeRoles, k)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t.admin.county} errors={fields.county.errors} {...getSelectProps(fields.county)} id={fields.county.id}>
        <option value="">{t.admin.none}</option>
        {SHANGLUO_COUNTIES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </SelectField>
      {form.errors?.length ? (
        <p className="field-error sm:col-span-2" role="alert">
          {form.errors.join(" ")}
        </p>
      ) : null}
      <div className="sm:col-span-2">
        <button type="submit" className="btn-primary">
          {t.admin.createOrganization}
        </button>
      </div>
    </Form>
  );
}

export function CreateUserForm({ organizations, lastResult }: { organizations: Choice[]; lastResult?: SubmissionResult<string[]> | null }) {
  const t = useT(adminArea);
  const [form, fields] = useForm({
    id: "create-user",
    lastResult,
  });
  return (
    <Form method="post" className="grid gap-3 sm:grid-cols-2" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="createUser" />
      <Field
        label={t.admin.username}
        errors={fields.username.errors}
        autoComplete="off"
        {...getInputProps(fields.username, { type: "text" })}
        id={fields.username.id}
      />
      <Field label={t.admin.name} errors={fields.name.errors} {...getInputProps(fields.name, { type: "text" })} id={fields.name.id} />
      <Field
        label={t.admin.password}
        errors={fields.password.errors}
        autoComplete="new-password"
        {...getInputProps(fields.password, { type: "password" })}
        id={fields.password.id}
      />
      <SelectField label={t.admin.org} errors={fields.orgId.errors} {...getSelectProps(fields.orgId)} id={fields.orgId.id}>
        {organizations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </SelectField>
      <SelectField label={t.admin.role} errors={fields.role.errors} {...getSelectProps(fields.role)} id={fields.role.id}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t.roles[r]}
          </option>
        ))}
      </SelectField>
      {form.errors?.length ? (
        <p className="field-error sm:col-span-2" role="alert">
          {form.errors.join(" ")}
        </p>
      ) : null}
      <div className="sm:col-span-2">
        <button type="submit" className="btn-primary">
          {t.admin.createUser}
        </button>
      </div>
    </Form>
  );
}
