// The campaign report as one table for CSV/XLSX: a row per unit in scope (ordered or lagging), then a row per
// supplier, so a finance office can filter and sum it in a spreadsheet.
import type { Actor } from "~/domain/actor";
import { campaignReport } from "./campaign-report.server";
import type { tableToCsv } from "~/utils/table-download.server";
import type { CampaignMessages } from "~/utils/campaign-i18n";

type Table = Parameters<typeof tableToCsv>[0];

export async function campaignReportTable(viewer: Pick<Actor, "org">, campaignId: number, cm: CampaignMessages): Promise<Table | null> {
  const report = await campaignReport(viewer, campaignId);
  if (!report) return null;
  const r = cm.report;
  const money = (fen: number) => ({ money: fen });
  const percent = (fraction: number | null) => ({ percent: fraction });
  return {
    name: report.campaign.name,
    header: [r.section, r.unit, r.unitsInScope, r.unitsOrdered, r.orders, r.ordered, r.paid, r.certifiedShare],
    rows: [
      ...report.byCounty.map((c) => [r.byCounty, c.county, c.units, c.unitsOrdered, null, money(c.orderedFen), money(c.paidFen), percent(c.certifiedShare)]),
      ...report.bySupplier.map((s) => [r.bySupplier, s.supplier, null, null, s.orders, money(s.orderedFen), money(s.paidFen), percent(s.certifiedShare)]),
      ...report.lagging.map((u) => [r.lagging, `${u.name}（${u.county}）`, null, null, 0, money(0), money(0), percent(null)]),
    ],
  };
}
