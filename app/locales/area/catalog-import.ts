import { catalogImport } from "../zh-CN/catalog-import";
import type { Area } from "../areas";

export const catalogImportArea: Area<"catalogImport"> = { name: "catalogImport", zh: catalogImport };
