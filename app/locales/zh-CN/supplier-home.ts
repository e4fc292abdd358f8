export const supplierHome = {
  title: "供应商工作台",
  activeProducts: "在售商品",
  pendingSubOrders: "待确认订单",
  toShip: "待发货",
  kind: "类型",
  tradeRole: "经营方式",
};
