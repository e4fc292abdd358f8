import type { catalog as zh } from "../zh-CN/catalog";

export const catalog: typeof zh = {};
