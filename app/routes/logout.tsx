import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroyUserSession } from "~/utils/session.server";

export const loader = () => redirect("/");

export async function action({ request }: ActionFunctionArgs) {
  return destroyUserSession(request);
}
