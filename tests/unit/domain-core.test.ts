import { describe, expect, it } from "vitest";
import { chinaDate, chinaMonth, chinaYear } from "~/domain/china-time";
import { certificateState, validCertificateAt } from "~/domain/certification";
import { fenToYuanString, formatMoney, parseYuan } from "~/domain/money";
import { isPricedAboveMarket, linePrice, tierProblems, unitPriceFor } from "~/domain/pricing";
import { gradeFor, rollUp, welfareShare } from "~/domain/welfare-share";
import { PAYMENT_STATUSES, isPaid, isPayable } from "~/domain/payments";

describe("money", () => {
  it("compact amounts have no trailing .0, as the browser renders them (server and client must agree to hydrate)", () => {
    expect([0, 5_000_000, 15_000_000, 360_200, 360_250, 12_345_600].map((fen) => formatMoney(fen, "zh-CN", { compact: true }))).toEqual([
      "¥0",
      "¥5万",
      "¥15万",
      "¥3602",
      "¥3602.5",
      "¥12.3万",
    ]);
    expect(formatMoney(5_000_000, "en", { compact: true })).toBe("¥50K");
  });

  it("parses what people type into exact fen", () => {
    expect(parseYuan("42")).toBe(4200);
    expect(parseYuan("¥1,234.5")).toBe(123450);
    expect(parseYuan("0.1")).toBe(10);
    expect(parseYuan("19.99元")).toBe(1999);
    expect(parseYuan("1.234")).toBeNull();
    expect(parseYuan("-3")).toBeNull();
    expect(parseYuan("abc")).toBeNull();
  });
  it("formats fen without losing a fen", () => {
    expect(fenToYuanString(2147483647)).toBe("21474836.47");
    expect(fenToYuanString(5)).toBe("0.05");
    expect(formatMoney(123456789, "zh-CN")).toBe("¥1,234,567.89");
    expect(formatMoney(4200, "en")).toBe("¥42.00");
  });
});

describe("China time", () => {
  it("counts 23:30 on 31 December in Shanghai in that year", () => {
    const lateNewYearsEve = new Date("2025-12-31T23:30:00+08:00");
    expect(chinaYear(lateNewYearsEve)).toBe(2025);
    expect(chinaMonth(lateNewYearsEve)).toBe(12);
    const earlyNewYear = new Date("2026-01-01T00:30:00+08:00"); // still 31 Dec in UTC
    expect(chinaYear(earlyNewYear)).toBe(2026);
    expect(chinaDate(earlyNewYear)).toBe("2026-01-01");
  });
});

describe("tier prices", () => {
  const tiers = [
    { minQty: 100, priceFen: 4200 },
    { minQty: 500, priceFen: 4000 },
  ];
  it("applies the best tier the quantity reaches", () => {
    expect(unitPriceFor(4500, tiers, 99)).toBe(4500);
    expect(unitPriceFor(4500, tiers, 100)).toBe(4200);
    expect(unitPriceFor(4500, tiers, 499)).toBe(4200);
    expect(unitPriceFor(4500, tiers, 500)).toBe(4000);
    expect(linePrice(4500, tiers, 320)).toEqual({ unitPriceFen: 4200, amountFen: 1344000 });
  });
  it("rejects tiers that are not cheaper or repeat a minimum", () => {
    expect(tierProblems(4500, tiers)).toEqual([]);
    expect(tierProblems(4500, [{ minQty: 100, priceFen: 4600 }])).toContain("notCheaper");
    expect(
      tierProblems(4500, [
        { minQty: 100, priceFen: 4200 },
        { minQty: 100, priceFen: 4100 },
      ]),
    ).toContain("duplicateMinQty");
    expect(
      tierProblems(4500, [
        { minQty: 100, priceFen: 4000 },
        { minQty: 500, priceFen: 4200 },
      ]),
    ).toContain("notDescending");
  });
  it("flags prices more than 20% above the market reference", () => {
    expect(isPricedAboveMarket(3500, 1980)).toBe(true);
    expect(isPricedAboveMarket(2376, 1980)).toBe(false); // exactly +20%
    expect(isPricedAboveMarket(2377, 1980)).toBe(true);
    expect(isPricedAboveMarket(3500, null)).toBe(false);
  });
});

describe("certificates", () => {
  const cert = { status: "APPROVED", validFrom: new Date("2026-01-01T00:00:00+08:00"), validTo: new Date("2026-06-30T00:00:00+08:00") };
  it("is valid through the last calendar day in China and expired after", () => {
    expect(certificateState(cert, new Date("2026-06-30T23:59:00+08:00"))).toBe("VALID");
    expect(certificateState(cert, new Date("2026-07-01T00:00:00+08:00"))).toBe("EXPIRED");
    expect(certificateState(cert, new Date("2025-12-31T23:00:00+08:00"))).toBe("NOT_YET_VALID");
    expect(validCertificateAt([{ ...cert, status: "SUBMITTED" }], new Date("2026-03-01"))).toBeNull();
  });
});

describe("the 30% rule", () => {
  it("computes share, completion, gap and grade exactly", () => {
    const f = welfareShare({ budgetFen: 1_000_000_00, assistanceProcurementFen: 22_000_000, targetBasisPoints: 3000 });
    expect(f.share).toBeCloseTo(0.22);
    expect(f.targetFen).toBe(30_000_000);
    expect(f.gapFen).toBe(8_000_000);
    expect(f.completion).toBeCloseTo(22 / 30);
    expect(f.grade).toBe("D"); // 73% of the target
  });
  it("grades at the exact boundaries", () => {
    expect(gradeFor(120, 100)).toBe("A+");
    expect(gradeFor(119, 100)).toBe("A");
    expect(gradeFor(100, 100)).toBe("A");
    expect(gradeFor(99, 100)).toBe("B");
    expect(gradeFor(90, 100)).toBe("B");
    expect(gradeFor(89, 100)).toBe("C");
    expect(gradeFor(70, 100)).toBe("D");
    expect(gradeFor(69, 100)).toBe("F");
    expect(gradeFor(5, 0)).toBeNull();
  });
  it("rolls up as a ratio of sums, not a mean of ratios", () => {
    const county = rollUp(
      [
        { budgetFen: 100_00, assistanceProcurementFen: 100_00 }, // 100%
        { budgetFen: 900_00, assistanceProcurementFen: 0 }, // 0%
      ],
      3000,
    );
    expect(county.share).toBeCloseTo(0.1); // not 50%
    expect(county.gapFen).toBe(200_00);
  });
});

describe("bank transfer references", async () => {
  const { referenceCodeFor, isWellFormedReference, normaliseReference, paymentBalance, isPayable, refundEventMatches, refundRetryDelayMs } =
    await import("~/domain/payments");
  it("makes a fixed-length check-character reference per order that looks nothing like the order number", () => {
    const codes = [1, 2, 197, 5074, 123456, 99_999_999].map(referenceCodeFor);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(isWellFormedReference(code)).toBe(true);
      expect(code).not.toMatch(/^BF/);
    }
    expect(new Set(codes).size).toBe(codes.length);
    // Neighbouring orders get unrelated codes.
    expect(referenceCodeFor(1).slice(0, 4)).not.toBe(referenceCodeFor(2).slice(0, 4));
  });
  it("catches every single mistyped character and reads a sloppy remark", () => {
    const code = referenceCodeFor(5074);
    const compact = code.replace("-", "");
    const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (let i = 0; i < compact.length; i++) {
      for (const ch of alphabet) {
        if (ch === compact[i]) continue;
        expect(isWellFormedReference(compact.slice(0, i) + ch + compact.slice(i + 1))).toBe(false);
      }
    }
    expect(normaliseReference(` ${compact.toLowerCase()} `)).toBe(code);
    expect(normaliseReference("bf00000197")).toBe("BF00000197");
  });
  it("adds transfers up: missing, settled, overpaid", () => {
    expect(paymentBalance(1_190_100, [1_100_000])).toMatchObject({ receivedFen: 1_100_000, missingFen: 90_100, settled: false });
    expect(paymentBalance(1_190_100, [1_100_000, 90_100])).toMatchObject({ missingFen: 0, overpaidFen: 0, settled: true });
    expect(paymentBalance(100, [150])).toMatchObject({ overpaidFen: 50, settled: true });
  });
  it("knows when an order can be paid", () => {
    expect(isPayable({ status: "PLACED", paymentStatus: "UNPAID" })).toBe(true);
    expect(isPayable({ status: "PENDING_APPROVAL", paymentStatus: "UNPAID" })).toBe(false);
    expect(isPayable({ status: "COMPLETED", paymentStatus: "PAID" })).toBe(false);
    expect(isPayable({ status: "CANCELLED", paymentStatus: "UNPAID" })).toBe(false);
  });
  it("applies a refund event only when amount, currency and payment match; backs off", () => {
    const refund = { amountFen: 134_000, paymentIntentId: "pi_1" };
    expect(refundEventMatches(refund, { amount: 134_000, currency: "cny", paymentIntent: "pi_1" })).toBe(true);
    expect(refundEventMatches(refund, { amount: 1, currency: "cny", paymentIntent: "pi_1" })).toBe(false);
    expect(refundEventMatches(refund, { amount: 134_000, currency: "usd", paymentIntent: "pi_1" })).toBe(false);
    expect(refundEventMatches(refund, { amount: 134_000, currency: "cny", paymentIntent: "pi_2" })).toBe(false);
    expect([1, 2, 3, 10].map(refundRetryDelayMs)).toEqual([30_000, 60_000, 120_000, 3600_000]);
  });
});

describe("paid and payable", () => {
  it("an order is paid while the platform holds its money: paid or partly refunded, not unpaid or wholly refunded", () => {
    expect(PAYMENT_STATUSES.filter((paymentStatus) => isPaid({ paymentStatus }))).toEqual(["PAID", "PARTIALLY_REFUNDED"]);
  });
  it("an order can be paid only when placed or completed and unpaid", () => {
    expect(isPayable({ status: "PLACED", paymentStatus: "UNPAID" })).toBe(true);
    expect(isPayable({ status: "PENDING_APPROVAL", paymentStatus: "UNPAID" })).toBe(false);
    expect(isPayable({ status: "COMPLETED", paymentStatus: "PAID" })).toBe(false);
  });
});
