// Random histories of "Order" rows for the union-year order totals' property tests, one set of cases for both
// engines (tests/integration and tests/postgres union-order-totals): inserts, updates of any trigger column and
// deletes, across every status and occasion, three unions, amounts past 2^31 and both sides of the China new year.
import fc from "fast-check";
import { OCCASIONS } from "~/domain/order-builder";
import { ORDER_STATUSES } from "~/domain/order-state";

/** An instant near a China new year (epoch ms): it turns at 31 Dec 16:00:00.000 UTC; a millisecond before is the old year. */
const nearNewYear = fc
  .tuple(fc.integer({ min: 2024, max: 2027 }), fc.constantFrom(-86_400_000, -1, 0, 1, 3_600_000), fc.constantFrom(0, 180))
  .map(([year, offset, days]) => Date.UTC(year, 11, 31, 16, 0, 0, 0) + offset - days * 86_400_000);

const order = fc.record({
  union: fc.nat(2),
  status: fc.constantFrom(...ORDER_STATUSES),
  occasion: fc.constantFrom(...OCCASIONS),
  totalFen: fc.integer({ min: 1, max: 5_000_000_000 }), // past 2^31, as a city's year of orders is
  createdAt: nearNewYear,
});

export const orderOperation = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), order }),
  fc.record({
    kind: fc.constant("update" as const),
    pick: fc.nat(),
    change: fc.record(
      {
        status: fc.constantFrom(...ORDER_STATUSES),
        occasion: fc.constantFrom(...OCCASIONS),
        totalFen: fc.integer({ min: 1, max: 5_000_000_000 }),
        union: fc.nat(2),
        createdAt: nearNewYear,
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
);
