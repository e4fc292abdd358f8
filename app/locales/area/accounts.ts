import { accounts } from "../zh-CN/accounts";
import type { Area } from "../areas";

export const accountsArea: Area<"accounts"> = { name: "accounts", zh: accounts };
