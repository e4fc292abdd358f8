// Strings for campaigns on the union's home page, ready packs as a buyer sees them, and the address book. Only
// the pages that use them ship them. en/storefront.ts is typed against this file.
import { packs } from "./packs";
export const storefront = {
  home: {
    openCampaigns: "进行中的节日采购活动",
    upcoming: "即将开始",
    opensOn: (date: string) => `${date} 开始`,
    until: (date: string) => `截止 ${date}`,
    shop: "按推荐清单选购",
    daysLeft: (n: number) => `还剩 ${n} 天`,
    guidance: "人均指导",
    cap: "人均上限",
    recommended: "推荐清单",
    pack: "礼包",
    product: "产品",
    perPack: "每份",
  },
  packs: {
    ...packs,
    listPrice: "标价",
    packPrice: "礼包内单价",
    quantity: "每份数量",
  },
  addresses: {
    title: "收货地址簿",
    none: "还没有保存的地址。",
    label: "名称（如 工会办公室）",
    add: "添加地址",
    makeDefault: "设为默认",
    isDefault: "默认",
    remove: "删除",
    saved: "地址已保存。",
  },
  catalog: {
    perMemberFilter: "每人预算不超过（元）",
  },
};
