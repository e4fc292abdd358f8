import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { withoutNulBytes } from "~/entry.server";

describe("the HTML stream", () => {
  it("drops the NUL bytes React 18 leaves at a 2 KB buffer's end, keeping every Chinese character whole", async () => {
    const encoded = Buffer.from("产自商南县石坡村", "utf8");
    // What React 18 writes: a buffer whose last two bytes were never filled, then the character that did not fit.
    const chunks = [Buffer.concat([encoded.subarray(0, 12), Buffer.from([0, 0])]), encoded.subarray(12)];
    const out = await text(Readable.from(chunks).pipe(withoutNulBytes()));
    expect(out).toBe("产自商南县石坡村");
  });
});
