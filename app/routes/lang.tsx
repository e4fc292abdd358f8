import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isLocale } from "~/locales";
import { localeCookie } from "~/utils/locale.server";
import { safeRedirect } from "~/utils/session.server";
import { readForm } from "~/utils/forms.server";

export const loader = () => redirect("/");

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const to = form.get("to");
  const target = safeRedirect(form.get("redirectTo"), "/");
  if (!isLocale(to)) return redirect(target);
  return redirect(target, { headers: { "Set-Cookie": await localeCookie.serialize(to) } });
}
