export const unionHome = {
  title: (year: number) => `${year} 年福利费帮扶采购进度`,
  budget: "福利费预算 B",
  procurement: "帮扶采购额 P",
  share: "占比 P/B",
  target: "目标",
  gap: "差额",
  grade: "评级",
  remainingToTarget: (amount: string, target: string) => `还需采购 ${amount} 达到 ${target}`,
  targetMet: "已完成目标",
  noBudget: "尚未录入本年度福利费预算，请工会主席录入后查看进度。",
  headcount: "会员人数",
};
