import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import { PRODUCT_CATEGORIES, UNITS } from "~/domain/catalog";
import { useT } from "~/utils/i18n";
import { listingsArea } from "~/locales/area/listings";
import { workspaceArea } from "~/locales/area/workspace";

export function ListingForm({
  lastResult,
  villages,
  defaultValue,
  withStock,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  villages: Array<{ id: number; name: string }>;
  defaultValue?: Record<string, string>;
  withStock: boolean;
  submitLabel: string;
}) {
  const t = useT(listingsArea, workspaceArea);
  const w = t.workspace;
  const [form, fields] = useForm({
    id: "listing",
    lastResult,
    defaultValue,
  });
  const text = (name: keyof typeof fields, label: string, extra: { inputMode?: "decimal" | "numeric" } = {}) => (
    <Field label={label} errors={fields[name].errors} {...extra} {...getInputProps(fields[name], { type: "text" })} id={fields[name].id} />
  );
  return (
    <Form method="post" className="grid gap-3 sm:grid-cols-2" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="save" />
      <div className="sm:col-span-2">{text("title", w.fields.title)}</div>
      <SelectField
        id={fields.category.id}
        name={fields.category.name}
        label={w.fields.category}
        errors={fields.category.errors}
        defaultValue={fields.category.initialValue ?? ""}
      >
        <option value="">—</option>
        {PRODUCT_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {t.categories[c]}
          </option>
        ))}
      </SelectField>
      <SelectField
        id={fields.unit.id}
        name={fields.unit.name}
        label={w.fields.unit}
        errors={fields.unit.errors}
        defaultValue={fields.unit.initialValue ?? "箱"}
      >
        {UNITS.map((u) => (
          <option key={u} value={u}>
            {t.units.name(u)}
          </option>
        ))}
      </SelectField>
      {text("price", w.fields.price, { inputMode: "decimal" })}
      {text("marketPrice", w.fields.marketPrice, { inputMode: "decimal" })}
      {withStock ? text("stock", w.fields.stock, { inputMode: "numeric" }) : null}
      {text("minOrderQty", w.fields.minOrderQty, { inputMode: "numeric" })}
      {text("leadTimeDays", w.fields.leadTimeDays, { inputMode: "numeric" })}
      {text("shelfLifeDays", w.fields.shelfLifeDays, { inputMode: "numeric" })}
      {text("lowStockThreshold", t.listings.lowStockThreshold, { inputMode: "numeric" })}
      <SelectField
        id={fields.villageId.id}
        name={fields.villageId.name}
        label={w.fields.village}
        errors={fields.villageId.errors}
        defaultValue={fields.villageId.initialValue ?? ""}
      >
        <option value="">—</option>
        {villages.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </SelectField>
      {([1, 2, 3] as const).map((n) => (
        <div key={n} className="grid grid-cols-2 gap-2 sm:col-span-2">
          {text(`tier${n}Qty`, w.fields.tierQty(n), { inputMode: "numeric" })}
          {text(`tier${n}Price`, w.fields.tierPrice(n), { inputMode: "decimal" })}
        </div>
      ))}
      <div className="field sm:col-span-2">
        <label htmlFor={fields.description.id} className="field-label">
          {w.fields.description}
        </label>
        <textarea {...getTextareaProps(fields.description)} rows={4} className="input" />
      </div>
      {form.errors?.length ? (
        <p className="field-error sm:col-span-2" role="alert">
          {form.errors.join(" ")}
        </p>
      ) : null}
      <div className="sm:col-span-2">
        <button type="submit" className="btn-primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
