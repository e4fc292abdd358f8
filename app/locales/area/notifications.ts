import { notifications } from "../zh-CN/notifications";
import type { Area } from "../areas";

export const notificationsArea: Area<"notifications"> = { name: "notifications", zh: notifications };
