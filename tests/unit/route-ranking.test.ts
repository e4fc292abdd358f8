// scripts/patch-remix-router.mjs keeps a route tree's ranked branches instead of ranking them on every match
// (docs/decisions/0186-route-ranking-once.md). Matching must answer exactly as before, the first time and every
// time after, for the app's own route tree.
import { createRequire } from "node:module";
import fs from "node:fs";
import type * as Router from "@remix-run/router";
import type { AgnosticRouteObject } from "@remix-run/router";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const routerFile = require.resolve("@remix-run/router/dist/router.cjs.js");
const { matchRoutes } = require(routerFile) as typeof Router;
type Route = AgnosticRouteObject;

/** The app's route tree as Remix builds it: flat-file names, dots as segments, `_index` as index routes. */
function appRoutes(): Route[] {
  const files = fs.readdirSync("app/routes").map((f) => f.replace(/\.tsx?$/, ""));
  const toPath = (name: string) =>
    name
      .replace(/\[\.\]/g, "%DOT%")
      .split(".")
      .filter((part) => part !== "_index")
      .map((part) => part.replace(/^\$(.+)$/, ":$1").replace(/^\$$/, "*"))
      .join("/")
      .replace(/%DOT%/g, ".");
  return [
    {
      id: "root",
      path: "",
      children: files.map((name) => (name.endsWith("_index") && name === "_index" ? { id: name, index: true } : { id: name, path: toPath(name) })),
    },
  ];
}

const PATHS = [
  "/",
  "/products",
  "/products/2",
  "/reports",
  "/reports/3",
  "/reports/3/orders",
  "/reports/3/bulletin.pdf",
  "/union/orders/new",
  "/supplier/products/5/photos",
  "/nowhere/at/all",
];
const ids = (routes: Route[], path: string) => matchRoutes(routes, path)?.map((m) => m.route.id) ?? null;

describe("the patched route matching", () => {
  it("is installed (npm install runs the patch)", () => {
    expect(fs.readFileSync(routerFile, "utf8")).toContain("rankedBranches(routes)");
  });

  it("answers the same for a tree seen before as for a tree seen for the first time", () => {
    const kept = appRoutes();
    for (let round = 0; round < 3; round++) for (const path of PATHS) expect(ids(kept, path), `${path}, round ${round}`).toEqual(ids(appRoutes(), path));
    expect(ids(kept, "/reports/3")).toEqual(["root", "reports.$orgId._index"]);
    expect(ids(kept, "/nowhere/at/all")).toBeNull();
  });
});
