import { supplierHome } from "../zh-CN/supplier-home";
import type { Area } from "../areas";

export const supplierHomeArea: Area<"supplierHome"> = { name: "supplierHome", zh: supplierHome };
