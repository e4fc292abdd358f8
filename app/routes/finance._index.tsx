import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Money } from "~/components/ui/Money";
import { pendingBankPayments } from "~/models/payments.server";
import { useT } from "~/utils/i18n";
import { requireRole } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "FINANCE");
  return json({ pending: await pendingBankPayments() });
}

export default function Finance() {
  const t = useT();
  const { pending } = useLoaderData<typeof loader>();
  return (
    <div className="container-page">
      <h1>{t.nav.finance}</h1>
      <div className="card mt-4 overflow-x-auto">
        <table className="table">
          <tbody>
            {pending.map((p) => (
              <tr key={p.id}>
                <td>{p.referenceCode}</td>
                <td>{p.order.code}</td>
                <td>{p.order.union.name}</td>
                <td className="num"><Money fen={p.amountFen} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
