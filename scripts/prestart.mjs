// Run by `npm start` before the server: set up the database and build the app only when something changed, so a
// restart serves the existing build and migrated database at once (docs/operations.md).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Setup decides for itself whether migrations are pending or the database is empty (scripts/setup.mjs).
run(process.execPath, ["scripts/setup.mjs"]);

// The build's inputs: sources, styles, public assets other than the build output, configuration, dependencies.
const buildDir = process.env.BUILD_DIR;
const serverBuild = path.resolve(buildDir ? `${buildDir}/index.js` : "build/index.js");
const stampFile = path.join(path.dirname(serverBuild), ".inputs-sha256");
const INPUTS = ["app", "public", "remix.config.js", "postcss.config.js", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];

function walk(entry, out) {
  if (!fs.existsSync(entry)) return;
  const stat = fs.statSync(entry);
  if (stat.isDirectory()) {
    // Generated or built output is not an input.
    if (["public/build", "app/generated"].includes(entry) || path.basename(entry) === "node_modules") return;
    for (const name of fs.readdirSync(entry).sort()) walk(path.join(entry, name), out);
  } else out.push(entry);
}
const files = [];
for (const input of INPUTS) walk(input, files);
const hash = crypto.createHash("sha256");
for (const file of files) hash.update(file).update("\0").update(fs.readFileSync(file)).update("\0");
hash.update(`NODE_ENV=${process.env.NODE_ENV ?? ""}`);
const inputs = hash.digest("hex");

const current = fs.existsSync(serverBuild) && fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8").trim() : null;
if (current === inputs) {
  console.log("prestart: the build is up to date; serving it");
} else {
  run(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"]);
  fs.writeFileSync(stampFile, inputs);
}
