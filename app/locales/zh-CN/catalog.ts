// Strings for the catalog pages. en/catalog.ts is typed against this file.
export const catalog = {};
