import { describe, expect, it } from "vitest";
import { parseCsv, parseCsvRecords, toCsv } from "~/domain/csv";

describe("csv", () => {
  it("parses quotes, commas, line breaks and a BOM", () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","he said ""hi"""\n"multi\nline",2\n\n')).toEqual([
      ["a", "b"],
      ["x, y", 'he said "hi"'],
      ["multi\nline", "2"],
    ]);
  });
  it("keys records by header with line numbers", () => {
    expect(parseCsvRecords("code,quantity\nP00001,320\n").records).toEqual([{ line: 2, values: { code: "P00001", quantity: "320" } }]);
  });
  it("round-trips and defuses formulas", () => {
    const text = toCsv(
      ["名称", "金额"],
      [
        ["商南绿茶, 特级", "268.00"],
        ["=HYPERLINK()", -5],
      ],
    );
    expect(text.startsWith("\ufeff")).toBe(true);
    expect(parseCsv(text)).toEqual([
      ["名称", "金额"],
      ["商南绿茶, 特级", "268.00"],
      ["'=HYPERLINK()", "-5"],
    ]);
  });
});
