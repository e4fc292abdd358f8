// React 18's streaming renderer used to emit pairs of NUL bytes at 2,048-byte boundaries whenever a multi-byte
// character did not fit the rest of its buffer (scripts/patch-react-dom.mjs fixes it at postinstall). This renders
// more than 20 KB of Chinese text the way app/entry.server.tsx does and checks every byte.
import { PassThrough } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";

function render(element: React.ReactElement): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const body = new PassThrough();
    body.on("data", (chunk: Buffer) => chunks.push(chunk));
    body.on("end", () => resolve(Buffer.concat(chunks)));
    const { pipe } = renderToPipeableStream(element, { onAllReady: () => pipe(body), onShellError: reject, onError: reject });
  });
}

const PHRASES = ["商南县试马镇茶叶专业合作社", "核桃", "香菇", "帮扶集采平台", "工会福利", "脱贫村", "蜂蜜", "柞水木耳", "a", "¥1,234.50", "—"];

describe("server-rendered HTML", () => {
  it("has no NUL bytes on a page with more than 20 KB of Chinese text, split into many text nodes and attributes", async () => {
    // Odd-length pieces mixed with ASCII so multi-byte characters land on every offset of the 2,048-byte buffer.
    const items = Array.from({ length: 900 }, (_, i) => {
      const text = `${PHRASES[i % PHRASES.length]}${"名".repeat(i % 7)}${i}`;
      return createElement("li", { key: i, title: text, "data-x": "é".repeat(i % 3) }, text, createElement("span", null, PHRASES[(i * 7) % PHRASES.length]));
    });
    const html = await render(createElement("html", null, createElement("body", null, createElement("ul", null, items))));
    const text = html.toString("utf8");
    expect(Buffer.byteLength([...text].filter((c) => c.charCodeAt(0) > 0x7f).join(""))).toBeGreaterThan(20_000);
    expect(html.includes(0)).toBe(false);
    expect(text).not.toContain("\uFFFD");
    expect(text).toContain("商南县试马镇茶叶专业合作社");
  });
});
