import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/ui/Field";
import { Money } from "~/components/ui/Money";
import { labelOf } from "~/locales/label";
import { packsProposedBy, proposePack, withdrawPack } from "~/models/campaigns/gift-packs.server";
import { invalidSubmission, readForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { getLocale, getMessages } from "~/utils/locale.server";
import { forbidden, notFound, requireRole } from "~/utils/permissions.server";
import { idParam, parseWithZod, z } from "~/utils/validation.server";
import { proposalSchema } from "~/forms/pack-form.server";
import type { Actor } from "~/domain/actor";
import { campaignMessages, useCampaignT } from "~/utils/campaign-i18n";

/** Cooperatives propose packs (alone, or with partners' listings); so does the city federation. */
async function requireProposer(request: Request): Promise<Actor> {
  const user = await requireRole(request, "SUPPLIER", "LEADER");
  if (user.role === "LEADER" && user.org.kind !== "FEDERATION") forbidden();
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireProposer(request);
  const created = new URL(request.url).searchParams.get("created");
  return json({ packs: await packsProposedBy(user), created: created && /^G\d+$/.test(created) ? created : null });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireProposer(request);
  const t = await getMessages(request);
  const cm = campaignMessages(await getLocale(request));
  const p = cm.packs;
  const form = await readForm(request);
  if (form.get("intent") === "withdraw") {
    const id = z.object({ packId: idParam }).safeParse(Object.fromEntries(form));
    if (!id.success) throw new Response("Bad request", { status: 400 });
    if ((await withdrawPack(user, id.data.packId)) === "notFound") notFound();
    return redirect("/packs/propose");
  }
  const submission = parseWithZod(form, { schema: proposalSchema(t, cm) });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  const outcome = await proposePack(user, submission.value);
  if (outcome.kind === "invalid") {
    const messages = outcome.problems.map((x) => (x.problem === "unknownCode" ? p.problems.unknownCode(x.code) : p.problems[x.problem](x.code)));
    return invalidSubmission(submission.reply({ fieldErrors: { items: messages } }));
  }
  return redirect(`/packs/propose?created=${outcome.code}`);
}

export default function ProposePack() {
  const t = useT();
  const p = useCampaignT().packs;
  const { packs, created } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = (actionData && "result" in actionData ? actionData.result.error : undefined) ?? {};
  return (
    <div className="container-page flex flex-col gap-4">
      <h1>{p.propose}</h1>
      <p className="text-sm text-stone-600">{p.intro}</p>
      {created ? (
        <p className="card text-leaf-600" role="status" data-testid="pack-created">
          {p.proposed(created)}
        </p>
      ) : null}
      <Form method="post" className="card flex flex-col gap-3" id="propose-pack">
        <Field id="name" name="name" label={p.name} errors={errors.name ?? undefined} />
        <Field id="description" name="description" label={p.description} errors={errors.description ?? undefined} />
        <div className="field">
          <label htmlFor="items" className="field-label">
            {p.items}
          </label>
          <textarea
            id="items"
            name="items"
            rows={4}
            className="input font-mono"
            placeholder={p.itemsPlaceholder}
            aria-describedby="items-hint"
            aria-invalid={errors.items?.length ? true : undefined}
          />
          <p id="items-hint" className="field-hint">
            {p.proposeHint}
          </p>
          {errors.items?.length ? (
            <ul className="field-error" role="alert">
              {errors.items.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <button type="submit" className="btn-primary self-start">
          {t.actions.submit}
        </button>
      </Form>
      <section className="card flex flex-col gap-2" aria-labelledby="mine">
        <h2 id="mine">{p.mine}</h2>
        {packs.length ? (
          <div className="overflow-x-auto">
            <table className="table" data-testid="my-packs">
              <thead>
                <tr>
                  <th>{p.name}</th>
                  <th className="num">{p.pricePerPack}</th>
                  <th>{p.status}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {packs.map((pack) => (
                  <tr key={pack.id}>
                    <td>
                      <Link to={`/packs/${pack.id}`}>{pack.name}</Link>
                      <div className="text-xs text-stone-600">{pack.code}</div>
                    </td>
                    <td className="num">
                      <Money fen={pack.priceFen} />
                    </td>
                    <td>{labelOf(p.statuses, pack.status)}</td>
                    <td>
                      {pack.status === "SUBMITTED" || pack.status === "APPROVED" ? (
                        <Form method="post">
                          <input type="hidden" name="packId" value={pack.id} />
                          <button type="submit" name="intent" value="withdraw" className="btn-secondary" aria-label={`${p.withdraw} ${pack.name}`}>
                            {p.withdraw}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="text-sm text-stone-600">{p.none}</p>
        )}
      </section>
    </div>
  );
}
