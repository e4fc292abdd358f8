import { eligibility } from "../zh-CN/eligibility";
import type { Area } from "../areas";

export const eligibilityArea: Area<"eligibility"> = { name: "eligibility", zh: eligibility };
