import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Money } from "~/components/ui/Money";
import { formatShare } from "~/domain/welfare-share";
import { campaignReport } from "~/models/campaigns/campaign-report.server";
import { useLocale, useT } from "~/utils/i18n";
import { notFound, requireRole } from "~/utils/permissions.server";
import { idParam } from "~/utils/validation.server";
import { useCampaignT } from "~/utils/campaign-i18n";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  const id = idParam.safeParse(params.campaignId);
  if (!id.success) notFound();
  const report = await campaignReport(user, id.data);
  if (!report) notFound();
  const { organiserPath: _path, ...campaign } = report.campaign;
  return json({ ...report, campaign });
}

export default function CampaignReportPage() {
  const t = useT();
  const locale = useLocale();
  const r = useCampaignT().report;
  const { campaign, totals, byCounty, bySupplier, lagging } = useLoaderData<typeof loader>();
  const share = (value: number | null) => (value == null ? "—" : formatShare(value, locale));
  const exportHref = (format: "csv" | "xlsx") => `/campaigns/${campaign.id}/export?format=${format}`;
  return (
    <div className="container-page flex flex-col gap-4">
      <div>
        <p className="text-sm">
          <Link to={`/campaigns/${campaign.id}`}>← {campaign.name}</Link>
        </p>
        <h1>{r.title(campaign.name)}</h1>
        <p className="text-sm text-stone-600">{r.hint}</p>
      </div>
      <dl className="card grid grid-cols-2 gap-3 sm:grid-cols-6" data-testid="campaign-totals">
        <div>
          <dt className="text-sm text-stone-600">{r.unitsInScope}</dt>
          <dd className="font-semibold">{totals.unitsInScope}</dd>
        </div>
        <div>
          <dt className="text-sm text-stone-600">{r.unitsOrdered}</dt>
          <dd className="font-semibold" data-testid="units-ordered">
            {totals.unitsOrdered}
          </dd>
        </div>
        <div>
          <dt className="text-sm text-stone-600">{r.ordered}</dt>
          <dd className="font-semibold" data-testid="ordered">
            <Money fen={totals.orderedFen} />
          </dd>
        </div>
        <div>
          <dt className="text-sm text-stone-600">{r.paid}</dt>
          <dd className="font-semibold">
            <Money fen={totals.paidFen} />
          </dd>
        </div>
        <div>
          <dt className="text-sm text-stone-600">{r.certifiedShare}</dt>
          <dd className="font-semibold">{share(totals.certifiedShare)}</dd>
        </div>
        <div>
          <dt className="text-sm text-stone-600">{r.target}</dt>
          <dd className="font-semibold">{campaign.targetBasisPoints == null ? "—" : formatShare(campaign.targetBasisPoints / 10000, locale)}</dd>
        </div>
      </dl>
      <div className="flex flex-wrap gap-2">
        <a href={exportHref("csv")} className="btn-secondary" download>
          {t.actions.exportCsv}
        </a>
        <a href={exportHref("xlsx")} className="btn-secondary" download>
          {t.actions.exportXlsx}
        </a>
      </div>
      <section className="card" aria-labelledby="by-county">
        <h2 id="by-county">{r.byCounty}</h2>
        <div className="overflow-x-auto">
          <table className="table" data-testid="by-county">
            <thead>
              <tr>
                <th>{r.county}</th>
                <th className="num">{r.unitsInScope}</th>
                <th className="num">{r.unitsOrdered}</th>
                <th className="num">{r.ordered}</th>
                <th className="num">{r.paid}</th>
                <th className="num">{r.certifiedShare}</th>
              </tr>
            </thead>
            <tbody>
              {byCounty.map((c) => (
                <tr key={c.county}>
                  <td>{c.county || "—"}</td>
                  <td className="num">{c.units}</td>
                  <td className="num">{c.unitsOrdered}</td>
                  <td className="num">
                    <Money fen={c.orderedFen} />
                  </td>
                  <td className="num">
                    <Money fen={c.paidFen} />
                  </td>
                  <td className="num">{share(c.certifiedShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="by-supplier">
        <h2 id="by-supplier">{r.bySupplier}</h2>
        <div className="overflow-x-auto">
          <table className="table" data-testid="by-supplier">
            <thead>
              <tr>
                <th>{r.supplier}</th>
                <th className="num">{r.orders}</th>
                <th className="num">{r.ordered}</th>
                <th className="num">{r.paid}</th>
                <th className="num">{r.certifiedShare}</th>
              </tr>
            </thead>
            <tbody>
              {bySupplier.map((s) => (
                <tr key={s.supplier}>
                  <td>{s.supplier}</td>
                  <td className="num">{s.orders}</td>
                  <td className="num">
                    <Money fen={s.orderedFen} />
                  </td>
                  <td className="num">
                    <Money fen={s.paidFen} />
                  </td>
                  <td className="num">{share(s.certifiedShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="lagging">
        <h2 id="lagging">
          {r.lagging} ({lagging.length})
        </h2>
        {lagging.length ? (
          <ul className="mt-2 grid gap-1 text-sm sm:grid-cols-2 lg:grid-cols-3" data-testid="lagging">
            {lagging.map((u) => (
              <li key={u.id}>
                {u.name} <span className="text-stone-600">· {u.county}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm">{r.noLagging}</p>
        )}
      </section>
    </div>
  );
}
