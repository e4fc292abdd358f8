// A prepared statement compiles to exactly what building the same query with the values would, for any values.
import fc from "fast-check";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { prepared, q } from "~/utils/sql.server";

const direct = (orgId: number, year: number, minFen: number, limit: number) =>
  q
    .selectFrom("ProcurementTotal as t")
    .innerJoin("Organization as o", "o.id", "t.orgId")
    .select(["o.name", "t.certifiedFen"])
    .where("t.orgId", "=", orgId)
    .where("t.year", "=", year)
    .where((eb) => eb.or([eb("t.certifiedFen", ">=", minFen), eb("o.kind", "=", "COUNTY")]))
    .where(sql<boolean>`${sql.ref("t.budgetFen")} > ${minFen}`)
    .orderBy("o.name")
    .limit(limit);

const statement = prepared((p: { orgId: number; year: number; minFen: number; limit: number }) => direct(p.orgId, p.year, p.minFen, p.limit));

describe("prepared statements", () => {
  it("compile to the SQL and parameters of the query built with the values", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 2000, max: 2100 }), fc.integer(), fc.integer({ min: 1, max: 100 }), (orgId, year, minFen, limit) => {
        const expected = direct(orgId, year, minFen, limit).compile();
        const actual = statement({ orgId, year, minFen, limit }).compile();
        expect(actual.sql).toBe(expected.sql);
        expect(actual.parameters).toEqual(expected.parameters);
      }),
      { seed: 20261201, numRuns: 200 },
    );
  });

  it("keeps one compiled statement per shape", () => {
    const byKind = prepared((p: { id: number }, kind: "COUNTY" | "GRASSROOTS") =>
      q.selectFrom("Organization").select("id").where("id", "=", p.id).where("kind", "=", kind),
    );
    expect(byKind({ id: 3 }, "COUNTY").compile().parameters).toEqual([3, "COUNTY"]);
    expect(byKind({ id: 4 }, "GRASSROOTS").compile().parameters).toEqual([4, "GRASSROOTS"]);
    expect(byKind({ id: 5 }, "COUNTY").compile().parameters).toEqual([5, "COUNTY"]);
  });

  it("refuses a value the statement does not bind as a parameter", () => {
    const branching = prepared((p: { id: number; withKind: boolean }) => {
      const base = q.selectFrom("Organization").select("id").where("id", "=", p.id);
      // A stand-in is always truthy: building on a value's truth is what `shape` is for.
      return p.withKind ? base.where("kind", "=", "COUNTY") : base;
    });
    expect(() => branching({ id: 1, withKind: false })).toThrow(/does not bind withKind/);
    const asText = prepared((p: { kind: string }) =>
      q
        .selectFrom("Organization")
        .select("id")
        .where(sql.raw<boolean>(`"kind" = '${p.kind}'`)),
    );
    expect(() => asText({ kind: "COUNTY" })).toThrow(/does not bind/);
  });
});
