import type { budgetLeft as zh } from "../zh-CN/budget-left";

export const budgetLeft: typeof zh = {
  label: "Budget left",
  explained: "Budget left = this year's welfare budget − platform orders not cancelled or rejected (paid or not) − off-platform welfare spending.",
};
