// The one way an order is written: the order row, its delivery addresses, one sub-order per supplier and the
// order lines with their snapshot (title, unit, price, certification and origin as they were at order time), with
// the quantity for each address. Order submission, the seed, the data generator and the test fixtures all call it,
// so a new column or rule is added here once. Sums are computed here from the lines, never passed in.
import type Database from "better-sqlite3";
import { chinaYear } from "~/domain/china-time";

type Connection = Database.Database;

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
  subOrderState?: (supplierId: number) => SubOrderState;
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

const statementsByConnection = new WeakMap<Connection, ReturnType<typeof prepare>>();

function prepare(c: Connection) {
  return {
    order: c.prepare(
      `INSERT INTO "Order" ("code","unionId","createdById","occasion","headcount","status","paymentStatus","totalFen","certifiedFen","idempotencyKey","payloadHash","note",
                            "approvedById","approvedAt","rejectReason","paidAt","cancelledAt","cancelReason","createdAt","campaignId")
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    code: c.prepare(`UPDATE "Order" SET "code" = ? WHERE "id" = ?`),
    address: c.prepare(`INSERT INTO "OrderAddress" ("orderId","label","recipient","phone","address") VALUES (?,?,?,?,?)`),
    subOrder: c.prepare(
      `INSERT INTO "SubOrder" ("orderId","supplierId","status","amountFen","declineReason","confirmedAt","carrier","trackingNo","shippedAt","receivedAt","inspectionResult","rating","ratingComment")
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    line: c.prepare(
      `INSERT INTO "OrderLine" ("orderId","subOrderId","productId","productCode","productTitle","unit","category","unitPriceFen","quantity","amountFen","certifiedOnOrderDate",
                                "certificateNumber","supplierId","supplierTradeRole","originCounty","originVillageId","originVillageName","householdsBenefited","giftPackId")
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    allocation: c.prepare(`INSERT INTO "OrderLineAllocation" ("lineId","addressId","quantity") VALUES (?,?,?)`),
  };
}

/** Writes a whole order inside the caller's transaction. */
export function insertOrder(c: Connection, order: NewOrder): InsertedOrder {
  let s = statementsByConnection.get(c);
  if (!s) statementsByConnection.set(c, (s = prepare(c)));
  const totalFen = order.lines.reduce((sum, l) => sum + l.amountFen, 0);
  const certifiedFen = order.lines.reduce((sum, l) => sum + (l.certifiedOnOrderDate ? l.amountFen : 0), 0);
  const orderId = Number(
    s.order.run(
      `NEW-${order.idempotencyKey}`,
      order.unionId,
      order.createdById,
      order.occasion,
      order.headcount,
      order.status,
      order.paymentStatus,
      totalFen,
      certifiedFen,
      order.idempotencyKey,
      order.payloadHash,
      order.note,
      order.approvedById ?? null,
      order.approvedAt ?? null,
      order.rejectReason ?? null,
      order.paidAt ?? null,
      order.cancelledAt ?? null,
      order.cancelReason ?? null,
      order.createdAt,
      order.campaignId ?? null,
    ).lastInsertRowid,
  );
  const code = orderCode(orderId, order.createdAt);
  s.code.run(code, orderId);
  const addressIds = order.addresses.map((a) => Number(s.address.run(orderId, a.label, a.recipient, a.phone, a.address).lastInsertRowid));
  const subOrders: InsertedOrder["subOrders"] = [];
  // One sub-order per supplier, in the order suppliers first appear among the lines.
  for (const supplierId of [...new Set(order.lines.map((l) => l.supplierId))]) {
    const own = order.lines.filter((l) => l.supplierId === supplierId);
    const amountFen = own.reduce((sum, l) => sum + l.amountFen, 0);
    const st = order.subOrderState?.(supplierId) ?? { status: "PENDING" };
    const subOrderId = Number(
      s.subOrder.run(
        orderId,
        supplierId,
        st.status,
        amountFen,
        st.declineReason ?? null,
        st.confirmedAt ?? null,
        st.carrier ?? null,
        st.trackingNo ?? null,
        st.shippedAt ?? null,
        st.receivedAt ?? null,
        st.inspectionResult ?? null,
        st.rating ?? null,
        st.ratingComment ?? null,
      ).lastInsertRowid,
    );
    const lines = own.map((l) => {
      const lineId = Number(
        s.line.run(
          orderId,
          subOrderId,
          l.productId,
          l.productCode,
          l.productTitle,
          l.unit,
          l.category,
          l.unitPriceFen,
          l.quantity,
          l.amountFen,
          l.certifiedOnOrderDate ? 1 : 0,
          l.certificateNumber,
          l.supplierId,
          l.supplierTradeRole,
          l.originCounty,
          l.originVillageId,
          l.originVillageName,
          l.householdsBenefited,
          l.giftPackId ?? null,
        ).lastInsertRowid,
      );
      const perAddress = l.perAddress ?? [l.quantity];
      perAddress.forEach((quantity, i) => {
        if (quantity > 0 && addressIds[i] != null) s.allocation.run(lineId, addressIds[i], quantity);
      });
      return { ...l, lineId };
    });
    subOrders.push({ subOrderId, supplierId, amountFen, lines });
  }
  return { orderId, code, totalFen, certifiedFen, subOrders };
}
