import type { payments as zh } from "../zh-CN/payments";

export const payments: typeof zh = {};
