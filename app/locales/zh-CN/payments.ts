// Strings for the payments pages. en/payments.ts is typed against this file.
export const payments = {};
