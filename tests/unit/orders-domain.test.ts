import { describe, expect, it } from "vitest";
import { buildLines, expandGiftPack, festivalCapCheck, orderEffect, type OrderableProduct } from "~/domain/order-builder";
import {
  canCancel,
  canRate,
  formatRating,
  ratingAverage,
  canTransitionOrder,
  canTransitionSubOrder,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  orderStatusAfterSubOrders,
  SUB_ORDER_STATUSES,
  SUB_ORDER_TRANSITIONS,
  type OrderTransition,
  type SubOrderTransition,
} from "~/domain/order-state";

describe("order state machine", () => {
  const allowedOrder: Record<OrderTransition, string[]> = {
    approve: ["PENDING_APPROVAL"],
    reject: ["PENDING_APPROVAL"],
    cancel: ["PENDING_APPROVAL", "PLACED"],
    complete: ["PLACED"],
  };
  for (const transition of Object.keys(ORDER_TRANSITIONS) as OrderTransition[]) {
    for (const status of ORDER_STATUSES) {
      const allowed = allowedOrder[transition].includes(status);
      it(`${allowed ? "allows" : "forbids"} order ${transition} from ${status}`, () => {
        expect(canTransitionOrder(status, transition)).toBe(allowed);
      });
    }
  }
  const allowedSub: Record<SubOrderTransition, string[]> = {
    confirm: ["PENDING"],
    decline: ["PENDING", "CONFIRMED"],
    ship: ["CONFIRMED"],
    receive: ["SHIPPED"],
    dispute: ["SHIPPED"],
    cancel: ["PENDING", "CONFIRMED"],
    resolveComplaint: ["DISPUTED"],
  };
  for (const transition of Object.keys(SUB_ORDER_TRANSITIONS) as SubOrderTransition[]) {
    for (const status of SUB_ORDER_STATUSES) {
      const allowed = allowedSub[transition].includes(status);
      it(`${allowed ? "allows" : "forbids"} sub-order ${transition} from ${status}`, () => {
        expect(canTransitionSubOrder(status, transition)).toBe(allowed);
      });
    }
  }
  it("cancels only before anything ships", () => {
    expect(canCancel({ status: "PLACED" }, [{ status: "CONFIRMED" }, { status: "PENDING" }])).toBe(true);
    expect(canCancel({ status: "PLACED" }, [{ status: "SHIPPED" }, { status: "PENDING" }])).toBe(false);
    expect(canCancel({ status: "COMPLETED" }, [])).toBe(false);
  });
  it("completes when every part is settled and something arrived", () => {
    expect(orderStatusAfterSubOrders([{ status: "RECEIVED" }, { status: "DECLINED" }])).toBe("COMPLETED");
    expect(orderStatusAfterSubOrders([{ status: "RECEIVED" }, { status: "SHIPPED" }])).toBe("PLACED");
    expect(orderStatusAfterSubOrders([{ status: "DECLINED" }, { status: "DECLINED" }])).toBe("CANCELLED");
    // An open complaint keeps the order open until it is resolved.
    expect(orderStatusAfterSubOrders([{ status: "RECEIVED" }, { status: "DISPUTED" }])).toBe("PLACED");
    expect(canRate({ status: "RECEIVED", rating: null })).toBe(true);
    expect(canRate({ status: "RECEIVED", rating: 4 })).toBe(false);
    expect(canRate({ status: "SHIPPED", rating: null })).toBe(false);
  });
});

const product = (id: number, over: Partial<OrderableProduct> = {}): OrderableProduct => ({
  id,
  code: `P${id}`,
  title: `产品${id}`,
  unit: "盒",
  category: "TEA",
  priceFen: 10000,
  minOrderQty: 10,
  stock: 1000,
  active: true,
  supplierId: 1,
  supplierName: "合作社",
  supplierTradeRole: "PRODUCER",
  originCounty: "商南县",
  originVillageId: null,
  originVillageName: null,
  households: 0,
  tiers: [{ minQty: 300, priceFen: 9000 }],
  certificateNumber: "C-1",
  ...over,
});

describe("order builder", () => {
  it("multiplies a gift pack by headcount and applies tier prices", () => {
    const requested = expandGiftPack(
      [
        { productId: 1, perPerson: 1 },
        { productId: 2, perPerson: 2 },
      ],
      320,
    );
    const { lines, totalFen, certifiedFen, problems } = buildLines(
      requested,
      new Map([
        [1, product(1)],
        [2, product(2, { certificateNumber: null, tiers: [] })],
      ]),
    );
    expect(problems).toEqual([]);
    expect(lines.map((l) => [l.quantity, l.unitPriceFen])).toEqual([
      [320, 9000],
      [640, 10000],
    ]);
    expect(totalFen).toBe(320 * 9000 + 640 * 10000);
    expect(certifiedFen).toBe(320 * 9000);
  });
  it("reports minimum order, stock, unknown products and an oversized split", () => {
    const { problems } = buildLines(
      [
        { productId: 1, quantity: 5 },
        { productId: 2, quantity: 2000 },
        { productId: 9, quantity: 1 },
        { productId: 3, quantity: 20, secondAddressQuantity: 21 },
      ],
      new Map([
        [1, product(1)],
        [2, product(2)],
        [3, product(3)],
      ]),
    );
    expect(problems.map((p) => [p.productId, p.problem])).toEqual([
      [1, "belowMinimum"],
      [2, "notEnoughStock"],
      [9, "notFound"],
      [3, "splitTooLarge"],
    ]);
  });
  it("checks festival gifts against the annual cap per member, counting what was already spent", () => {
    const ok = festivalCapCheck({
      occasion: "MID_AUTUMN",
      orderTotalFen: 320 * 30000,
      orderHeadcount: 320,
      festivalSpentThisYearFen: 320 * 150000,
      unionHeadcount: 320,
      capPerMemberFen: 220000,
    });
    expect(ok).toMatchObject({ perMemberFen: 30000, afterFen: 180000, exceeds: false });
    const over = festivalCapCheck({
      occasion: "SPRING_FESTIVAL",
      orderTotalFen: 320 * 80000,
      orderHeadcount: 320,
      festivalSpentThisYearFen: 320 * 150000,
      unionHeadcount: 320,
      capPerMemberFen: 220000,
    });
    expect(over.exceeds).toBe(true);
    expect(
      festivalCapCheck({
        occasion: "CONDOLENCE",
        orderTotalFen: 320 * 800000,
        orderHeadcount: 320,
        festivalSpentThisYearFen: 0,
        unionHeadcount: 320,
        capPerMemberFen: 220000,
      }).exceeds,
    ).toBe(false);
  });
  it("shows the effect on budget and the 30% share", () => {
    const effect = orderEffect({
      budgetFen: 10_000_000,
      assistanceProcurementFen: 2_200_000,
      budgetLeftFen: 6_000_000,
      orderTotalFen: 1_000_000,
      orderCertifiedFen: 900_000,
      targetBasisPoints: 3000,
    });
    expect(effect.shareBefore).toBeCloseTo(0.22);
    expect(effect.shareAfter).toBeCloseTo(0.31);
    expect(effect.remainingAfterFen).toBe(5_000_000);
    expect(effect.overBudget).toBe(false);
  });
});

describe("complaint remedies", () => {
  const lines = [
    { id: 1, unitPriceFen: 8800, quantity: 320, remainingFen: 8800 * 320 },
    { id: 2, unitPriceFen: 4500, quantity: 100, remainingFen: 4500 * 40 },
  ];
  it("refunds the chosen units at the price paid, never more than is left", async () => {
    const { refundAmounts } = await import("~/domain/complaints");
    expect(refundAmounts("PARTIAL_REFUND", lines, [{ orderLineId: 1, quantity: 12 }])).toEqual([{ orderLineId: 1, amountFen: 105600 }]);
    expect(
      refundAmounts("PARTIAL_REFUND", lines, [
        { orderLineId: 2, quantity: 100 },
        { orderLineId: 9, quantity: 1 },
      ]),
    ).toEqual([{ orderLineId: 2, amountFen: 180000 }]);
    expect(refundAmounts("RETURN_REFUND", lines, [])).toEqual([
      { orderLineId: 1, amountFen: 2816000 },
      { orderLineId: 2, amountFen: 180000 },
    ]);
    expect(refundAmounts("REPLACEMENT", lines, [{ orderLineId: 1, quantity: 3 }])).toEqual([]);
  });
});

describe("supplier ratings", () => {
  it("averages the kept sum and count, and shows one decimal at most", () => {
    expect(ratingAverage({ ratingSum: 0, ratingCount: 0 })).toBeNull();
    expect(ratingAverage({ ratingSum: 14, ratingCount: 3 })).toBeCloseTo(4.667, 3);
    expect(formatRating(14 / 3, "zh-CN")).toBe("4.7");
    expect(formatRating(null, "en")).toBe("—");
  });
});
