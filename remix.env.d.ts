/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    /** The client's address as server.js decided it (the socket, or X-Forwarded-For from a TRUST_PROXY peer). */
    clientIp?: string;
  }
}
export {};
