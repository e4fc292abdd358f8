import type { RequestHandler } from "msw";

// One file per outside service (e.g. stripe.ts) adds its handlers here. Tests add their own with server.use().
export const handlers: RequestHandler[] = [];
