import { workspace } from "../zh-CN/workspace";
import type { Area } from "../areas";

export const workspaceArea: Area<"workspace"> = { name: "workspace", zh: workspace };
