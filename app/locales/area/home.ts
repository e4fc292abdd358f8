import { home } from "../zh-CN/home";
import type { Area } from "../areas";

export const homeArea: Area<"home"> = { name: "home", zh: home };
