// Short strings for adding to the draft gift pack from catalog, product and order pages (global, kept small; the
// draft page's own strings live in shopping.ts). en/gift-pack.ts is typed against this file.
export const giftPack = {
  add: "加入礼包",
  added: "已加入礼包。",
  inDraft: (n: number) => `礼包里有 ${n} 项`,
  goToDraft: "查看我的礼包",
  pack: "礼包",
  perPack: "每份",
  proposer: "提出单位",
  perMemberFilter: "每人预算不超过（元）",
  packsTitle: "成品礼包",
  morePacks: "全部礼包",
  reorder: "再来一单",
  campaignLabel: "所属活动",
};
