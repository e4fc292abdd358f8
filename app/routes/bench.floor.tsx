// The benchmark's floor: the catalog page's exact markup rendered from constants, so `npm run bench` can compare
// the real search route against pure rendering cost. Exists only when BENCH_ROUTES=1.
import { json } from "@remix-run/node";
import Catalog from "./products._index";
import { notFound } from "~/utils/permissions.server";

const ITEMS = Array.from({ length: 24 }, (_, i) => ({
  id: 100000 + i,
  title: `洛南核桃 薄皮 5斤 ${i + 1}`,
  unit: "箱",
  priceFen: 9500 + i * 100,
  marketPriceFen: 8800,
  stock: 500,
  category: "WALNUT",
  supplierName: "洛南县石门镇核桃专业合作社",
  tradeRole: "PRODUCER",
  county: "洛南县",
  villageName: "黄沙村",
  certified: i % 3 !== 0,
  ratingSum: 45,
  ratingCount: 10,
  photo: null,
  tiers: [
    { minQty: 100, priceFen: 9000 },
    { minQty: 500, priceFen: 8500 },
  ],
}));
const VILLAGES = ["广东坪村", "黄沙村", "王山底村", "石坡村", "寺坡村", "荆河村", "万湾村", "鱼岭村"].map((name, i) => ({ id: i + 1, name, county: "洛南县" }));
const DATA = {
  result: { items: ITEMS, total: 240, pageCount: 10 },
  facets: { counties: ["商州区", "洛南县", "丹凤县", "商南县", "山阳县", "镇安县", "柞水县"], villages: VILLAGES },
  page: 1,
  sort: "price_asc" as const,
  packs: [],
  canAdd: false,
  draftCount: null,
};

export async function loader() {
  if (process.env.BENCH_ROUTES !== "1") notFound();
  return json(DATA);
}

export default Catalog;
