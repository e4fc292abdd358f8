// The catalog's result stamp (docs/decisions/0185-catalog-result-cache.md) moves on both engines with every write a
// result page depends on, and not with stock: the same statements against the SQLite migrations and the generated
// PostgreSQL schema.
import type Database from "better-sqlite3";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratedSqlite } from "../../scripts/postgres-schema.mjs";
import { connect } from "./support";

let client: pg.Client;
let sqlite: Database.Database;

beforeAll(async () => {
  client = await connect();
  sqlite = migratedSqlite().db;
});
afterAll(async () => {
  await client.end();
  sqlite.close();
});

interface Engine {
  name: string;
  /** Runs one statement written with `?` placeholders; an instant is passed as a Date. */
  run(sql: string, ...params: unknown[]): Promise<void>;
  id(sql: string, ...params: unknown[]): Promise<number>;
  version(): Promise<number>;
}

const engines = (): Engine[] => [
  {
    name: "sqlite",
    run: async (sql, ...params) =>
      void sqlite.prepare(sql).run(...params.map((p) => (p instanceof Date ? p.getTime() : typeof p === "boolean" ? Number(p) : p))),
    id: async (sql, ...params) =>
      Number(sqlite.prepare(sql).run(...params.map((p) => (p instanceof Date ? p.getTime() : typeof p === "boolean" ? Number(p) : p))).lastInsertRowid),
    version: async () => (sqlite.prepare(`SELECT "version" FROM "CatalogVersion" WHERE "id" = 1`).get() as { version: number }).version,
  },
  {
    name: "postgres",
    run: async (sql, ...params) => void (await client.query(numbered(sql), params)),
    id: async (sql, ...params) => (await client.query<{ id: number }>(`${numbered(sql)} RETURNING "id"`, params)).rows[0].id,
    version: async () => (await client.query<{ version: number }>(`SELECT "version" FROM "CatalogVersion" WHERE "id" = 1`)).rows[0].version,
  },
];

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

describe.each(engines().map((e) => [e.name, e] as const))("CatalogVersion on %s", (_name, engine) => {
  it("moves with listings, suppliers, villages, supplier names and certificates, and stays with stock", async () => {
    const now = new Date();
    // How far it moved: at least once for a write that counts (PostgreSQL's statement triggers also fire for the
    // statements a cascade runs, even on no rows), not at all for one that does not.
    const moves = async (write: () => Promise<unknown>) => {
      const before = await engine.version();
      await write();
      return (await engine.version()) - before;
    };
    const orgId = await engine.id(`INSERT INTO "Organization" ("kind","name","code","path") VALUES ('SUPPLIER','合作社甲','CV-1','/cv/')`);
    const supplierId = await engine.id(`INSERT INTO "Supplier" ("orgId","kind","tradeRole","county") VALUES (?,'COOPERATIVE','PRODUCER','商州区')`, orgId);
    const villageId = await engine.id(`INSERT INTO "Village" ("name","township","county") VALUES ('黄沙村','石门镇','洛南县')`);
    let productId = 0;
    expect(
      await moves(async () => {
        productId = await engine.id(
          `INSERT INTO "Product" ("supplierId","code","title","category","unit","priceFen","originVillageId","updatedAt") VALUES (?,'CV-P1','核桃','WALNUT','箱',9500,?,?)`,
          supplierId,
          villageId,
          now,
        );
      }),
    ).toBeGreaterThan(0);
    expect(await moves(() => engine.run(`UPDATE "Product" SET "priceFen" = 9900 WHERE "id" = ?`, productId))).toBeGreaterThan(0);
    expect(await moves(() => engine.run(`UPDATE "Product" SET "title" = '薄皮核桃' WHERE "id" = ?`, productId))).toBeGreaterThan(0);
    expect(await moves(() => engine.run(`UPDATE "Product" SET "active" = ?, "listingState" = 'WITHDRAWN' WHERE "id" = ?`, false, productId))).toBeGreaterThan(
      0,
    );
    expect(await moves(() => engine.run(`UPDATE "Supplier" SET "ratingSum" = 5, "ratingCount" = 1 WHERE "id" = ?`, supplierId))).toBeGreaterThan(0);
    expect(await moves(() => engine.run(`UPDATE "Organization" SET "name" = '合作社乙' WHERE "id" = ?`, orgId))).toBeGreaterThan(0);
    expect(await moves(() => engine.run(`UPDATE "Village" SET "county" = '商州区' WHERE "id" = ?`, villageId))).toBeGreaterThan(0);
    let certificateId = 0;
    expect(
      await moves(async () => {
        certificateId = await engine.id(
          `INSERT INTO "Certificate" ("productId","number","level","issuer","validFrom","validTo") VALUES (?,'CV-C1','COUNTY','洛南县总工会',?,?)`,
          productId,
          now,
          new Date(now.getTime() + 86_400_000),
        );
      }),
    ).toBeGreaterThan(0);
    expect(await moves(() => engine.run(`UPDATE "Certificate" SET "status" = 'APPROVED' WHERE "id" = ?`, certificateId))).toBeGreaterThan(0);
    expect(await moves(() => engine.run(`DELETE FROM "Certificate" WHERE "id" = ?`, certificateId))).toBeGreaterThan(0);
    expect(await moves(() => engine.run(`INSERT INTO "ProductTierPrice" ("productId","minQty","priceFen") VALUES (?,100,9000)`, productId))).toBeGreaterThan(0);
    expect(await moves(() => engine.run(`UPDATE "ProductTierPrice" SET "priceFen" = 8800 WHERE "productId" = ?`, productId))).toBeGreaterThan(0);
    expect(
      await moves(() => engine.run(`INSERT INTO "ProductPhoto" ("productId","fileName","contentType") VALUES (?,'a.jpg','image/jpeg')`, productId)),
    ).toBeGreaterThan(0);
    expect(await moves(() => engine.run(`DELETE FROM "ProductPhoto" WHERE "productId" = ?`, productId))).toBeGreaterThan(0);
    expect(await moves(() => engine.run(`UPDATE "Product" SET "marketPriceFen" = 8000, "minOrderQty" = 2 WHERE "id" = ?`, productId))).toBeGreaterThan(0);
    // What the page reads afresh for the listings it shows moves nothing: every order changes stock.
    expect(await moves(() => engine.run(`UPDATE "Product" SET "stock" = "stock" + 5, "updatedAt" = ? WHERE "id" = ?`, now, productId))).toBe(0);
    expect(await moves(() => engine.run(`UPDATE "Organization" SET "contactPhone" = '0914-1' WHERE "id" = ?`, orgId))).toBe(0);
    expect(await moves(() => engine.run(`DELETE FROM "Product" WHERE "id" = ?`, productId))).toBeGreaterThan(0);
  });
});
