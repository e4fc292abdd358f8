import type { unionHome as zh } from "../zh-CN/union-home";

export const unionHome: typeof zh = {
  title: (year: number) => `${year} welfare-fund assistance procurement`,
  budget: "Welfare budget B",
  procurement: "Assistance procurement P",
  share: "Share P/B",
  target: "Target",
  gap: "Gap",
  grade: "Grade",
  remainingToTarget: (amount: string, target: string) => `${amount} more to reach ${target}`,
  targetMet: "Target met",
  noBudget: "This year's welfare budget has not been entered yet; the union chair enters it to see progress.",
  headcount: "Members",
};
