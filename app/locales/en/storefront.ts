import type { storefront as zh } from "../zh-CN/storefront";
import { packs } from "./packs";

export const storefront: typeof zh = {
  home: {
    openCampaigns: "Festival campaigns",
    upcoming: "Upcoming",
    opensOn: (date: string) => `opens ${date}`,
    until: (date: string) => `until ${date}`,
    shop: "Shop the recommended list",
    daysLeft: (n: number) => `${n} day${n === 1 ? "" : "s"} left`,
    guidance: "Guidance per member",
    cap: "Cap per member",
    recommended: "Recommended list",
    pack: "Pack",
    product: "Product",
    perPack: "per pack",
  },
  packs: {
    ...packs,
    listPrice: "List price",
    packPrice: "Pack price",
    quantity: "Per pack",
  },
  addresses: {
    title: "Address book",
    none: "No saved addresses yet.",
    label: "Name (e.g. union office)",
    add: "Add address",
    makeDefault: "Make default",
    isDefault: "Default",
    remove: "Delete",
    saved: "Address saved.",
  },
  catalog: {
    perMemberFilter: "Budget per member up to (¥)",
  },
};
