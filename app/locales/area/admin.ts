import { admin } from "../zh-CN/admin";
import type { Area } from "../areas";

export const adminArea: Area<"admin"> = { name: "admin", zh: admin };
