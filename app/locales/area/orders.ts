import { orders } from "../zh-CN/orders";
import type { Area } from "../areas";

export const ordersArea: Area<"orders"> = { name: "orders", zh: orders };
