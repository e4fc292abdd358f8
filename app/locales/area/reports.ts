import { reports } from "../zh-CN/reports";
import type { Area } from "../areas";

export const reportsArea: Area<"reports"> = { name: "reports", zh: reports };
