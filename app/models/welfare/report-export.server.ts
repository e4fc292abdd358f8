// Every report table as rows for a download (utils/table-download.server.ts writes them as CSV or XLSX).
import { rankUnits, unitShare } from "~/domain/report";
import type { Messages } from "~/locales";
import { labelOf } from "~/locales/label";
import type { Cell, Table } from "~/utils/table-download.server";
import { allChildRollUps, dashboard, unitsUnder, reportOrg, type Viewer } from "~/models/welfare/reports.server";

export const EXPORT_TABLES = ["children", "partners", "lagging", "units", "monthly", "category", "county", "village", "supplier", "trade_role"] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

const money = (fen: number): Cell => ({ money: fen });
const percent = (fraction: number | null): Cell => ({ percent: fraction });

export async function reportTable(viewer: Viewer, orgId: number, year: number, table: ExportTable, t: Messages): Promise<Table> {
  const f = t.reports.figures;
  const data = await dashboard(viewer, orgId, year);
  const shareHeader = [f.budget, f.procurement, f.spending, f.share, f.completion, f.gap, f.grade];
  switch (table) {
    case "children":
      return {
        name: t.reports.children,
        header: [t.reports.units, t.reports.unitCount, ...shareHeader],
        rows: (await allChildRollUps(viewer, orgId, year)).map((c) => [
          c.name,
          c.unitCount,
          money(c.figures.budgetFen),
          money(c.figures.assistanceProcurementFen),
          c.figures.welfareSpendingFen == null ? null : money(c.figures.welfareSpendingFen),
          percent(c.figures.share),
          percent(c.figures.completion),
          money(c.figures.gapFen),
          c.figures.grade,
        ]),
      };
    case "partners":
      return {
        name: t.reports.partners,
        header: [t.reports.units, ...shareHeader],
        rows: data.partners.map((c) => [
          c.name,
          money(c.figures.budgetFen),
          money(c.figures.assistanceProcurementFen),
          c.figures.welfareSpendingFen == null ? null : money(c.figures.welfareSpendingFen),
          percent(c.figures.share),
          percent(c.figures.completion),
          money(c.figures.gapFen),
          c.figures.grade,
        ]),
      };
    case "lagging":
      return {
        name: t.reports.lagging,
        header: [t.reports.units, f.budget, f.procurement, f.share, f.gap, t.reports.contact, t.reports.phone],
        rows: data.lagging.map(({ unit, figures }) => [
          unit.name,
          money(figures.budgetFen),
          money(figures.assistanceProcurementFen),
          percent(figures.share),
          money(figures.gapFen),
          unit.contactName,
          unit.contactPhone,
        ]),
      };
    case "units": {
      const org = await reportOrg(viewer, orgId);
      const units = await unitsUnder(org, year);
      const ranked = rankUnits(units, data.policy.targetBasisPoints);
      const withoutBudget = units.filter((u) => !u.hasBudget).map((u) => ({ unit: u, figures: unitShare(u, data.policy.targetBasisPoints) }));
      return {
        name: t.reports.ranking,
        header: [t.reports.units, ...shareHeader, t.reports.contact],
        rows: [...ranked, ...withoutBudget].map(({ unit, figures }) => [
          unit.name,
          money(figures.budgetFen),
          money(figures.assistanceProcurementFen),
          figures.welfareSpendingFen == null ? null : money(figures.welfareSpendingFen),
          percent(figures.share),
          percent(figures.completion),
          money(figures.gapFen),
          figures.grade,
          unit.contactName,
        ]),
      };
    }
    case "monthly":
      return {
        name: t.reports.monthly,
        header: [t.reports.year, t.reports.bulletinPage.month, t.reports.amount],
        rows: data.monthly.map((m) => [year, m.month, money(m.certifiedFen)]),
      };
    default: {
      const dimension =
        table === "trade_role"
          ? "TRADE_ROLE"
          : table === "category"
            ? "CATEGORY"
            : table === "county"
              ? "COUNTY"
              : table === "village"
                ? "VILLAGE"
                : "SUPPLIER";
      const rows = data.breakdowns[dimension];
      return {
        name: t.reports.breakdowns[dimension],
        header: [t.reports.breakdowns[dimension], t.reports.amount, t.reports.lines, t.reports.households],
        rows: rows.map((r) => [
          dimension === "CATEGORY" ? labelOf(t.categories, r.key) : dimension === "TRADE_ROLE" ? labelOf(t.tradeRoles, r.key) : r.label,
          money(r.certifiedFen),
          r.lineCount,
          r.householdsBenefited,
        ]),
      };
    }
  }
}
