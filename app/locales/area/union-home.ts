import { unionHome } from "../zh-CN/union-home";
import type { Area } from "../areas";

export const unionHomeArea: Area<"unionHome"> = { name: "unionHome", zh: unionHome };
