import type { ReactNode } from "react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MonthlyBars } from "~/components/charts/MonthlyBars";
import { StateReason } from "~/components/catalog/ListingStateNotice";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { supplierNotices, supplierNumbers } from "~/models/orders/supplier-numbers.server";
import { supplierOverview } from "~/models/access/suppliers.server";
import { useLocale, useT } from "~/utils/i18n";
import { notFound, requireSupplier } from "~/utils/permissions.server";
import { listingsArea } from "~/locales/area/listings";
import { reportsArea } from "~/locales/area/reports";
import { listingsHomeArea } from "~/locales/area/listings-home";
import { supplierHomeArea } from "~/locales/area/supplier-home";
import { formatRating } from "~/domain/order-state";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSupplier(request);
  const [overview, notices, numbers] = await Promise.all([
    supplierOverview(actor.org.id),
    supplierNotices(actor.supplierId),
    supplierNumbers(actor.supplierId),
  ]);
  if (!overview) notFound();
  return json({ overview, notices, numbers });
}

/** One of the supplier's ranked tables: a name column, then figures, with its CSV and XLSX export. */
function NumbersTable({ title, table, headers, rows }: { title: string; table: string; headers: string[]; rows: Array<{ key: number; cells: ReactNode[] }> }) {
  return (
    <div className="card overflow-x-auto">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3>{title}</h3>
        <ExportLinks table={table} />
      </div>
      <table className="table text-sm">
        <thead>
          <tr>
            {headers.map((header, i) => (
              <th key={header} className={i ? "num" : undefined}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, i) => (
                <td key={i} className={i ? "num" : undefined}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ExportLinks({ table }: { table: string }) {
  const t = useT(listingsArea, listingsHomeArea, reportsArea, supplierHomeArea);
  return (
    <span className="flex gap-2 text-sm">
      <a href={`/supplier/numbers?table=${table}&format=csv`} download>
        {t.listingsHome.export} CSV
      </a>
      <a href={`/supplier/numbers?table=${table}&format=xlsx`} download>
        XLSX
      </a>
    </span>
  );
}

export default function SupplierHome() {
  const t = useT(listingsArea, listingsHomeArea, reportsArea, supplierHomeArea);
  const locale = useLocale();
  const h = t.listingsHome;
  const { overview, notices, numbers } = useLoaderData<typeof loader>();
  const figure = (label: string, value: { amountFen: number; units: number; orders: number }, testId: string) => (
    <div className="card" data-testid={testId}>
      <h3 className="text-sm text-stone-600">{label}</h3>
      <p className="text-xl font-semibold">
        <Money fen={value.amountFen} />
      </p>
      <p className="text-sm text-stone-700">
        {h.units} {value.units} · {h.orders} {value.orders}
      </p>
    </div>
  );
  return (
    <div className="container-page flex flex-col gap-4">
      <div>
        <p className="text-sm text-stone-600">
          {labelOf(t.supplierKinds, overview.kind)} · {labelOf(t.tradeRoles, overview.tradeRole)}
        </p>
        <h1>{overview.name}</h1>
      </div>
      <dl className="grid grid-cols-3 gap-3">
        <div className="card">
          <dt className="text-sm text-stone-600">{t.supplierHome.activeProducts}</dt>
          <dd className="text-2xl font-semibold">{overview.activeProducts}</dd>
        </div>
        <div className="card">
          <dt className="text-sm text-stone-600">{t.supplierHome.pendingSubOrders}</dt>
          <dd className="text-2xl font-semibold">{overview.pendingSubOrders}</dd>
        </div>
        <div className="card">
          <dt className="text-sm text-stone-600">{t.supplierHome.toShip}</dt>
          <dd className="text-2xl font-semibold">{overview.toShip}</dd>
        </div>
      </dl>
      {notices.banned.length || notices.belowMinimum.length || notices.lowStock.length || notices.pendingReview.length || notices.rejected.length ? (
        <section className="card flex flex-col gap-2 border-amber-300 bg-amber-50" aria-labelledby="notices" data-testid="supplier-notices">
          <h2 id="notices" className="sr-only">
            {h.lowStock}
          </h2>
          {notices.banned.length ? (
            <div>
              <h3 className="font-semibold text-red-800">{h.offSale}</h3>
              <ul className="list-disc pl-5 text-sm">
                {notices.banned.map((p) => (
                  <li key={p.id}>
                    <Link to={`/supplier/products/${p.id}`}>{p.title}</Link>
                    {p.stateReason ? (
                      <>
                        ：<StateReason reason={p.stateReason} />
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {notices.belowMinimum.length ? (
            <div>
              <h3 className="font-semibold">{h.belowMinimum}</h3>
              <ul className="list-disc pl-5 text-sm">
                {notices.belowMinimum.map((p) => (
                  <li key={p.id}>
                    <Link to={`/supplier/products/${p.id}`}>{p.title}</Link>：{t.listings.belowMinimum(p.stock, p.minOrderQty, p.unit)}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {notices.lowStock.length ? (
            <div>
              <h3 className="font-semibold">{h.lowStock}</h3>
              <ul className="list-disc pl-5 text-sm" data-testid="low-stock">
                {notices.lowStock.map((p) => (
                  <li key={p.id}>
                    <Link to={`/supplier/products/${p.id}`}>{h.lowStockItem(p.title, p.stock, p.unit, p.lowStockThreshold ?? 0)}</Link>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {notices.pendingReview.length ? (
            <div>
              <h3 className="font-semibold">{h.pendingReview}</h3>
              <ul className="list-disc pl-5 text-sm">
                {notices.pendingReview.map((p) => (
                  <li key={p.id}>
                    <Link to={`/supplier/products/${p.id}`}>{p.title}</Link>
                    {p.stateReason ? `：${labelOf(t.listings.triggers, p.stateReason)}` : ""}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {notices.rejected.length ? (
            <div>
              <h3 className="font-semibold">{h.rejected}</h3>
              <ul className="list-disc pl-5 text-sm">
                {notices.rejected.map((p) => (
                  <li key={p.id}>
                    <Link to={`/supplier/products/${p.id}`}>{p.title}</Link>
                    {p.reviewNote ? `：${p.reviewNote}` : ""}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      ) : null}
      <section className="flex flex-col gap-3" aria-labelledby="numbers">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="numbers">{h.numbers}</h2>
          <p className="text-xs text-stone-600">{h.basis}</p>
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          {figure(h.thisMonth, numbers.thisMonth, "sales-month")}
          {figure(h.thisYear, numbers.thisYear, "sales-year")}
        </div>
        <div className="card">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3>{h.trend}</h3>
            <ExportLinks table="trend" />
          </div>
          <MonthlyBars
            values={numbers.trend.map((m) => ({ month: m.month, certifiedFen: m.amountFen }))}
            lastYear={[]}
            year={new Date().getFullYear()}
            title={h.trend}
            labels={{ thisYear: h.trend, lastYear: "", axis: t.reports.chart.axis, asTable: t.reports.chart.asTable, month: t.reports.bulletinPage.month }}
            monthLabel={t.reports.month}
            locale={locale}
          />
        </div>
        <div className="grid gap-3 lg:grid-cols-3">
          <NumbersTable
            title={h.topProducts}
            table="products"
            headers={[h.product, h.amount, h.units]}
            rows={numbers.topProducts.map((p) => ({ key: p.id, cells: [p.title, <Money key="a" fen={p.amountFen} />, p.units] }))}
          />
          <NumbersTable
            title={h.topUnions}
            table="unions"
            headers={[h.union, h.amount, h.orders]}
            rows={numbers.topUnions.map((u) => ({ key: u.id, cells: [u.name, <Money key="a" fen={u.amountFen} />, u.orders] }))}
          />
          <NumbersTable
            title={h.productQuality}
            table="quality"
            headers={[h.product, h.rating, h.ratings, h.complaints]}
            rows={numbers.quality.map((q) => ({ key: q.id, cells: [q.title, formatRating(q.rating, locale), q.ratings, q.complaints] }))}
          />
        </div>
      </section>
    </div>
  );
}
