// The join every read of a listing as buyers see it starts from: the product page, the catalog's cards, the search
// index and order submission's snapshot.
import type { Kysely } from "kysely";
import type { DB } from "~/generated/db-types";
import { q } from "~/utils/sql.server";

/** Listings (p) with their supplier (s), the supplier's organisation (o, for its name) and origin village (v, if any). */
export function listingsWithOrigin(builder: Kysely<DB> = q) {
  return builder
    .selectFrom("Product as p")
    .innerJoin("Supplier as s", "s.id", "p.supplierId")
    .innerJoin("Organization as o", "o.id", "s.orgId")
    .leftJoin("Village as v", "v.id", "p.originVillageId");
}
