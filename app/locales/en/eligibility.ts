import { formatMoney } from "~/domain/money";
import type { eligibility as zh } from "../zh-CN/eligibility";

export const eligibility: typeof zh = {
  classes: {
    TOBACCO: "tobacco",
    HIGH_END_LIQUOR: "high-end liquor",
    JEWELLERY: "gold, jewellery",
    SHOPPING_CARD: "shopping, top-up and gift cards, vouchers",
    CASH_EQUIVALENT: "cash equivalents",
    SPIRITS: "spirits above the price cap per bottle",
  },
  category: (rule: string) => `Welfare funds may not buy ${rule}; this cannot be listed`,
  word: (rule: string, match: string) => `Contains “${match}”: welfare funds may not buy ${rule} (banned-goods rule: ${rule}); this cannot be listed`,
  spirits: (match: string, perBottleFen: number, capFen: number) =>
    `Contains “${match}”: ${formatMoney(perBottleFen, "en")} per bottle is above the spirits cap of ${formatMoney(capFen, "en")} (banned-goods rule: high-end liquor); this cannot be listed`,
};
