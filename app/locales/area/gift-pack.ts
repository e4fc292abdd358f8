import { giftPack } from "../zh-CN/gift-pack";
import type { Area } from "../areas";

export const giftPackArea: Area<"giftPack"> = { name: "giftPack", zh: giftPack };
