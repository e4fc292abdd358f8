import { DateText } from "~/components/ui/DateText";
import { labelOf } from "~/locales/label";
import { useT } from "~/utils/i18n";
import { listingsArea } from "~/locales/area/listings";

/** A product's certificates with their decisions (approved, rejected, by whom, when, why), newest first. */
export function CertificateHistory({
  certificates,
}: {
  certificates: Array<{
    id: number;
    number: string;
    level: string;
    status: string;
    reviewNote: string | null;
    submittedAt: string;
    reviewedAt: string | null;
    reviewer: string | null;
  }>;
}) {
  const t = useT(listingsArea);
  const c = t.listings.certificates;
  return (
    <div className="mt-4">
      <h3 className="text-sm font-semibold">{c.history}</h3>
      {certificates.length === 0 ? (
        <p className="text-sm text-stone-600">{c.historyEmpty}</p>
      ) : (
        <ul className="mt-1 flex flex-col gap-2 text-sm" data-testid="certificate-history">
          {certificates.map((cert) => (
            <li key={cert.id} className="border-t border-stone-200 pt-1">
              <span className="font-medium">{cert.number}</span> · {labelOf(t.certificateLevels, cert.level)} · {labelOf(c.status, cert.status)}
              {cert.reviewedAt ? (
                <>
                  {" "}
                  · {cert.reviewer ?? "—"} · <DateText value={cert.reviewedAt} withTime />
                </>
              ) : null}
              {cert.reviewNote ? (
                <div className="text-stone-700">
                  {t.listings.reviewerNote}: {cert.reviewNote}
                </div>
              ) : null}
              <div className="text-xs text-stone-600">{c.reviewerOrg(cert.level)}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
