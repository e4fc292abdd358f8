import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { SelectField } from "~/components/ui/SelectField";
import { useT } from "~/utils/i18n";
import { complaintsArea } from "~/locales/area/complaints";

/** Remedy choice with per-line refund quantities (used by the supplier's answer and the leader's decision). */
export function RemedyFields({
  idPrefix,
  remedies,
  lines,
  withReplacement,
}: {
  idPrefix: string;
  remedies: readonly string[];
  lines: Array<{ id: number; title: string; unit: string; quantity: number; unitPriceFen: number }>;
  withReplacement: boolean;
}) {
  const t = useT(complaintsArea);
  const c = t.complaints;
  return (
    <>
      <SelectField id={`${idPrefix}-remedy`} name="remedy" label={c.remedy} defaultValue={remedies[0]}>
        {remedies.map((r) => (
          <option key={r} value={r}>
            {c.remedies[r]}
          </option>
        ))}
      </SelectField>
      <fieldset className="flex flex-col gap-1">
        <legend className="field-label">{c.refundLines}</legend>
        {lines.map((l) => (
          <div key={l.id} className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="lineId" value={l.id} />
            <div className="w-40">
              <Field
                id={`${idPrefix}-qty-${l.id}`}
                name="refundQty"
                type="number"
                min={0}
                max={l.quantity}
                inputMode="numeric"
                label={c.refundQty(l.title)}
                defaultValue="0"
              />
            </div>
            <span className="pb-2 text-stone-600">
              / {t.units.quantity(l.quantity, l.unit)} × <Money fen={l.unitPriceFen} />
            </span>
          </div>
        ))}
      </fieldset>
      {withReplacement ? (
        <div className="grid gap-2 sm:grid-cols-2">
          <Field id={`${idPrefix}-carrier`} name="carrier" label={c.carrier} />
          <Field id={`${idPrefix}-tracking`} name="trackingNo" label={c.trackingNo} />
        </div>
      ) : null}
    </>
  );
}
