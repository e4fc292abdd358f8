// What a ready gift pack is called and how it is described, wherever a pack is shown: to the cooperatives and the
// federation (campaigns.ts) and to buyers (storefront.ts). en/packs.ts is typed against this file.
export const packs = {
  title: "成品礼包",
  intro: "合作社或联合体提出的成品礼包，经市总工会审核后可直接按人数下单，并可加入节日活动推荐清单。",
  none: "暂无礼包。",
  pricePerPack: "每份价格",
  perMember: (price: string) => `每人 ${price}`,
  certifiedPart: (price: string) => `其中计入帮扶采购 ${price}`,
  contents: "礼包内容",
  proposer: "提出单位",
  statuses: { SUBMITTED: "待审核", APPROVED: "已通过", REJECTED: "已驳回", WITHDRAWN: "已撤回" },
};
