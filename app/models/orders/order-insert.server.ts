// The one way an order is written: the order row, its delivery addresses, one sub-order per supplier and the
// order lines with their snapshot (title, unit, price, certification and origin as they were at order time), with
// the quantity for each address. Order submission, the seed, the data generator and the test fixtures all call it,
// so a new column or rule is added here once. Sums are computed here from the lines, never passed in.
import { chinaYear } from "~/domain/china-time";
import { all, instant, one, prepared, q, run, type Instant, type Connection } from "~/utils/sql.server";

export interface NewOrderLine {
  productId: number;
  productCode: string;
  productTitle: string;
  unit: string;
  category: string;
  unitPriceFen: number;
  quantity: number;
  amountFen: number;
  /** Whether an approved certificate covered the order date (the line keeps this snapshot for the 30% rule) */
  certifiedOnOrderDate: boolean;
  certificateNumber: string | null;
  supplierId: number;
  supplierTradeRole: string;
  originCounty: string;
  originVillageId: number | null;
  originVillageName: string | null;
  householdsBenefited: number;
  /** The ready pack the line came from (priced at the pack's reviewed price), if any */
  giftPackId?: number | null;
  /** Quantity per delivery address, in address order; omitted: everything to the first address */
  perAddress?: number[];
}

export interface SubOrderState {
  status: string;
  declineReason?: string | null;
  confirmedAt?: number | null;
  carrier?: string | null;
  trackingNo?: string | null;
  shippedAt?: number | null;
  receivedAt?: number | null;
  inspectionResult?: string | null;
  rating?: number | null;
  ratingComment?: string | null;
}

export interface NewOrder {
  unionId: number;
  createdById: number;
  occasion: string;
  headcount: number | null;
  status: string;
  paymentStatus: string;
  idempotencyKey: string;
  payloadHash: string;
  note: string;
  createdAt: number;
  /** The festival campaign the order joined (docs/decisions/0160-campaign-window.md) */
  campaignId?: number | null;
  approvedById?: number | null;
  approvedAt?: number | null;
  rejectReason?: string | null;
  paidAt?: number | null;
  cancelledAt?: number | null;
  cancelReason?: string | null;
  addresses: Array<{ label: string; recipient: string; phone: string; address: string }>;
  lines: NewOrderLine[];
  /** The state each supplier's part starts in (default: PENDING) */
  subOrderState?: (supplierId: number) => SubOrderState | Promise<SubOrderState>;
}

export interface InsertedOrder {
  orderId: number;
  code: string;
  totalFen: number;
  certifiedFen: number;
  subOrders: Array<{ subOrderId: number; supplierId: number; amountFen: number; lines: Array<NewOrderLine & { lineId: number }> }>;
}

/** Order numbers read BF<China year of creation>-<id, six digits or more>. */
export function orderCode(orderId: number, createdAt: number): string {
  return `BF${chinaYear(new Date(createdAt))}-${String(orderId).padStart(6, "0")}`;
}

// Each statement is compiled once (prepared) and run with each order's values, one row per statement. Ids: the
// order's comes back through RETURNING; the sub-orders' and lines' are read back by order id (sub-orders by
// supplier, lines in id order, which is the order they were inserted in: ids ascend on both engines). On SQLite a
// statement that returns rows or inserts several opens a statement journal, which cost ~30-100 µs more per
// statement than a one-row insert on the order path ("Order" has triggers, so it pays that already). Addresses
// have no index by order, so theirs come back through RETURNING (one or two a typical order).

type OrderValues = {
  code: string;
  unionId: number;
  createdById: number;
  occasion: string;
  headcount: number | null;
  status: string;
  paymentStatus: string;
  totalFen: number;
  certifiedFen: number;
  idempotencyKey: string;
  payloadHash: string;
  note: string;
  approvedById: number | null;
  approvedAt: Instant | null;
  rejectReason: string | null;
  paidAt: Instant | null;
  cancelledAt: Instant | null;
  cancelReason: string | null;
  createdAt: Instant;
  campaignId: number | null;
};
const orderRow = prepared((p: OrderValues) =>
  q
    .insertInto("Order")
    .values({
      code: p.code,
      unionId: p.unionId,
      createdById: p.createdById,
      occasion: p.occasion,
      headcount: p.headcount,
      status: p.status,
      paymentStatus: p.paymentStatus,
      totalFen: p.totalFen,
      certifiedFen: p.certifiedFen,
      idempotencyKey: p.idempotencyKey,
      payloadHash: p.payloadHash,
      note: p.note,
      approvedById: p.approvedById,
      approvedAt: p.approvedAt,
      rejectReason: p.rejectReason,
      paidAt: p.paidAt,
      cancelledAt: p.cancelledAt,
      cancelReason: p.cancelReason,
      createdAt: p.createdAt,
      campaignId: p.campaignId,
    })
    .returning("id"),
);

const orderCodeSet = prepared((p: { code: string; orderId: number }) => q.updateTable("Order").set({ code: p.code }).where("id", "=", p.orderId));

const addressRow = prepared((p: { orderId: number; label: string; recipient: string; phone: string; address: string }) =>
  q.insertInto("OrderAddress").values({ orderId: p.orderId, label: p.label, recipient: p.recipient, phone: p.phone, address: p.address }).returning("id"),
);

type SubOrderValues = {
  orderId: number;
  supplierId: number;
  status: string;
  amountFen: number;
  declineReason: string | null;
  confirmedAt: Instant | null;
  carrier: string | null;
  trackingNo: string | null;
  shippedAt: Instant | null;
  receivedAt: Instant | null;
  inspectionResult: string | null;
  rating: number | null;
  ratingComment: string | null;
};
const subOrderRow = prepared((p: SubOrderValues) =>
  q.insertInto("SubOrder").values({
    orderId: p.orderId,
    supplierId: p.supplierId,
    status: p.status,
    amountFen: p.amountFen,
    declineReason: p.declineReason,
    confirmedAt: p.confirmedAt,
    carrier: p.carrier,
    trackingNo: p.trackingNo,
    shippedAt: p.shippedAt,
    receivedAt: p.receivedAt,
    inspectionResult: p.inspectionResult,
    rating: p.rating,
    ratingComment: p.ratingComment,
  }),
);
// The rows just inserted are read back by orderId (indexed: SubOrder_orderId_supplierId_key, OrderLine_orderId_idx;
// the data generator keeps both while it loads).
const subOrderIdsOf = prepared((p: { orderId: number }) => q.selectFrom("SubOrder").select(["id", "supplierId"]).where("orderId", "=", p.orderId));

type LineValues = {
  orderId: number;
  subOrderId: number;
  productId: number;
  productCode: string;
  productTitle: string;
  unit: string;
  category: string;
  unitPriceFen: number;
  quantity: number;
  amountFen: number;
  certifiedOnOrderDate: number;
  certificateNumber: string | null;
  supplierId: number;
  supplierTradeRole: string;
  originCounty: string;
  originVillageId: number | null;
  originVillageName: string | null;
  householdsBenefited: number;
  giftPackId: number | null;
};
const lineRow = prepared((p: LineValues) =>
  q.insertInto("OrderLine").values({
    orderId: p.orderId,
    subOrderId: p.subOrderId,
    productId: p.productId,
    productCode: p.productCode,
    productTitle: p.productTitle,
    unit: p.unit,
    category: p.category,
    unitPriceFen: p.unitPriceFen,
    quantity: p.quantity,
    amountFen: p.amountFen,
    certifiedOnOrderDate: p.certifiedOnOrderDate,
    certificateNumber: p.certificateNumber,
    supplierId: p.supplierId,
    supplierTradeRole: p.supplierTradeRole,
    originCounty: p.originCounty,
    originVillageId: p.originVillageId,
    originVillageName: p.originVillageName,
    householdsBenefited: p.householdsBenefited,
    giftPackId: p.giftPackId,
  }),
);
const lineIdsOf = prepared((p: { orderId: number }) => q.selectFrom("OrderLine").select("id").where("orderId", "=", p.orderId).orderBy("id"));

const allocationRow = prepared((p: { lineId: number; addressId: number; quantity: number }) =>
  q.insertInto("OrderLineAllocation").values({ lineId: p.lineId, addressId: p.addressId, quantity: p.quantity }),
);

function missing(what: string): never {
  throw new Error(`an order's ${what} was not written`);
}

const instantOrNull = (ms: number | null | undefined) => (ms == null ? null : instant(ms));

/** Writes a whole order inside the caller's transaction. */
export async function insertOrder(c: Connection, order: NewOrder): Promise<InsertedOrder> {
  const totalFen = order.lines.reduce((sum, l) => sum + l.amountFen, 0);
  const certifiedFen = order.lines.reduce((sum, l) => sum + (l.certifiedOnOrderDate ? l.amountFen : 0), 0);
  const orderId = (
    await one(
      c,
      orderRow({
        code: `NEW-${order.idempotencyKey}`,
        unionId: order.unionId,
        createdById: order.createdById,
        occasion: order.occasion,
        headcount: order.headcount,
        status: order.status,
        paymentStatus: order.paymentStatus,
        totalFen,
        certifiedFen,
        idempotencyKey: order.idempotencyKey,
        payloadHash: order.payloadHash,
        note: order.note,
        approvedById: order.approvedById ?? null,
        approvedAt: instantOrNull(order.approvedAt),
        rejectReason: order.rejectReason ?? null,
        paidAt: instantOrNull(order.paidAt),
        cancelledAt: instantOrNull(order.cancelledAt),
        cancelReason: order.cancelReason ?? null,
        createdAt: instant(order.createdAt),
        campaignId: order.campaignId ?? null,
      }),
    )
  ).id;
  const code = orderCode(orderId, order.createdAt);
  await run(c, orderCodeSet({ code, orderId }));
  const addressIds: number[] = [];
  for (const a of order.addresses)
    addressIds.push((await one(c, addressRow({ orderId, label: a.label, recipient: a.recipient, phone: a.phone, address: a.address }))).id);
  // One sub-order per supplier, in the order suppliers first appear among the lines.
  const parts = [...new Set(order.lines.map((l) => l.supplierId))].map((supplierId) => {
    const own = order.lines.filter((l) => l.supplierId === supplierId);
    return { supplierId, own, amountFen: own.reduce((sum, l) => sum + l.amountFen, 0) };
  });
  for (const { supplierId, amountFen } of parts) {
    const st = (await order.subOrderState?.(supplierId)) ?? { status: "PENDING" };
    await run(
      c,
      subOrderRow({
        orderId,
        supplierId,
        status: st.status,
        amountFen,
        declineReason: st.declineReason ?? null,
        confirmedAt: instantOrNull(st.confirmedAt),
        carrier: st.carrier ?? null,
        trackingNo: st.trackingNo ?? null,
        shippedAt: instantOrNull(st.shippedAt),
        receivedAt: instantOrNull(st.receivedAt),
        inspectionResult: st.inspectionResult ?? null,
        rating: st.rating ?? null,
        ratingComment: st.ratingComment ?? null,
      }),
    );
  }
  const subOrderIdBySupplier = new Map((await all(c, subOrderIdsOf({ orderId }))).map((s) => [s.supplierId, s.id]));
  // The lines sub-order by sub-order, so their ids follow the sub-orders' order.
  for (const { supplierId, own } of parts) {
    const subOrderId = subOrderIdBySupplier.get(supplierId) ?? missing("sub-order");
    for (const l of own)
      await run(
        c,
        lineRow({
          orderId,
          subOrderId,
          productId: l.productId,
          productCode: l.productCode,
          productTitle: l.productTitle,
          unit: l.unit,
          category: l.category,
          unitPriceFen: l.unitPriceFen,
          quantity: l.quantity,
          amountFen: l.amountFen,
          certifiedOnOrderDate: l.certifiedOnOrderDate ? 1 : 0,
          certificateNumber: l.certificateNumber,
          supplierId: l.supplierId,
          supplierTradeRole: l.supplierTradeRole,
          originCounty: l.originCounty,
          originVillageId: l.originVillageId,
          originVillageName: l.originVillageName,
          householdsBenefited: l.householdsBenefited,
          giftPackId: l.giftPackId ?? null,
        }),
      );
  }
  const lineIds = (await all(c, lineIdsOf({ orderId }))).map((l) => l.id);
  if (lineIds.length !== order.lines.length) missing("line");
  let next = 0;
  const subOrders: InsertedOrder["subOrders"] = [];
  for (const { supplierId, own, amountFen } of parts) {
    const lines: InsertedOrder["subOrders"][number]["lines"] = [];
    for (const l of own) {
      const lineId = lineIds[next++];
      const perAddress = l.perAddress ?? [l.quantity];
      for (let i = 0; i < perAddress.length; i++)
        if (perAddress[i] > 0 && addressIds[i] != null) await run(c, allocationRow({ lineId, addressId: addressIds[i], quantity: perAddress[i] }));
      lines.push({ ...l, lineId });
    }
    subOrders.push({ subOrderId: subOrderIdBySupplier.get(supplierId) ?? missing("sub-order"), supplierId, amountFen, lines });
  }
  return { orderId, code, totalFen, certifiedFen, subOrders };
}
