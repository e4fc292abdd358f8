import type { LoaderFunctionArgs } from "@remix-run/node";
import { mayReadFile } from "~/models/catalog/files.server";
import { notFound } from "~/utils/permissions.server";
import { getCurrentUser } from "~/utils/session.server";
import { contentTypeOf, readUpload, UPLOAD_NAME } from "~/utils/uploads.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const fileName = params.fileName ?? "";
  if (!UPLOAD_NAME.test(fileName)) notFound();
  const user = await getCurrentUser(request);
  // Unknown and forbidden files look the same from outside.
  if (!(await mayReadFile(fileName, user ? { role: user.role, orgId: user.org.id } : null))) notFound();
  const bytes = await readUpload(fileName);
  if (!bytes) notFound();
  return new Response(bytes, {
    headers: {
      "Content-Type": contentTypeOf(fileName),
      "X-Content-Type-Options": "nosniff",
      // Names are content hashes: the bytes behind a name never change.
      "Cache-Control": /\.(pdf|ofd)$/.test(fileName) ? "private, max-age=3600" : "public, max-age=31536000, immutable",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
