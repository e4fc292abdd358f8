// Message areas: each page ships the zh-CN messages of the areas it uses, not all of them. A component asks for
// them by handle, `const t = useT(catalogArea, ordersArea)`, and the handle's module brings the area's zh-CN
// messages into that page's chunk; TypeScript refuses `t.orders` when the handle was not passed.
import type { zhCN } from "./zh-CN";
import type { common } from "./zh-CN/common";

/** Every area's zh-CN messages by name: the whole catalogue less the core every page carries. */
export type AreaMessages = Omit<typeof zhCN, keyof typeof common>;
export type AreaName = keyof AreaMessages;

/** A handle on one area: its name and its zh-CN messages (English comes with the English chunk). */
export interface Area<N extends AreaName = AreaName> {
  name: N;
  zh: AreaMessages[N];
}
