import { describe, expect, it } from "vitest";
import { indexTokens, matchExpression, normaliseQuery, queryTerms, queryTokens, tsQueryExpression } from "~/domain/search";

describe("catalog search tokens", () => {
  it("indexes CJK as characters and bigrams, Latin as lowercase words", () => {
    expect(indexTokens("洛南核桃 5斤")).toEqual(["洛", "南", "核", "桃", "洛南", "南核", "核桃", "5斤"]);
    expect(indexTokens("核桃")).toEqual(["核", "桃", "核桃"]);
    expect(indexTokens("Honey 1kg")).toEqual(["honey", "1kg"]);
  });
  it("turns 1-, 2- and 3-character queries into tokens the index holds", () => {
    expect(queryTokens("核")).toEqual(["核"]);
    expect(queryTokens("木耳")).toEqual(["木耳"]);
    expect(queryTokens("核桃仁")).toEqual(["核桃", "桃仁"]);
    for (const q of ["核", "木耳", "核桃仁"]) {
      const indexed = new Set(indexTokens("香酥核桃仁 柞水木耳"));
      expect(queryTokens(q).every((t) => indexed.has(t))).toBe(true);
    }
  });
  it("normalises full-width input and quotes everything so typed text cannot become FTS syntax", () => {
    expect(normaliseQuery("ＨＯＮＥＹ　")).toBe("HONEY");
    expect(matchExpression('蜂蜜 OR "x')).toBe('"蜂蜜" AND "or"* AND "x"*');
    expect(matchExpression("   ")).toBeNull();
    expect(matchExpression("***")).toBeNull();
  });
  it("gives PostgreSQL the same terms as a tsquery of quoted lexemes, Latin words as prefixes (ADR 0196)", () => {
    expect(tsQueryExpression(queryTerms("核桃仁 Hon"))).toBe("'核桃' & '桃仁' & 'hon':*");
    expect(tsQueryExpression(queryTerms("米"))).toBe("'米'");
    expect(tsQueryExpression(queryTerms('a:* | !b & "c"'))).toBe("'a':* & 'b':* & 'c':*");
    expect(tsQueryExpression(queryTerms("%_"))).toBeNull();
  });
});
