import type { giftPack as zh } from "../zh-CN/gift-pack";

export const giftPack: typeof zh = {
  add: "Add to gift pack",
  added: "Added to your gift pack.",
  inDraft: (n: number) => `${n} item${n === 1 ? "" : "s"} in your pack`,
  goToDraft: "View my gift pack",
  pack: "Pack",
  perPack: "per pack",
  proposer: "Proposed by",
  perMemberFilter: "Budget per member up to (¥)",
  packsTitle: "Ready gift packs",
  morePacks: "All packs",
  reorder: "Order again",
  campaignLabel: "Campaign",
};
