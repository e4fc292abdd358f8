import { reminders } from "../zh-CN/reminders";
import type { Area } from "../areas";

export const remindersArea: Area<"reminders"> = { name: "reminders", zh: reminders };
