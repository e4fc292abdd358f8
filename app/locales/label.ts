/** A label from a message map for a value read from the database; unknown values show as they are. */
export function labelOf(map: Record<string, string>, key: string | null | undefined): string {
  if (key == null) return "—";
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : key;
}
