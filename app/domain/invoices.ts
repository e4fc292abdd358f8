// Invoices (发票): each supplier invoices its own part of an order. Pure rules.

/** Parts that will not be delivered need no invoice. */
const NO_INVOICE = new Set(["CANCELLED", "DECLINED"]);

/** The union may ask for an invoice once the order is placed (approved), for a part that is going ahead. */
export function mayRequestInvoice(order: { status: string }, subOrder: { status: string }, existing: unknown): boolean {
  return (order.status === "PLACED" || order.status === "COMPLETED") && !NO_INVOICE.has(subOrder.status) && existing == null;
}

/** An order is closed for the union once it is completed and every delivered part's invoice has been issued. */
export function isClosedForUnion(order: { status: string }, subOrders: ReadonlyArray<{ status: string; invoiceStatus: string | null }>): boolean {
  return order.status === "COMPLETED" && subOrders.every((s) => NO_INVOICE.has(s.status) || s.invoiceStatus === "ISSUED");
}

/** 统一社会信用代码 (18 characters) or an older 15–20 character taxpayer number. */
export const TAX_NUMBER = /^[0-9A-Z]{15,20}$/;
