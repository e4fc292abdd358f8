import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { choiceField, dateField, idParam, parseWithZod, textField, z } from "~/utils/validation.server";
import { invalidSubmission, refusedSubmission } from "~/utils/forms.server";
import { CERTIFICATE_LEVELS } from "~/domain/catalog";
import { startOfChinaDay } from "~/domain/china-time";
import { getOwnProduct, submitCertificate } from "~/models/catalog/products.server";
import { getMessages } from "~/utils/locale.server";
import { notFound, requireSupplier } from "~/utils/permissions.server";
import { readFormWithUpload, storeUpload } from "~/utils/uploads.server";

export const loader = () => redirect("/supplier/products");

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireSupplier(request);
  const id = idParam.safeParse(params.productId);
  if (!id.success || !(await getOwnProduct(actor.supplierId, id.data))) notFound();
  const t = await getMessages(request);
  const w = t.workspace;
  const upload = await readFormWithUpload(request, "document", ["jpg", "png", "webp", "pdf"]);
  if (!upload.form || upload.problem === "fileTooLarge" || upload.problem === "fileWrongType") {
    return refusedSubmission(upload.problem === "fileTooLarge" ? w.fileTooLarge : w.fileWrongTypeCert);
  }
  // A certificate may have been issued years ago and run for up to ten years.
  const date = dateField(t, { yearsAhead: 10 });
  const schema = z
    .object({
      number: textField(t, 60),
      level: choiceField(t, CERTIFICATE_LEVELS),
      issuer: textField(t, 60),
      validFrom: date,
      validTo: date,
    })
    .refine((v) => v.validTo >= v.validFrom, { path: ["validTo"], message: w.certDatesInvalid });
  const submission = parseWithZod(upload.form, { schema });
  if (submission.status !== "success") return invalidSubmission(submission.reply());
  const parsed = { data: submission.value };
  const documentFile = upload.file ? await storeUpload(upload.file) : null;
  await submitCertificate(actor, id.data, {
    number: parsed.data.number,
    level: parsed.data.level,
    issuer: parsed.data.issuer,
    validFrom: startOfChinaDay(parsed.data.validFrom),
    validTo: startOfChinaDay(parsed.data.validTo),
    documentFile,
    documentType: upload.file?.contentType ?? null,
  });
  return redirect(`/supplier/products/${id.data}`);
}
