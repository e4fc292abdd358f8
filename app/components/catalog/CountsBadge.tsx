import { useT } from "~/utils/i18n";

/** "Counts toward 30%": its own module so pages that show only the badge do not load the whole product card. */
export function CountsBadge() {
  const t = useT();
  return (
    <span className="badge-certified" title={t.countsBadgeHint}>
      ✓ {t.countsBadge}
    </span>
  );
}
