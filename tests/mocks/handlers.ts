import type { RequestHandler } from "msw";
import { stripeHandlers } from "./stripe";

// One file per outside service adds its handlers here. Tests add their own with server.use().
export const handlers: RequestHandler[] = [...stripeHandlers];
