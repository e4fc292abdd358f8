import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { refusedSubmission } from "~/utils/forms.server";
import { idParam } from "~/utils/validation.server";
import { addPhoto, getOwnProduct } from "~/models/catalog/products.server";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireSupplier } from "~/utils/permissions.server";
import { readFormWithUpload, storeUpload } from "~/utils/uploads.server";

export const loader = () => redirect("/supplier/products");

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireSupplier(request);
  const id = idParam.safeParse(params.productId);
  if (!id.success) notFound();
  if (!(await getOwnProduct(actor.supplierId, id.data))) notFound();
  const t = await getMessages(request);
  const upload = await readFormWithUpload(request, "photo", ["jpg", "png", "webp"]);
  if (!upload.file) {
    const message =
      upload.problem === "fileTooLarge" ? t.workspace.fileTooLarge : upload.problem === "fileWrongType" ? t.workspace.fileWrongType : t.workspace.fileMissing;
    return refusedSubmission(message);
  }
  const fileName = await storeUpload(upload.file);
  if (!(await addPhoto(actor, id.data, fileName, upload.file.contentType))) notFound();
  return redirect(`/supplier/products/${id.data}`);
}
