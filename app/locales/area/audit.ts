import { audit } from "../zh-CN/audit";
import type { Area } from "../areas";

export const auditArea: Area<"audit"> = { name: "audit", zh: audit };
