import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Money } from "~/components/ui/Money";
import type { PackSummary } from "~/models/campaigns/gift-packs.server";
import { useT } from "~/utils/i18n";
import { giftPackArea } from "~/locales/area/gift-pack";

/** A ready gift pack as a catalog card: price per member, what is in it, who proposed it. */
export function PackCard({ pack, action }: { pack: PackSummary; action?: ReactNode }) {
  const t = useT(giftPackArea);
  const g = t.giftPack;
  const photo = pack.items.find((i) => i.photo)?.photo;
  return (
    <li className="card flex flex-col gap-2 p-3" data-testid="pack-card">
      {photo ? (
        <img src={`/files/${photo}`} alt={pack.name} className="aspect-[4/3] w-full rounded object-cover" loading="lazy" />
      ) : (
        <div className="flex aspect-[4/3] w-full items-center justify-center rounded bg-brand-50 text-3xl text-brand-700" aria-hidden="true">
          🎁
        </div>
      )}
      <h3 className="font-medium leading-snug">
        <Link to={`/packs/${pack.id}`}>{pack.name}</Link> <span className="text-xs text-stone-600">{pack.code}</span>
      </h3>
      <p className="text-lg font-semibold text-brand-700">
        <Money fen={pack.priceFen} /> <span className="text-xs font-normal text-stone-600">{g.perPack}</span>
      </p>
      <ul className="text-xs text-stone-600">
        {pack.items.map((i) => (
          <li key={i.productId}>
            {i.title} × {i.quantity}
            {t.units.name(i.unit)}
          </li>
        ))}
      </ul>
      <p className="mt-auto text-xs text-stone-600">
        {g.proposer}: {pack.proposerName}
      </p>
      {action}
    </li>
  );
}

export function PackCards({ packs, action }: { packs: PackSummary[]; action?: (pack: PackSummary) => ReactNode }) {
  return (
    <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4" data-testid="packs">
      {packs.map((pack) => (
        <PackCard key={pack.id} pack={pack} action={action?.(pack)} />
      ))}
    </ul>
  );
}
