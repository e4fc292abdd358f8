import { listingImport } from "../zh-CN/listing-import";
import type { Area } from "../areas";

export const listingImportArea: Area<"listingImport"> = { name: "listingImport", zh: listingImport };
