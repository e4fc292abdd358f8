import { budgetLeft } from "../zh-CN/budget-left";
import type { Area } from "../areas";

export const budgetLeftArea: Area<"budgetLeft"> = { name: "budgetLeft", zh: budgetLeft };
