import { complaints } from "../zh-CN/complaints";
import type { Area } from "../areas";

export const complaintsArea: Area<"complaints"> = { name: "complaints", zh: complaints };
