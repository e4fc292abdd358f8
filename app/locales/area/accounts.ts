import { accounts, audit, manage } from "../zh-CN/accounts";
import type { Area } from "../areas";

export const accountsArea: Area<"accounts"> = { name: "accounts", zh: accounts };
export const manageArea: Area<"manage"> = { name: "manage", zh: manage };
export const auditArea: Area<"audit"> = { name: "audit", zh: audit };
