import { ineligibilityMessage, labelOf, type RecordedIneligibility } from "~/locales/label";
import { useT } from "~/utils/i18n";
import { listingsArea } from "~/locales/area/listings";
import { eligibilityArea } from "~/locales/area/eligibility";

/** The state of a supplier's own listing when it is not simply on sale, with the reason (review trigger or rule). */
export function ListingStateNotice({ product }: { product: { listingState: string; stateReason: string | null; listingReviewNote: string | null } }) {
  const t = useT(eligibilityArea, listingsArea);
  const l = t.listings;
  if (product.listingState === "LIVE") return null;
  return (
    <div className="card border-amber-300 bg-amber-50 text-sm" role="status" data-testid="listing-state">
      <p>
        <strong>
          {l.stateLabel}: {labelOf(l.states, product.listingState)}
        </strong>
      </p>
      {product.stateReason ? (
        <p>
          {l.stateReason}: <StateReason reason={product.stateReason} />
        </p>
      ) : null}
      {product.listingReviewNote ? (
        <p>
          {l.reviewerNote}: {product.listingReviewNote}
        </p>
      ) : null}
    </div>
  );
}

/** A review trigger code, or the recorded rule a banned listing broke (JSON from models/welfare-rules.server). */
export function StateReason({ reason }: { reason: string }) {
  const t = useT(eligibilityArea, listingsArea);
  const l = t.listings;
  if (!reason.startsWith("{")) return <>{labelOf(l.triggers, reason)}</>;
  try {
    return <>{ineligibilityMessage(t.eligibility, JSON.parse(reason) as RecordedIneligibility)}</>;
  } catch {
    return <>{reason}</>;
  }
}
