// Reminders from leaders to lagging and zero-purchase units (shared/docs/domain.md, "Low uptake").

/** A unit is reminded at most once in this many days, however many leaders or schedules try. */
export const REMINDER_MIN_INTERVAL_DAYS = 7;
export const REMINDER_MIN_INTERVAL_MS = REMINDER_MIN_INTERVAL_DAYS * 86_400_000;

/** Placeholders a template may use; each is replaced with the unit's own figure when the reminder is sent. */
export const REMINDER_PLACEHOLDERS = ["{unit}", "{date}", "{share}", "{gap}", "{target}"] as const;

export interface ReminderFigures {
  unit: string;
  date: string;
  share: string;
  gap: string;
  target: string;
}

/** The text one unit receives: the leader's template with that unit's figures filled in. */
export function renderReminder(template: string, figures: ReminderFigures): string {
  return template
    .replaceAll("{unit}", figures.unit)
    .replaceAll("{date}", figures.date)
    .replaceAll("{share}", figures.share)
    .replaceAll("{gap}", figures.gap)
    .replaceAll("{target}", figures.target)
    .slice(0, 1000);
}

export function mayRemind(lastRemindedAt: number | null, now: number): boolean {
  return lastRemindedAt == null || now - lastRemindedAt >= REMINDER_MIN_INTERVAL_MS;
}
