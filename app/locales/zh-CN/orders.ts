// Strings for the orders pages. en/orders.ts is typed against this file.
export const orders = {};
