// The facts the demo data is built from: Shangluo's counties, real township names, typical products.
// Villages and unions are illustrative, not a register of real bodies.

export const COUNTIES = [
  { name: "商州区", union: "商州区总工会", code: "SZ", towns: ["北宽坪镇", "杨峪河镇", "牧护关镇"] },
  { name: "洛南县", union: "洛南县总工会", code: "LN", towns: ["石门镇", "古城镇", "永丰镇"] },
  { name: "丹凤县", union: "丹凤县总工会", code: "DF", towns: ["棣花镇", "竹林关镇", "龙驹寨街道"] },
  { name: "商南县", union: "商南县总工会", code: "SN", towns: ["试马镇", "富水镇", "清油河镇"] },
  { name: "山阳县", union: "山阳县总工会", code: "SY", towns: ["漫川关镇", "法官镇", "高坝店镇"] },
  { name: "镇安县", union: "镇安县总工会", code: "ZA", towns: ["云盖寺镇", "木王镇", "青铜关镇"] },
  { name: "柞水县", union: "柞水县总工会", code: "ZS", towns: ["小岭镇", "营盘镇", "下梁镇"] },
] as const;

/** Grassroots unions per county: [name suffix, headcount, welfare per member in yuan, purchase profile]. */
export type Profile = "ahead" | "onTrack" | "behind" | "none";
export const UNIT_TEMPLATES: Array<[string, number, number, Profile]> = [
  ["人民医院工会", 320, 1500, "onTrack"],
  ["第一中学工会", 180, 1200, "ahead"],
  ["供电分公司工会", 260, 1800, "behind"],
  ["税务局工会", 90, 1600, "onTrack"],
  ["农商银行工会", 150, 2000, "none"],
  ["自来水公司工会", 70, 1000, "behind"],
];

export const VILLAGE_NAMES = [
  "广东坪村",
  "黄沙村",
  "王山底村",
  "石坡村",
  "寺坡村",
  "荆河村",
  "万湾村",
  "鱼岭村",
  "翁家沟村",
  "宁家湾村",
  "梁家坡村",
  "前店子村",
  "五里铺村",
  "水田坊村",
  "金米村",
  "严坪村",
  "东甘沟村",
  "马房子村",
  "桃园村",
  "东川村",
  "西川村",
  "朝阳村",
  "花园村",
];

export type SupplierSeed = {
  name: string;
  username: string;
  kind: "COOPERATIVE" | "COMMUNITY_FACTORY" | "ENTERPRISE" | "HOUSEHOLD";
  tradeRole: "PRODUCER" | "TRADING_AGENT";
  county: string;
  villages: number; // how many villages it serves
  households: number;
  categories: string[];
};

export const SUPPLIERS: SupplierSeed[] = [
  {
    name: "商南县试马镇茶叶专业合作社",
    username: "tea.coop",
    kind: "COOPERATIVE",
    tradeRole: "PRODUCER",
    county: "商南县",
    villages: 2,
    households: 186,
    categories: ["TEA"],
  },
  {
    name: "柞水县小岭镇金米村木耳专业合作社",
    username: "fungus.coop",
    kind: "COOPERATIVE",
    tradeRole: "PRODUCER",
    county: "柞水县",
    villages: 2,
    households: 240,
    categories: ["FUNGUS", "MUSHROOM"],
  },
  {
    name: "山阳县漫川关中蜂养殖专业合作社",
    username: "honey.coop",
    kind: "COOPERATIVE",
    tradeRole: "PRODUCER",
    county: "山阳县",
    villages: 3,
    households: 520,
    categories: ["HONEY"],
  },
  {
    name: "洛南县石门镇核桃专业合作社",
    username: "walnut.coop",
    kind: "COOPERATIVE",
    tradeRole: "PRODUCER",
    county: "洛南县",
    villages: 2,
    households: 310,
    categories: ["WALNUT"],
  },
  {
    name: "镇安县云盖寺板栗专业合作社",
    username: "chestnut.coop",
    kind: "COOPERATIVE",
    tradeRole: "PRODUCER",
    county: "镇安县",
    villages: 2,
    households: 205,
    categories: ["CHESTNUT"],
  },
  {
    name: "丹凤县棣花镇葡萄专业合作社",
    username: "wine.coop",
    kind: "COOPERATIVE",
    tradeRole: "PRODUCER",
    county: "丹凤县",
    villages: 1,
    households: 96,
    categories: ["WINE", "FRUIT"],
  },
  {
    name: "商州区北宽坪镇香菇专业合作社",
    username: "mushroom.coop",
    kind: "COOPERATIVE",
    tradeRole: "PRODUCER",
    county: "商州区",
    villages: 2,
    households: 132,
    categories: ["MUSHROOM", "FUNGUS"],
  },
  {
    name: "山阳县法官镇九眼莲专业合作社",
    username: "lotus.coop",
    kind: "COOPERATIVE",
    tradeRole: "PRODUCER",
    county: "山阳县",
    villages: 1,
    households: 74,
    categories: ["LOTUS_ROOT"],
  },
  {
    name: "商南县富水镇茶叶炒制社区工厂",
    username: "teafactory",
    kind: "COMMUNITY_FACTORY",
    tradeRole: "PRODUCER",
    county: "商南县",
    villages: 1,
    households: 88,
    categories: ["TEA"],
  },
  {
    name: "镇安县木王镇中蜂蜂蜜社区工厂",
    username: "honeyfactory",
    kind: "COMMUNITY_FACTORY",
    tradeRole: "PRODUCER",
    county: "镇安县",
    villages: 2,
    households: 410,
    categories: ["HONEY"],
  },
  {
    name: "洛南县古城镇腊肉加工社区工厂",
    username: "meatfactory",
    kind: "COMMUNITY_FACTORY",
    tradeRole: "PRODUCER",
    county: "洛南县",
    villages: 1,
    households: 65,
    categories: ["CURED_MEAT", "GRAIN_OIL"],
  },
  {
    name: "商洛秦岭山珍扶贫开发有限公司",
    username: "qinling.ent",
    kind: "ENTERPRISE",
    tradeRole: "PRODUCER",
    county: "商州区",
    villages: 2,
    households: 280,
    categories: ["HERB", "WALNUT", "FUNGUS"],
  },
  {
    name: "丹凤县龙驹寨粮油扶贫企业",
    username: "grain.ent",
    kind: "ENTERPRISE",
    tradeRole: "PRODUCER",
    county: "丹凤县",
    villages: 1,
    households: 150,
    categories: ["GRAIN_OIL"],
  },
  {
    name: "西安惠农优选商贸有限公司",
    username: "trader",
    kind: "ENTERPRISE",
    tradeRole: "TRADING_AGENT",
    county: "商州区",
    villages: 2,
    households: 0,
    categories: ["TEA", "HONEY", "WALNUT", "GRAIN_OIL"],
  },
  {
    name: "柞水县营盘镇张家农户",
    username: "household",
    kind: "HOUSEHOLD",
    tradeRole: "PRODUCER",
    county: "柞水县",
    villages: 1,
    households: 1,
    categories: ["FUNGUS", "CHESTNUT"],
  },
];

/** Product templates per category: [title, unit, price yuan, market reference yuan | null, shelf life days]. */
export const PRODUCT_TEMPLATES: Record<string, Array<[string, string, number, number | null, number | null]>> = {
  TEA: [
    ["商南绿茶 明前特级", "盒", 268, 240, 540],
    ["商南红茶 礼盒", "盒", 198, 180, 720],
    ["秦岭毛尖 250g", "袋", 88, 85, 540],
    ["仙茗炒青 500g", "袋", 120, 90, 540],
  ],
  HONEY: [
    ["中蜂土蜂蜜 1kg", "瓶", 128, 110, 730],
    ["秦岭百花蜜 500g", "瓶", 68, 62, 730],
    ["中蜂蜂蜜礼盒", "盒", 238, 200, 730],
  ],
  WALNUT: [
    ["洛南核桃 薄皮 5斤", "箱", 95, 88, 365],
    ["核桃仁 1kg", "袋", 76, 70, 270],
    ["香酥核桃 礼盒", "盒", 118, 80, 270],
  ],
  FUNGUS: [
    ["柞水木耳 250g", "袋", 45, 42, 720],
    ["小木耳礼盒 500g", "盒", 98, 90, 720],
    ["金米村木耳 1kg", "袋", 160, 150, 720],
  ],
  CHESTNUT: [
    ["镇安板栗 5斤", "箱", 75, 68, 120],
    ["即食板栗仁 礼盒", "盒", 58, 45, 270],
  ],
  MUSHROOM: [
    ["北宽坪香菇干 500g", "袋", 52, 48, 365],
    ["花菇礼盒", "盒", 128, 120, 365],
  ],
  LOTUS_ROOT: [
    ["山阳九眼莲 10斤", "箱", 66, 60, 15],
    ["九眼莲藕粉 礼盒", "盒", 88, 70, 540],
  ],
  WINE: [
    ["丹凤葡萄酒 干红 750ml", "瓶", 128, 120, 1825],
    ["丹凤葡萄酒 双支礼盒", "盒", 298, 260, 1825],
  ],
  GRAIN_OIL: [
    ["核桃油 500ml", "瓶", 98, 88, 540],
    ["小米 5斤", "袋", 35, 19.8, 365],
    ["菜籽油 5L", "件", 120, 110, 540],
    ["杂粮礼包", "箱", 128, 118, 365],
  ],
  CURED_MEAT: [
    ["秦岭腊肉 2斤", "袋", 138, 125, 180],
    ["腊肉腊肠组合 礼盒", "盒", 258, 230, 180],
  ],
  HERB: [
    ["商洛丹参 500g", "袋", 65, 60, 720],
    ["连翘茶 礼盒", "盒", 88, 80, 720],
    ["天麻 250g", "盒", 168, 150, 720],
  ],
  FRUIT: [
    ["丹凤葡萄 5斤", "箱", 60, 55, 10],
    ["商洛猕猴桃 10斤", "箱", 78, 70, 20],
  ],
};

/** The seed's idea of "now": orders and certificates are laid out around it, so the demo is the same every time. */
export const SEED_TODAY = "2026-11-28";

/** A small seeded PRNG: same seed, same data. */
export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
