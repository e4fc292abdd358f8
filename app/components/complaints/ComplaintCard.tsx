import type { ReactNode } from "react";
import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { useT } from "~/utils/i18n";
import { complaintsArea } from "~/locales/area/complaints";

export interface ComplaintView {
  id: number;
  status: string;
  text: string;
  createdAt: string;
  answer: string | null;
  remedy: string | null;
  replacementCarrier: string | null;
  replacementTrackingNo: string | null;
  escalationNote: string | null;
  decisionNote: string | null;
  resolvedAt: string | null;
  address: { label: string; address: string } | null;
  refundFen: number | null;
  photos: string[];
  lines: Array<{ orderLineId: number; quantity: number; title: string; unit: string; amountFen: number }>;
}

/** One complaint as both sides and the county leader see it; the forms that act on it come as children. */
export function ComplaintCard({ complaint: k, children }: { complaint: ComplaintView; children?: ReactNode }) {
  const t = useT(complaintsArea);
  const c = t.complaints;
  return (
    <div className="flex flex-col gap-2 rounded border border-red-200 bg-red-50 p-3 text-sm" data-testid="complaint" data-status={k.status}>
      <p className="font-semibold">
        {c.heading(k.id)} · {labelOf(c.statuses, k.status)} · <DateText value={k.createdAt} withTime />
      </p>
      <p>
        <span className="text-stone-700">{c.text}: </span>
        {k.text}
      </p>
      {k.address ? (
        <p>
          <span className="text-stone-700">{c.address}: </span>
          {k.address.label} {k.address.address}
        </p>
      ) : null}
      {k.photos.length ? (
        <div className="flex flex-wrap gap-2">
          {k.photos.map((f, i) => (
            <a key={f} href={`/files/${f}`} target="_blank" rel="noreferrer">
              <img src={`/files/${f}`} alt={c.photo(i + 1)} className="h-24 w-24 rounded border object-cover" />
            </a>
          ))}
        </div>
      ) : null}
      {k.answer ? (
        <p>
          <span className="text-stone-700">{c.answer}: </span>
          {k.answer}
        </p>
      ) : null}
      {k.remedy ? (
        <p data-testid="complaint-remedy">
          <span className="text-stone-700">{c.remedy}: </span>
          {labelOf(c.remedies, k.remedy)}
        </p>
      ) : null}
      {k.lines.length ? (
        <ul className="list-inside list-disc">
          {k.lines.map((l) => (
            <li key={l.orderLineId}>
              {l.title} × {t.units.quantity(l.quantity, l.unit)} (<Money fen={l.amountFen} />)
            </li>
          ))}
        </ul>
      ) : null}
      {k.replacementTrackingNo ? (
        <p>
          <span className="text-stone-700">{c.replacementTracking}: </span>
          {k.replacementCarrier} {k.replacementTrackingNo}
        </p>
      ) : null}
      {k.escalationNote ? (
        <p>
          <span className="text-stone-700">{c.escalationNote}: </span>
          {k.escalationNote}
        </p>
      ) : null}
      {k.decisionNote ? (
        <p>
          <span className="text-stone-700">{c.decisionNote}: </span>
          {k.decisionNote}
        </p>
      ) : null}
      {k.refundFen != null ? (
        <p data-testid="complaint-refund">
          <span className="text-stone-700">{c.refund}: </span>
          <Money fen={k.refundFen} />
        </p>
      ) : null}
      {children}
    </div>
  );
}
