import { payments } from "../zh-CN/payments";
import type { Area } from "../areas";

export const paymentsArea: Area<"payments"> = { name: "payments", zh: payments };
