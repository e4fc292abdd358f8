import type { orders as zh } from "../zh-CN/orders";

export const orders: typeof zh = {};
