import { manage } from "../zh-CN/manage";
import type { Area } from "../areas";

export const manageArea: Area<"manage"> = { name: "manage", zh: manage };
