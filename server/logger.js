// One JSON line per event on stdout (docs/operations.md): pino, with the request id of the request being served
// on every line, including lines written with console.* by the app or by Remix itself.
import { AsyncLocalStorage } from "node:async_hooks";
import util from "node:util";
import pino from "pino";

export const requestContext = new AsyncLocalStorage();

export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "bangfu" },
  timestamp: pino.stdTimeFunctions.isoTime,
  mixin() {
    const store = requestContext.getStore();
    return store ? { reqId: store.reqId } : {};
  },
  // Nothing here logs bodies or headers; this is the net under that rule.
  redact: {
    paths: ["password", "*.password", "headers.cookie", "headers.authorization", "cookie", "authorization", "*.secret", "sessionId"],
    censor: "[redacted]",
  },
});

/** console.* from anywhere becomes a one-line JSON entry; an Error keeps its stack inside that one line. */
function route(level) {
  return (...args) => {
    const error = args.find((arg) => arg instanceof Error);
    const msg = util.format(...args.map((arg) => (arg instanceof Error ? arg.message : arg)));
    if (error) logger[level]({ err: error }, msg);
    else logger[level](msg);
  };
}
console.log = route("info");
console.info = route("info");
console.warn = route("warn");
console.error = route("error");
