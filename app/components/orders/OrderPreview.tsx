// The order's figures before it is submitted, as the server computed them: lines, total, per-member amount, the
// festival cap, the campaign it joins, the budget left and the 30% share before → after. Shared by the order form
// and the draft gift pack.
import { Money } from "~/components/ui/Money";
import { formatMoney } from "~/domain/money";
import { formatShare } from "~/domain/welfare-share";
import type { OrderPreview } from "~/models/orders/order-submit.server";
import { useLocale, useT } from "~/utils/i18n";
import { useShoppingT } from "~/utils/shopping-i18n";
import { ordersArea } from "~/locales/area/orders";
import { budgetLeftArea } from "~/locales/area/budget-left";

export function OrderPreviewCard({ preview }: { preview: OrderPreview }) {
  const t = useT(budgetLeftArea, ordersArea);
  const s = useShoppingT();
  const b = t.orders.builder;
  const locale = useLocale();
  const money = (fen: number) => formatMoney(fen, locale);
  const packLabel = (packId: number) => {
    const pack = preview.packs.find((p) => p.packId === packId);
    return pack ? `${s.draft.pack} ${pack.code}` : s.draft.pack;
  };
  return (
    <section className="card flex flex-col gap-2" aria-labelledby="preview" data-testid="order-preview">
      <h2 id="preview">{b.previewTitle}</h2>
      {preview.unavailablePacks.length ? (
        <p className="field-error" role="alert">
          {s.draft.packUnavailable}
        </p>
      ) : null}
      {preview.problems.length ? (
        <ul className="field-error list-disc pl-5" role="alert">
          {preview.problems.map((p) => (
            <li key={`${p.productId}-${p.problem}`}>
              {p.problem === "belowMinimum"
                ? b.problems.belowMinimum(p.title ?? "", p.minOrderQty ?? 0)
                : p.problem === "notEnoughStock"
                  ? b.problems.notEnoughStock(p.title ?? "", p.stock ?? 0)
                  : p.problem === "splitTooLarge"
                    ? b.problems.splitTooLarge(p.title ?? "")
                    : b.problems.notFound}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="overflow-x-auto">
        <table className="table">
          <thead>
            <tr>
              <th>{b.product}</th>
              <th className="num">{b.quantity}</th>
              <th className="num">{t.orders.detail.unitPrice}</th>
              <th className="num">{t.orders.detail.amount}</th>
            </tr>
          </thead>
          <tbody>
            {preview.lines.map((l) => (
              <tr key={`${l.productId}-${l.packId ?? ""}`}>
                <td>
                  {l.title}
                  {l.packId != null ? <span className="badge-muted ml-1">{packLabel(l.packId)}</span> : null}
                  {l.certified ? <span className="badge-certified ml-1">{t.countsBadge}</span> : null}
                  <div className="text-xs text-stone-600">{l.supplierName}</div>
                </td>
                <td className="num">{t.units.quantity(l.quantity, l.unit)}</td>
                <td className="num">
                  <Money fen={l.unitPriceFen} />
                </td>
                <td className="num">
                  <Money fen={l.amountFen} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-lg font-semibold" data-testid="preview-total">
        {t.orders.total}: <Money fen={preview.totalFen} /> · {t.orders.certified}: <Money fen={preview.certifiedFen} />
      </p>
      <p data-testid="per-member">
        {b.perMember}: <Money fen={preview.cap.perMemberFen} />
      </p>
      <p className={preview.cap.exceeds ? "field-error" : "text-sm text-stone-700"} data-testid="cap-line">
        {preview.cap.counts
          ? b.capLine(money(preview.cap.spentPerMemberFen), money(preview.cap.afterFen), money(preview.cap.capPerMemberFen))
          : b.capNotCounted}
      </p>
      {preview.campaign && preview.campaignCap ? (
        <>
          <p className="text-sm" data-testid="campaign-line">
            {s.draft.campaign(preview.campaign.name)}
          </p>
          <p className={preview.campaignCap.exceeds ? "field-error" : "text-sm text-stone-700"} data-testid="campaign-cap-line">
            {s.draft.campaignCap(
              money(preview.campaignCap.afterFen),
              money(preview.campaignCap.capPerMemberFen),
              money(preview.campaignCap.guidancePerMemberFen),
            )}
          </p>
          {preview.campaignCap.aboveGuidance && !preview.campaignCap.exceeds ? <p className="text-sm text-amber-800">{s.draft.aboveGuidance}</p> : null}
        </>
      ) : (
        <p className="text-sm text-stone-600" data-testid="campaign-line">
          {s.draft.noCampaign}
        </p>
      )}
      <p className="font-medium text-leaf-600" data-testid="effect-line">
        {b.effect(formatShare(preview.effect.shareBefore, locale), formatShare(preview.effect.shareAfter, locale))}
      </p>
      {preview.effect.remainingBeforeFen != null && preview.effect.remainingAfterFen != null ? (
        <p className="text-sm" data-testid="budget-left" title={t.budgetLeft.explained}>
          {b.remaining(money(preview.effect.remainingBeforeFen), money(preview.effect.remainingAfterFen))}
        </p>
      ) : null}
      {preview.effect.overBudget ? <p className="field-error">{preview.blockOverBudget ? b.overBudget : b.overBudgetWarning}</p> : null}
    </section>
  );
}
