import type { reports as zh } from "../zh-CN/reports";

export const reports: typeof zh = {};
