/** A label from a message map for a value read from the database; unknown values show as they are. */
export function labelOf(map: Record<string, string>, key: string | null | undefined): string {
  if (key == null) return "—";
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : key;
}

/** An order address's label: the builder stores "收货地址 N" (numbered addresses), shown in the user's language. */
export function addressLabel(addressNumber: (n: number) => string, stored: string): string {
  const numbered = /^收货地址 (\d+)$/.exec(stored);
  return numbered ? addressNumber(Number(numbered[1])) : stored;
}
