// The password rule (issue 14): at least 10 characters, not one of the most common passwords, not trivial, not the
// username.
// Pure: the common-password list is passed in, so the rule can be tested without it.

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

export type PasswordProblem = "tooShort" | "tooLong" | "common" | "weak" | "sameAsUsername";

export function passwordProblem(password: string, username: string, isCommon: (password: string) => boolean): PasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) return "tooShort";
  if (password.length > MAX_PASSWORD_LENGTH) return "tooLong";
  const lower = password.toLowerCase();
  if (username && lower === username.trim().toLowerCase()) return "sameAsUsername";
  if (isCommon(lower)) return "common";
  // Long but trivial: "aaaaaaaaaa", "1212121212", or digits only (a phone number, a date).
  if (new Set(lower).size < 4 || /^\d+$/.test(password)) return "weak";
  return null;
}
