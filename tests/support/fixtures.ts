// Shared helpers for integration tests: the demo base data, a signed-in cookie for any demo user, and
// requests shaped like a browser's form posts.
import crypto from "node:crypto";
import { demoPasswordHash, seedBase } from "../../prisma/seed";
import { rebuildProductSearchIndex } from "~/models/catalog/product-search-index.server";
import { db, reader, transaction, write } from "~/utils/db.server";
import { sessionCookie } from "~/utils/session.server";
import { all, one, q, setSequencesPastIds } from "~/utils/sql.server";

let passwordHash: Promise<string> | null = null;

/** Seeds the Shangluo demo base (no orders) into this file's fresh database. */
export async function seedDemoBase() {
  const hash = await (passwordHash ??= demoPasswordHash());
  return transaction(async (connection) => {
    const base = await seedBase(connection, hash);
    await rebuildProductSearchIndex(connection);
    await setSequencesPastIds(connection);
    return base;
  });
}

/** The organisation a demo user belongs to (their first membership). */
export async function orgIdOf(username: string): Promise<number> {
  const membership = await one(
    reader,
    q.selectFrom("Membership as m").innerJoin("User as u", "u.id", "m.userId").select("m.orgId").where("u.username", "=", username).orderBy("m.id").limit(1),
  );
  return membership.orgId;
}

/** The first `count` products (by id) of the cooperative a demo user works for. */
export async function productIdsOf(username: string, count = 1): Promise<number[]> {
  const rows = await all(
    reader,
    q
      .selectFrom("Product as p")
      .innerJoin("Supplier as s", "s.id", "p.supplierId")
      .innerJoin("Membership as m", "m.orgId", "s.orgId")
      .innerJoin("User as u", "u.id", "m.userId")
      .select("p.id")
      .where("u.username", "=", username)
      .orderBy("p.id")
      .limit(count),
  );
  if (rows.length < count) throw new Error(`${username} sells ${rows.length} products, not ${count}`);
  return rows.map((r) => r.id);
}

/** A Cookie header for a signed-in demo user, without going through the login form. */
export async function cookieFor(username: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { username }, include: { memberships: true } });
  const id = crypto.randomBytes(16).toString("hex");
  await write(() => db.session.create({ data: { id, userId: user.id, membershipId: user.memberships[0].id, expiresAt: new Date(Date.now() + 3600_000) } }));
  const setCookie = await sessionCookie.serialize(id);
  return setCookie.split(";")[0];
}

export const BASE_URL = "http://localhost:3000";

export function getRequest(path: string, cookie?: string) {
  return new Request(`${BASE_URL}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export function formRequest(path: string, fields: Record<string, string | string[]> | FormData, cookie?: string) {
  let body: FormData;
  if (fields instanceof FormData) body = fields;
  else {
    body = new FormData();
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  }
  return new Request(`${BASE_URL}${path}`, { method: "POST", body, headers: cookie ? { Cookie: cookie } : {} });
}

/** Calls a loader or action and returns the thrown or returned Response, so tests can assert 403/404/400. */
export async function responseOf(run: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await run();
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), { status: 200 });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The order form as a buyer posts it: one product, quantities mode, one delivery address. */
export function orderForm(productId: number, token: string, quantity = "1", extra: Record<string, string> = {}) {
  return {
    intent: "submit",
    token,
    mode: "quantities",
    occasion: "UNION_ACTIVITY",
    productId: String(productId),
    quantity,
    recipient1: "工会办公室",
    phone1: "0914-1234567",
    address1: "商州区北新街 1 号",
    ...extra,
  };
}

/** Sets a union's budget for the year so that it blocks overspending with exactly `roomFen` left above its live orders. */
export async function blockBudgetWithRoom(unionId: number, year: number, roomFen: bigint) {
  const committed = await db.order.aggregate({ where: { unionId, status: { notIn: ["REJECTED", "CANCELLED"] } }, _sum: { totalFen: true } });
  await write(() =>
    db.welfareBudget.update({
      where: { orgId_year: { orgId: unionId, year } },
      data: { budgetFen: (committed._sum.totalFen ?? 0n) + roomFen, blockOverBudget: true },
    }),
  );
}
