import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { idParam, z } from "~/utils/validation.server";
import { issueInvoice } from "~/models/orders/invoices.server";
import { notFound, requireSupplier } from "~/utils/permissions.server";
import { readFormWithUpload, storeUpload } from "~/utils/uploads.server";

export const loader = () => notFound();

/** The supplier issues the invoice the union asked for: its number, with the digital invoice (PDF or OFD) if any. */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireSupplier(request);
  const id = idParam.safeParse(params.subOrderId);
  if (!id.success) notFound();
  // Problems go back to the sub-order page, which says what was wrong; nothing is saved.
  const back = (problem: string) => redirect(`/supplier/orders/${id.data}?invoice=${problem}`);
  // The file's type is decided by its first bytes (%PDF-, or a ZIP holding OFD.xml), never by its name.
  const upload = await readFormWithUpload(request, "file", ["pdf", "ofd"]);
  if (!upload.form) return back("fileTooLarge");
  if (upload.problem === "fileWrongType") return back("fileWrongType");
  const number = z.string().trim().min(1).max(40).safeParse(upload.form.get("invoiceNumber"));
  if (!number.success) return back("numberMissing");
  const outcome = await issueInvoice(actor, id.data, { invoiceNumber: number.data, fileName: upload.file ? await storeUpload(upload.file) : null });
  if (outcome === "notFound") notFound();
  if (outcome === "wrongState") return back("wrongState");
  return redirect(`/supplier/orders/${id.data}`);
}
