import { describe, expect, it } from "vitest";
import {
  campaignCapCheck,
  campaignForOrder,
  daysLeft,
  expandPack,
  lastDayOf,
  packItemProblems,
  packPriceFen,
  windowFromDays,
  windowState,
} from "~/domain/campaign";
import { buildLines, type OrderableProduct } from "~/domain/order-builder";

const at = (iso: string) => new Date(iso);

describe("campaign windows (China days)", () => {
  const window = windowFromDays("2026-09-01", "2026-09-15");
  it("opens at 00:00 China time on the first day and closes after the last day", () => {
    expect(window.opensAt.toISOString()).toBe("2026-08-31T16:00:00.000Z");
    expect(lastDayOf(window)).toBe("2026-09-15");
    expect(windowState(window, at("2026-08-31T15:59:59Z"))).toBe("upcoming");
    expect(windowState(window, at("2026-08-31T16:00:00Z"))).toBe("open");
    expect(windowState(window, at("2026-09-15T15:59:59Z"))).toBe("open");
    expect(windowState(window, at("2026-09-15T16:00:00Z"))).toBe("closed");
  });
  it("counts days left including today", () => {
    expect(daysLeft(window, at("2026-09-15T10:00:00+08:00"))).toBe(1);
    expect(daysLeft(window, at("2026-09-01T23:00:00+08:00"))).toBe(15);
    expect(daysLeft(window, at("2026-09-16T00:00:00+08:00"))).toBe(0);
  });
  it("joins the open campaign for the occasion whose organiser is nearest the union", () => {
    const city = { id: 1, occasion: "MID_AUTUMN", organiserPath: "/1/", ...window };
    const county = { id: 2, occasion: "MID_AUTUMN", organiserPath: "/1/2/", ...window };
    const other = { id: 3, occasion: "MID_AUTUMN", organiserPath: "/1/3/", ...window };
    const inside = at("2026-09-05T12:00:00+08:00");
    expect(campaignForOrder([city, county, other], { occasion: "MID_AUTUMN", unionPath: "/1/2/9/", at: inside })?.id).toBe(2);
    expect(campaignForOrder([city, other], { occasion: "MID_AUTUMN", unionPath: "/1/2/9/", at: inside })?.id).toBe(1);
    expect(campaignForOrder([city], { occasion: "NATIONAL_DAY", unionPath: "/1/2/9/", at: inside })).toBeNull();
    expect(campaignForOrder([city], { occasion: "MID_AUTUMN", unionPath: "/1/2/9/", at: at("2026-09-20T12:00:00+08:00") })).toBeNull();
    expect(campaignForOrder([city], { occasion: "MID_AUTUMN", unionPath: "/7/9/", at: inside })).toBeNull();
  });
  it("checks the per-member amount in the campaign against its cap and guidance, rounding up", () => {
    expect(
      campaignCapCheck({
        spentInCampaignFen: 10001,
        unionHeadcount: 100,
        orderTotalFen: 300000,
        orderHeadcount: 10,
        capPerMemberFen: 30101,
        guidancePerMemberFen: 30000,
      }),
    ).toMatchObject({ spentPerMemberFen: 101, afterFen: 30101, exceeds: false, aboveGuidance: true });
    expect(
      campaignCapCheck({
        spentInCampaignFen: 0,
        unionHeadcount: 100,
        orderTotalFen: 300001,
        orderHeadcount: 10,
        capPerMemberFen: 30000,
        guidancePerMemberFen: 30000,
      }).exceeds,
    ).toBe(true);
  });
});

describe("ready packs", () => {
  const items = [
    { productId: 1, quantity: 2, unitPriceFen: 9000 },
    { productId: 2, quantity: 1, unitPriceFen: 6000 },
  ];
  it("is priced item by item, never above the list price, each product once", () => {
    expect(packPriceFen(items)).toBe(24000);
    expect(
      packItemProblems(
        items,
        new Map([
          [1, 9000],
          [2, 6800],
        ]),
      ),
    ).toEqual([]);
    expect(
      packItemProblems(
        [...items, items[0]],
        new Map([
          [1, 8999],
          [2, 6800],
        ]),
      ),
    ).toEqual([
      { productId: 1, problem: "aboveListPrice" },
      { productId: 1, problem: "duplicate" },
      { productId: 1, problem: "aboveListPrice" },
    ]);
    expect(packItemProblems(items, new Map([[1, 9000]]))).toEqual([{ productId: 2, problem: "notListed" }]);
  });
  it("expands to lines at pack prices that stay apart from loose lines; stock and minimum count the product's total", () => {
    const lines = [...expandPack(7, items, 30), { productId: 1, quantity: 5 }];
    const product = (id: number, stock: number): OrderableProduct => ({
      id,
      code: `P${id}`,
      title: `产品${id}`,
      unit: "盒",
      category: "TEA",
      priceFen: 10000,
      minOrderQty: 1,
      stock,
      active: true,
      supplierId: id,
      supplierName: "s",
      supplierTradeRole: "PRODUCER",
      originCounty: "商南县",
      originVillageId: null,
      originVillageName: null,
      households: 0,
      tiers: [],
      certificateNumber: null,
    });
    const built = buildLines(
      lines,
      new Map([
        [1, product(1, 64)],
        [2, product(2, 100)],
      ]),
    );
    expect(built.lines.map((l) => [l.product.id, l.quantity, l.unitPriceFen, l.packId])).toEqual([
      [1, 60, 9000, 7],
      [2, 30, 6000, 7],
      [1, 5, 10000, null],
    ]);
    expect(built.totalFen).toBe(60 * 9000 + 30 * 6000 + 5 * 10000);
    // 60 in packs + 5 loose > 64 in stock, though each line alone fits.
    expect(built.problems).toEqual([expect.objectContaining({ productId: 1, problem: "notEnoughStock" })]);
  });
});
