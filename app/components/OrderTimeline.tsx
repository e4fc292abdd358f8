import { DateText } from "~/components/ui/DateText";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { useT } from "~/utils/i18n";
import { complaintsArea } from "~/locales/area/complaints";
import { ordersArea } from "~/locales/area/orders";

export interface TimelineItem {
  id: number;
  at: string;
  action: string;
  actorName: string | null;
  supplierName: string | null;
  detail: Record<string, unknown>;
}

const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : null);

/** The order's story, oldest first. */
export function OrderTimeline({ entries }: { entries: TimelineItem[] }) {
  const t = useT(complaintsArea, ordersArea);
  const tl = t.orders.timeline;
  return (
    <section className="card text-sm" aria-labelledby="timeline">
      <h2 id="timeline">{tl.title}</h2>
      <ol className="mt-2 flex flex-col gap-2 border-l-2 border-brand-700 pl-3" data-testid="timeline">
        {entries.map((e) => {
          const d = e.detail;
          const extra = [
            text(d.carrier),
            text(d.trackingNo),
            text(d.reason),
            text(d.complaint),
            text(d.note),
            d.remedy ? labelOf(t.complaints.remedies, text(d.remedy)) : null,
          ]
            .filter(Boolean)
            .join(" · ");
          return (
            <li key={e.id}>
              <p>
                <span className="font-semibold">{labelOf(tl.actions, e.action)}</span>
                {e.supplierName ? ` · ${e.supplierName}` : ""}
                {typeof d.amountFen === "number" ? (
                  <>
                    {" "}
                    · <Money fen={d.amountFen} />
                  </>
                ) : null}
              </p>
              <p className="text-xs text-stone-600">
                <DateText value={e.at} withTime />
                {e.actorName ? ` · ${e.actorName}` : ""}
                {extra ? ` · ${extra}` : ""}
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
