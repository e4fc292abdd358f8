import { Form, Link } from "@remix-run/react";
import { useT } from "~/utils/i18n";
import { giftPackArea } from "~/locales/area/gift-pack";

/** "加入礼包": adds one per member of a product or ready pack to the buyer's draft, then returns to this page. */
export function AddToDraftButton({ productId, packId, redirectTo, label }: { productId?: number; packId?: number; redirectTo: string; label: string }) {
  const t = useT(giftPackArea);
  return (
    <Form method="post" action="/union/draft" className="inline">
      <input type="hidden" name="intent" value="add" />
      {productId != null ? <input type="hidden" name="productId" value={productId} /> : null}
      {packId != null ? <input type="hidden" name="packId" value={packId} /> : null}
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <button type="submit" className="btn-secondary" aria-label={`${t.giftPack.add}: ${label}`}>
        {t.giftPack.add}
      </button>
    </Form>
  );
}

/** Shown after something was added: how many items the draft holds, and the way to it. */
export function DraftNotice({ count }: { count: number }) {
  const t = useT(giftPackArea);
  return (
    <p className="card flex flex-wrap items-center gap-2 border-leaf-600" role="status" data-testid="draft-notice">
      <span className="text-leaf-600">
        {t.giftPack.added} {t.giftPack.inDraft(count)}
      </span>
      <Link to="/union/draft" className="btn-primary">
        {t.giftPack.goToDraft}
      </Link>
    </p>
  );
}
