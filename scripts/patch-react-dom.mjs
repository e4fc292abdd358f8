// React 18's streaming server renderer copies text into a 2,048-byte view. When a multi-byte character (any
// Chinese text) does not fit in what is left of the view, it flushes the WHOLE view, including the 1–2 bytes it
// never filled, so pages carry NUL pairs at 2 KB boundaries (fixed upstream in React 19; see
// docs/decisions/0151-react-stream-nul.md). This rewrites the one flush to send only the filled part.
// Run by `npm install` (postinstall); idempotent; fails loudly if React's text changes so nobody ships unpatched.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dir = path.join(root, "node_modules", "react-dom", "cjs");

const FIXES = [
  // Minified production builds (react-dom-server.node.production.min.js, browser, legacy).
  { buggy: "d<b.length&&(t(a,k),k=new Uint8Array(2048)", fixed: "d<b.length&&(t(a,k.subarray(0,l)),k=new Uint8Array(2048)" },
  // Development builds.
  {
    buggy: "if (read < stringChunk.length) {\n    writeToDestination(destination, currentView);",
    fixed: "if (read < stringChunk.length) {\n    writeToDestination(destination, currentView.subarray(0, writtenBytes));",
  },
];

const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => /^react-dom-server\.node\.(production\.min|development)\.js$/.test(name)) : [];
if (files.length === 0) {
  console.log("patch-react-dom: react-dom not installed, nothing to patch");
  process.exit(0);
}
let failed = false;
for (const name of files) {
  const file = path.join(dir, name);
  let text = fs.readFileSync(file, "utf8");
  const fix = FIXES.find((f) => text.includes(f.buggy) || text.includes(f.fixed));
  if (!fix) {
    console.error(`patch-react-dom: ${name} has neither the known bug nor its fix; check the NUL test and this script`);
    failed = true;
    continue;
  }
  if (text.includes(fix.buggy)) {
    text = text.split(fix.buggy).join(fix.fixed);
    fs.writeFileSync(file, text);
    console.log(`patch-react-dom: patched ${name}`);
  }
}
process.exit(failed ? 1 : 0);
