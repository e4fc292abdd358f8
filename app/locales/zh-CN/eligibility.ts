import { formatMoney } from "~/domain/money";

export const eligibility = {
  classes: {
    TOBACCO: "烟草",
    HIGH_END_LIQUOR: "高档酒",
    JEWELLERY: "黄金珠宝首饰",
    SHOPPING_CARD: "购物卡、充值卡、礼品卡、提货券",
    CASH_EQUIVALENT: "现金等价物",
    SPIRITS: "烈性酒（超过单瓶限价）",
  } as Record<string, string>,
  category: (rule: string) => `福利费不能购买“${rule}”类商品，不能上架`,
  word: (rule: string, match: string) => `含有“${match}”：福利费不能购买${rule}（禁购规则：${rule}），不能上架`,
  spirits: (match: string, perBottleFen: number, capFen: number) =>
    `含有“${match}”：每瓶 ${formatMoney(perBottleFen, "zh-CN")}，超过烈性酒单瓶限价 ${formatMoney(capFen, "zh-CN")}（禁购规则：高档酒），不能上架`,
};
