// Adds grassroots unions with budgets under a county of the database DATABASE_URL names, through the app's own
// onboarding and budget code (so the kept report figures follow), for a browser test that needs more children than
// one page of a dashboard shows. Usage: node --import tsx tests/support/add-unions-child.ts <county code> <count>
import { createOrganization } from "~/models/access/onboarding.server";
import { saveWelfareBudget } from "~/models/welfare/welfare.server";
import { reader } from "~/utils/db.server";
import { first, q } from "~/utils/sql.server";
import { chinaYear } from "~/domain/china-time";

const [countyCode, count] = process.argv.slice(2);
const county = await first(reader, q.selectFrom("Organization").select(["id", "path", "region"]).where("code", "=", countyCode));
if (!county) throw new Error(`no county ${countyCode}`);
const year = chinaYear(new Date());
for (let i = 1; i <= Number(count); i++) {
  const created = await createOrganization(1, {
    kind: "GRASSROOTS",
    name: `${countyCode} 分页工会 ${String(i).padStart(2, "0")}`,
    code: `${countyCode}-PAGE-${i}`,
    parentId: county.id,
    region: county.region,
    contactName: null,
    contactPhone: null,
  });
  if (!("id" in created)) throw new Error(`union ${i}: ${created.problem}`);
  // Different budgets and no purchases: different gaps, so the order of the pages is the order of the gaps.
  await saveWelfareBudget(
    {
      userId: 1,
      username: "admin",
      name: "admin",
      role: "APPROVER",
      membershipId: 1,
      supplierId: null,
      org: { id: created.id, name: "", kind: "GRASSROOTS", path: `${county.path}${created.id}/`, region: county.region },
    },
    { year, budgetFen: 100_000 * i, headcount: 10, blockOverBudget: false, approvalThresholdFen: 0 },
  );
}
console.log(JSON.stringify({ countyId: county.id }));
process.exit(0);
