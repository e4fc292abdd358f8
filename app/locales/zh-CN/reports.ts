// Strings for the reports pages. en/reports.ts is typed against this file.
export const reports = {};
