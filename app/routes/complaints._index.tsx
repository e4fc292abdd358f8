import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DateText } from "~/components/ui/DateText";
import { labelOf } from "~/locales/label";
import { complaintsForLeader } from "~/models/orders/complaints.server";
import { useT } from "~/utils/i18n";
import { requireRole } from "~/utils/permissions.server";
import { complaintsArea } from "~/locales/area/complaints";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "LEADER");
  return json({ complaints: await complaintsForLeader(user) });
}

export default function LeaderComplaints() {
  const t = useT(complaintsArea);
  const c = t.complaints;
  const { complaints } = useLoaderData<typeof loader>();
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{c.leaderTitle}</h1>
      {complaints.length === 0 ? <p className="card">{c.none}</p> : null}
      <ul className="flex flex-col gap-2">
        {complaints.map((k) => (
          <li key={k.id} className="card flex flex-col gap-1 text-sm" data-testid="leader-complaint">
            <p className="font-semibold">
              <Link to={`/complaints/${k.id}`}>{c.heading(k.id)}</Link> · {labelOf(c.statuses, k.status)}
            </p>
            <p>
              {k.unionName} → {k.supplierName} · {c.order} {k.code} · <DateText value={k.createdAt} />
            </p>
            <p className="break-words text-stone-700">{k.text}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
