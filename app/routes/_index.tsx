import type { LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { homePathFor } from "~/domain/roles";
import { platformStats } from "~/models/access/organizations.server";
import { useT } from "~/utils/i18n";
import { getCurrentUser } from "~/utils/session.server";
import { homeArea } from "~/locales/area/home";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (user) throw redirect(homePathFor(user.role));
  return json({ stats: await platformStats() });
}

export default function Landing() {
  const t = useT(homeArea);
  const { stats } = useLoaderData<typeof loader>();
  const figures: Array<[string, number]> = [
    [t.home.stats.unions, stats.unions],
    [t.home.stats.suppliers, stats.suppliers],
    [t.home.stats.products, stats.products],
    [t.home.stats.villages, stats.villages],
  ];
  return (
    <div className="container-page">
      <section className="card">
        <h1>
          {t.appName} · {t.appTagline}
        </h1>
        <p className="mt-3 max-w-2xl text-stone-700">{t.home.publicIntro}</p>
        <div className="mt-4 flex flex-wrap gap-3">
          <Link to="/products" className="btn-primary">
            {t.home.browseCatalog}
          </Link>
          <Link to="/login" className="btn-secondary">
            {t.home.signIn}
          </Link>
        </div>
      </section>
      <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
        {figures.map(([label, value]) => (
          <div key={label} className="card">
            <dt className="text-sm text-stone-600">{label}</dt>
            <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
