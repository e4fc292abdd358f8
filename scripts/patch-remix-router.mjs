// @remix-run/router flattens and ranks the whole route tree on every match: 120-odd routes, two to three matches per
// request (the server's matchServerRoutes, the static handler's query, react-router's useRoutes while rendering), about
// 0.6 ms of every request here (docs/decisions/0186-route-ranking-once.md). The tree is the build's and does not change
// while the server runs, so this keeps the ranked branches per routes array (a WeakMap: a new build's routes get their
// own). Only the CommonJS build is patched — the one Node loads for the server; the browser's ES module build, where
// lazy route discovery adds routes to the tree in place, is left as it is.
// Run by `npm install` (postinstall); idempotent; fails loudly if the router's text changes so nobody ships unpatched.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const file = path.join(root, "node_modules", "@remix-run", "router", "dist", "router.cjs.js");

const ORIGINAL = `  let branches = flattenRoutes(routes);
  rankRouteBranches(branches);
  let matches = null;`;
const PATCHED = `  let branches = rankedBranches(routes); // patched by bangfu scripts/patch-remix-router.mjs
  let matches = null;`;
const HELPER = `
// Added by bangfu scripts/patch-remix-router.mjs: a server's route tree is ranked once, not on every match.
const rankedBranchesOf = new WeakMap();
function rankedBranches(routes) {
  let branches = rankedBranchesOf.get(routes);
  if (!branches) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    rankedBranchesOf.set(routes, branches);
  }
  return branches;
}
`;
const ANCHOR = "function matchRoutesImpl(routes, locationArg, basename, allowPartial) {";

if (!fs.existsSync(file)) {
  console.log("patch-remix-router: @remix-run/router not installed, nothing to patch");
  process.exit(0);
}
let text = fs.readFileSync(file, "utf8");
if (text.includes(PATCHED)) process.exit(0);
if (!text.includes(ORIGINAL) || !text.includes(ANCHOR)) {
  console.error("patch-remix-router: router.cjs.js has neither the known matchRoutesImpl nor its patch; check this script and ADR 0186");
  process.exit(1);
}
text = text.replace(ANCHOR, `${HELPER}${ANCHOR}`).replace(ORIGINAL, PATCHED);
fs.writeFileSync(file, text);
console.log("patch-remix-router: patched router.cjs.js");
