import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { idParam, z } from "~/utils/validation.server";
import { issueInvoice } from "~/models/invoices.server";
import { requireSupplierActor } from "~/models/suppliers.server";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireRole } from "~/utils/permissions.server";
import { readFormWithUpload, storeUpload } from "~/utils/uploads.server";

export const loader = () => notFound();

/** The supplier issues the invoice the union asked for: its number, with the digital invoice (PDF or OFD) if any. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "SUPPLIER");
  const actor = await requireSupplierActor(user);
  const id = idParam.safeParse(params.subOrderId);
  if (!id.success) notFound();
  const t = await getMessages(request);
  // The file's type is decided by its first bytes (%PDF-, or a ZIP holding OFD.xml), never by its name.
  const upload = await readFormWithUpload(request, "file", ["pdf", "ofd"]);
  if (!upload.form) return json({ error: t.catalog.workspace.fileTooLarge }, { status: 400 });
  if (upload.problem === "fileWrongType") return json({ error: t.payments.invoices.fileWrongType }, { status: 400 });
  const number = z.string().trim().min(1).max(40).safeParse(upload.form.get("invoiceNumber"));
  if (!number.success) return json({ error: `${t.payments.invoices.invoiceNumber}: ${t.errors.required}` }, { status: 400 });
  const outcome = await issueInvoice({ ...user, supplierId: actor.supplierId }, id.data, { invoiceNumber: number.data, fileName: upload.file ? storeUpload(upload.file) : null });
  if (outcome === "notFound") notFound();
  if (outcome === "wrongState") return json({ error: t.orders.detail.wrongState }, { status: 409 });
  return redirect(`/supplier/orders/${id.data}`);
}
