import { useT } from "~/utils/i18n";
import { catalogArea } from "~/locales/area/catalog";

/** "Counts toward 30%": its own module so pages that show only the badge do not load the whole product card. */
export function CountsBadge() {
  const t = useT(catalogArea);
  return (
    <span className="badge-certified" title={t.catalog.countsBadgeHint}>
      ✓ {t.catalog.countsBadge}
    </span>
  );
}
