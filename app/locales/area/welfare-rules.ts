import { welfareRules } from "../zh-CN/welfare-rules";
import type { Area } from "../areas";

export const welfareRulesArea: Area<"welfareRules"> = { name: "welfareRules", zh: welfareRules };
