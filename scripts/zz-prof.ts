import { dashboard } from "../app/models/welfare/reports.server";
import { sqlite } from "../app/utils/db.server";
const kind = process.argv[2] ?? "city";
const org = kind === "city" ? (sqlite.prepare(`SELECT id, path FROM "Organization" WHERE "code"='SL' OR ("kind"='FEDERATION' AND "parentId" IS NULL) LIMIT 1`).get() as any)
  : (sqlite.prepare(`SELECT id, path FROM "Organization" WHERE "code"='SZ'`).get() as any);
console.log(org);
const viewer = { org };
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const d = await dashboard(viewer, org.id, 2026);
  const ms = performance.now() - t;
  console.log(kind, ms.toFixed(1), "ms", JSON.stringify(d).length, "bytes");
}
