import { auth } from "../zh-CN/auth";
import type { Area } from "../areas";

export const authArea: Area<"auth"> = { name: "auth", zh: auth };
