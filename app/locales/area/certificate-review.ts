import { certificateReview } from "../zh-CN/certificate-review";
import type { Area } from "../areas";

export const certificateReviewArea: Area<"certificateReview"> = { name: "certificateReview", zh: certificateReview };
