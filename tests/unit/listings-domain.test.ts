import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { categoryFromCell, decodeSpreadsheetText, fieldForHeader, sheetRecords } from "~/domain/listing-sheet";
import { isReviewablePriceRise, reviewTriggerForEdit, reviewTriggerForNew, stateAfterEdit } from "~/domain/listing-review";
import { bottlesPerUnit, welfareIneligibility, type WelfareRules } from "~/domain/welfare-eligibility";

const rules: WelfareRules = {
  spiritsCapFenPerBottle: 30000,
  rules: [
    { ruleClass: "TOBACCO", kind: "WORD", value: "香烟" },
    { ruleClass: "TOBACCO", kind: "PATTERN", value: "烟(?!熏|台|笋)" },
    { ruleClass: "HIGH_END_LIQUOR", kind: "WORD", value: "茅台" },
    { ruleClass: "SPIRITS", kind: "WORD", value: "白酒" },
    { ruleClass: "SPIRITS", kind: "PATTERN", value: "酒.{0,12}[3-9]\\d\\s*(度|°)" },
    { ruleClass: "SHOPPING_CARD", kind: "WORD", value: "充值卡" },
  ],
};
const listing = (title: string, priceFen = 10000, unit = "瓶", category = "OTHER", description = "") => ({ title, description, category, unit, priceFen });

describe("welfare eligibility", () => {
  it("refuses banned categories, words and patterns, whatever the width or spacing", () => {
    expect(welfareIneligibility(listing("茶", 100, "盒", "TOBACCO"), rules)).toEqual({ reason: "category", ruleClass: "TOBACCO" });
    expect(welfareIneligibility(listing("中华 香 烟"), rules)).toMatchObject({ reason: "word", ruleClass: "TOBACCO", match: "香烟" });
    expect(welfareIneligibility(listing("飞天茅台 53度 500ml", 269900), rules)).toMatchObject({ reason: "word", ruleClass: "HIGH_END_LIQUOR" });
    expect(welfareIneligibility(listing("话费 充值卡"), rules)).toMatchObject({ ruleClass: "SHOPPING_CARD" });
    expect(welfareIneligibility(listing("山货", 100, "盒", "OTHER", "附赠烟丝"), rules)).toMatchObject({ ruleClass: "TOBACCO", match: "烟" });
  });

  it("allows smoked meat, Yantai apples and wine; spirits only up to the cap per bottle", () => {
    expect(welfareIneligibility(listing("秦岭烟熏腊肉", 8800, "斤", "CURED_MEAT"), rules)).toBeNull();
    expect(welfareIneligibility(listing("烟台苹果 10斤", 8800, "箱", "FRUIT"), rules)).toBeNull();
    expect(welfareIneligibility(listing("丹凤葡萄酒 干红 13度", 68800, "瓶", "WINE"), rules)).toBeNull();
    expect(welfareIneligibility(listing("商洛白酒 42度", 30000), rules)).toBeNull();
    expect(welfareIneligibility(listing("商洛白酒 42度", 30001), rules)).toMatchObject({ reason: "spiritsAboveCap", perBottleFen: 30001, capFen: 30000 });
    expect(welfareIneligibility(listing("高粱酒 52度 6瓶装", 120000, "箱"), rules)).toBeNull();
    expect(welfareIneligibility(listing("高粱酒 52度 双支礼盒", 80000, "盒"), rules)).toMatchObject({ reason: "spiritsAboveCap", perBottleFen: 40000 });
  });

  it("counts bottles in a unit", () => {
    expect(bottlesPerUnit("白酒 6瓶装", "箱")).toBe(6);
    expect(bottlesPerUnit("白酒 500ml×12", "箱")).toBe(12);
    expect(bottlesPerUnit("白酒 双支礼盒", "盒")).toBe(2);
    expect(bottlesPerUnit("白酒 6瓶装", "瓶")).toBe(1);
    expect(bottlesPerUnit("白酒", "箱")).toBe(1);
  });
});

describe("listing review triggers", () => {
  it("holds a supplier's first three listings, and edits that change category or raise the price above 20%", () => {
    expect(reviewTriggerForNew(0)).toBe("FIRST_LISTINGS");
    expect(reviewTriggerForNew(2)).toBe("FIRST_LISTINGS");
    expect(reviewTriggerForNew(3)).toBeNull();
    expect(isReviewablePriceRise(10000, 12000)).toBe(false);
    expect(isReviewablePriceRise(10000, 12001)).toBe(true);
    expect(isReviewablePriceRise(10000, 5000)).toBe(false);
    expect(reviewTriggerForEdit({ category: "TEA", priceFen: 100 }, { category: "HONEY", priceFen: 100 })).toBe("CATEGORY_CHANGE");
    expect(reviewTriggerForEdit({ category: "TEA", priceFen: 100 }, { category: "TEA", priceFen: 121 })).toBe("PRICE_RISE");
    expect(stateAfterEdit("LIVE", null)).toBe("LIVE");
    expect(stateAfterEdit("WITHDRAWN", null)).toBe("WITHDRAWN");
    expect(stateAfterEdit("WITHDRAWN", "PRICE_RISE")).toBe("PENDING_REVIEW");
    expect(stateAfterEdit("REJECTED", null)).toBe("PENDING_REVIEW");
    expect(stateAfterEdit("BANNED", null)).toBe("PENDING_REVIEW");
  });
});

describe("the listing spreadsheet", () => {
  it("maps Chinese and English headers, and categories by name or code", () => {
    expect(fieldForHeader("单价（元）")).toBe("price");
    expect(fieldForHeader("单价(元)")).toBe("price");
    expect(fieldForHeader(" minOrderQty ")).toBe("minOrderQty");
    expect(fieldForHeader("状态")).toBeNull();
    const names: Array<Record<string, string>> = [{ WALNUT: "核桃", TEA: "茶叶" }, { WALNUT: "Walnuts" }];
    expect(categoryFromCell("核桃", names, ["WALNUT", "TEA"])).toBe("WALNUT");
    expect(categoryFromCell("walnut", names, ["WALNUT", "TEA"])).toBe("WALNUT");
    expect(categoryFromCell("Walnuts", names, ["WALNUT", "TEA"])).toBe("WALNUT");
    expect(categoryFromCell("板栗", names, ["WALNUT", "TEA"])).toBeNull();
    const { records } = sheetRecords([
      ["商品名称", "品类", "备注"],
      ["核桃仁", "核桃", "x"],
      ["", "", ""],
      ["薄皮核桃", "核桃", ""],
    ]);
    expect(records).toEqual([
      { line: 2, values: { title: "核桃仁", category: "核桃" } },
      { line: 4, values: { title: "薄皮核桃", category: "核桃" } },
    ]);
  });

  it("reads UTF-8 with or without a BOM, GBK and GB18030", () => {
    const text = "商品名称,品类\r\n洛南核桃,核桃\r\n";
    expect(decodeSpreadsheetText(new TextEncoder().encode(text))).toEqual({ text, encoding: "utf-8" });
    expect(decodeSpreadsheetText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))).toEqual({ text, encoding: "utf-8" });
    expect(decodeSpreadsheetText(new Uint8Array(iconv.encode(text, "gbk")))).toEqual({ text, encoding: "gb18030" });
    expect(decodeSpreadsheetText(new Uint8Array(iconv.encode("𠮷 镕", "gb18030"))).text).toBe("𠮷 镕");
  });
});
