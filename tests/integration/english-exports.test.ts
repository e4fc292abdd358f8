// Export headers come from the locale files: English headers hold no Chinese, Chinese headers no English words.
import { beforeAll, describe, expect, it } from "vitest";
import "~/locales/all.server";
import { messagesFor } from "~/locales/messages.server";
import { reportTable, EXPORT_TABLES } from "~/models/welfare/report-export.server";
import { settlementsCsv } from "~/models/payments/payments.server";
import { reader } from "~/utils/db.server";
import { one, q } from "~/utils/sql.server";
import { seedDemoBase } from "../support/fixtures";

const CJK = /[\u3400-\u9fff\uff00-\uffef]/;
const ENGLISH_WORD = /[A-Za-z]{3,}/;
let city: { id: number; path: string };

beforeAll(async () => {
  await seedDemoBase();
  city = await one(reader, q.selectFrom("Organization").select(["id", "path"]).where("code", "=", "SL"));
});

describe("export headers in the user's language", () => {
  it.each(EXPORT_TABLES)("names the %s table's columns in English or in Chinese, never both", async (table) => {
    const en = await reportTable({ org: city }, city.id, 2026, table, messagesFor("en"));
    const zh = await reportTable({ org: city }, city.id, 2026, table, messagesFor("zh-CN"));
    for (const header of [en.name, ...en.header]) expect(header, header).not.toMatch(CJK);
    for (const header of [zh.name, ...zh.header]) expect(header, header).not.toMatch(ENGLISH_WORD);
  });

  it("names the settlement ledger's columns in the user's language", async () => {
    expect((await settlementsCsv(messagesFor("en").payments.settlementsCsvHeader)).split("\n")[0]).not.toMatch(CJK);
    expect((await settlementsCsv(messagesFor("zh-CN").payments.settlementsCsvHeader)).split("\n")[0]).not.toMatch(ENGLISH_WORD);
  });
});
