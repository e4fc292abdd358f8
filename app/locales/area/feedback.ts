import { feedback } from "../zh-CN/feedback";
import type { Area } from "../areas";

export const feedbackArea: Area<"feedback"> = { name: "feedback", zh: feedback };
