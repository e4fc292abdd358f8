import type { supplierHome as zh } from "../zh-CN/supplier-home";

export const supplierHome: typeof zh = {
  title: "Supplier workspace",
  activeProducts: "Active listings",
  pendingSubOrders: "Orders to confirm",
  toShip: "To ship",
  kind: "Kind",
  tradeRole: "Trade role",
};
