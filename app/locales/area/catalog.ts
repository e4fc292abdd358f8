import { catalog } from "../zh-CN/catalog";
import type { Area } from "../areas";

export const catalogArea: Area<"catalog"> = { name: "catalog", zh: catalog };
